"""The privacy app's part of the API (`/api/v1/`), added to the router by kwartier.urls."""

from django.urls import path

from .api import AccessLogList, ConsentViewSet, PersonErase, PersonExport

paths: list = [
    path("access-log", AccessLogList.as_view(), name="access-log"),
    path("persons/<str:public_id>/export", PersonExport.as_view(), name="person-export"),
    path("persons/<str:public_id>/erase", PersonErase.as_view(), name="person-erase"),
]


def register(router) -> None:
    router.register("consents", ConsentViewSet, basename="consent")
