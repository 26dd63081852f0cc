"""The wijkmonitor's part of the API (`/api/v1/`), added to the router by kwartier.urls."""

from django.urls import path

from .api import ClaimCheckView
from .imports_api import ImportRunList

# Routes outside the router (`path(...)`), in the "api" namespace.
paths: list = [
    path("indicators/claims/check", ClaimCheckView.as_view(), name="indicators-claims-check"),
    path("indicators/imports", ImportRunList.as_view(), name="indicators-imports"),
]


def register(router) -> None:
    """Register the app's viewsets on the shared router."""
