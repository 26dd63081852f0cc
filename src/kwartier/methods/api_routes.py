"""The methods app's part of the API (`/api/v1/`), added to the router by kwartier.urls."""

from django.urls import path

from .api import FunnelView, MethodViewSet, TrajectoryViewSet

# Routes outside the router (`path(...)`), in the "api" namespace.
paths: list = [path("funnels", FunnelView.as_view(), name="funnel")]


def register(router) -> None:
    """Register the app's viewsets on the shared router."""
    router.register("methods", MethodViewSet, basename="method")
    router.register("trajectories", TrajectoryViewSet, basename="trajectory")
