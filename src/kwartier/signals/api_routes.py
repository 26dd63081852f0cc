"""The signals app's part of the API (`/api/v1/`), added to the router by kwartier.urls."""

# Routes outside the router (`path(...)`), in the "api" namespace.
paths: list = []


def register(router) -> None:
    """Register the app's viewsets on the shared router."""
    from .api import SignalViewSet

    router.register("signals", SignalViewSet, basename="signal")
