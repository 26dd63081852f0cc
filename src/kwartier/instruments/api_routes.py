"""The instruments app's part of the API (`/api/v1/`), added to the router by kwartier.urls."""

from django.urls import path

from .settings_api import InstrumentSettingsView

# Routes outside the router (`path(...)`), in the "api" namespace.
paths: list = [
    path("instrument-settings", InstrumentSettingsView.as_view(), name="instrument-settings"),
]


def register(router) -> None:
    """Register the app's viewsets on the shared router."""
    from .api import InstrumentViewSet, MeasurementViewSet

    router.register("instruments", InstrumentViewSet, basename="instrument")
    router.register("measurements", MeasurementViewSet, basename="measurement")
