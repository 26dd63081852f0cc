"""The network app's part of the API (`/api/v1/`): a resident's ecogram."""

from django.urls import path

from .api import EcogramSvg, NetworkIndicators, TieDetail, TieList

paths: list = [
    path("persons/<str:public_id>/ties", TieList.as_view(), name="person-ties"),
    path("persons/<str:public_id>/ties/<int:pk>", TieDetail.as_view(), name="person-tie-detail"),
    path("persons/<str:public_id>/ecogram.svg", EcogramSvg.as_view(), name="person-ecogram"),
    path(
        "persons/<str:public_id>/network-indicators",
        NetworkIndicators.as_view(),
        name="person-network",
    ),
]


def register(router) -> None:
    """The ecogram has no viewsets: its routes hang under a resident."""
