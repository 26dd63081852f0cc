"""The wijkmonitor's part of the API (`/api/v1/`), added to the router by kwartier.urls."""

from django.urls import path

from .api import ClaimCheckView

# Routes outside the router (`path(...)`), in the "api" namespace.
paths: list = [
    path("indicators/claims/check", ClaimCheckView.as_view(), name="indicators-claims-check"),
]


def register(router) -> None:
    """Register the app's viewsets on the shared router."""
