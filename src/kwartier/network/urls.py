from django.urls import path

from . import views

urlpatterns = [
    path("bewoners/<str:public_id>/netwerk/", views.EcogramPage.as_view(), name="network-ecogram"),
    path(
        "bewoners/<str:public_id>/netwerk/afdrukken/",
        views.EcogramPrint.as_view(),
        name="network-print",
    ),
    path(
        "bewoners/<str:public_id>/netwerk/ecogram.svg",
        views.EcogramSvg.as_view(),
        name="network-svg",
    ),
    path(
        "bewoners/<str:public_id>/netwerk/<int:pk>/wijzigen/",
        views.TieUpdate.as_view(),
        name="network-tie-update",
    ),
    path(
        "bewoners/<str:public_id>/netwerk/<int:pk>/verwijderen/",
        views.TieDelete.as_view(),
        name="network-tie-delete",
    ),
]
