"""Web pages of the instruments app."""

from django.urls import path

from . import settings_views, views

urlpatterns = [
    path("meetinstrumenten/", views.InstrumentList.as_view(), name="instrument-list"),
    path(
        "instrumenten/instellingen/",
        settings_views.SettingsPage.as_view(),
        name="instrument-settings",
    ),
    path(
        "instrumenten/instellingen/herberekenen/",
        settings_views.SettingsRecompute.as_view(),
        name="instrument-settings-recompute",
    ),
    path(
        "bewoners/<str:public_id>/metingen/",
        views.MeasurementsPage.as_view(),
        name="measurement-list",
    ),
    path(
        "bewoners/<str:public_id>/metingen/nieuw/<str:code>/",
        views.MeasurementCreate.as_view(),
        name="measurement-create",
    ),
    path(
        "bewoners/<str:public_id>/metingen/<int:pk>/",
        views.MeasurementDetail.as_view(),
        name="measurement-detail",
    ),
    path(
        "bewoners/<str:public_id>/metingen/<int:pk>/herberekenen/",
        views.MeasurementRescore.as_view(),
        name="measurement-rescore",
    ),
]
