"""The budgets app's part of the API (`/api/v1/`), added to the router by kwartier.urls."""

# Routes outside the router (`path(...)`), in the "api" namespace.
paths: list = []


def register(router) -> None:
    """Register the app's viewsets on the shared router."""
    from . import api

    router.register("budget-rounds", api.BudgetRoundViewSet, basename="budget-round")
    router.register("budget-initiatives", api.InitiativeViewSet, basename="budget-initiative")
    router.register(
        "budget-execution-updates", api.ExecutionUpdateViewSet, basename="budget-execution-update"
    )
    router.register("budget-effects", api.EffectViewSet, basename="budget-effect")
