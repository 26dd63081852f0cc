"""The core app's part of the API (`/api/v1/`), added to the router by kwartier.urls."""

from .api import ActivityViewSet, AreaViewSet, HouseholdViewSet, OrganisationViewSet, PersonViewSet

paths: list = []


def register(router) -> None:
    router.register("areas", AreaViewSet, basename="area")
    router.register("persons", PersonViewSet, basename="person")
    router.register("households", HouseholdViewSet, basename="household")
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("activities", ActivityViewSet, basename="activity")
