"""The voting app's part of the API (`/api/v1/`), added to the router by kwartier.urls."""

from django.urls import path

from . import api

# Routes outside the router (`path(...)`), in the "api" namespace.
paths: list = [
    path("votes", api.VoteCreate.as_view(), name="vote-create"),
    path("receipts/<str:receipt>", api.ReceiptCheck.as_view(), name="receipt-check"),
    path("vote-codes", api.VoteCodes.as_view(), name="vote-codes"),
    path("turnout/<int:pk>", api.Turnout.as_view(), name="turnout"),
]


def register(router) -> None:
    """Register the app's viewsets on the shared router."""
    router.register("voters", api.VoterViewSet, basename="voter")
    router.register("paper-entries", api.PaperEntryViewSet, basename="paper-entry")
    router.register("paper-ballots", api.PaperBallotViewSet, basename="paper-ballot")
