"""The support app's part of the API (`/api/v1/`), added to the router by kwartier.urls."""

from django.urls import path

from . import api

paths: list = [path("multiplier", api.MultiplierView.as_view(), name="multiplier")]


def register(router) -> None:
    router.register("help-requests", api.HelpRequestViewSet, basename="helprequest")
    router.register("helpers", api.HelperViewSet, basename="helper")
    router.register("support-categories", api.SupportCategoryViewSet, basename="supportcategory")
    router.register("match-runs", api.MatchRunViewSet, basename="matchrun")
    router.register("proposals", api.ProposalViewSet, basename="proposal")
    router.register("matches", api.MatchViewSet, basename="match")
    router.register("professional-capacity", api.CapacityViewSet, basename="capacity")
