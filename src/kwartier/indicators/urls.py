"""Web pages of the wijkmonitor at /wijkmonitor/."""

from django.urls import path

from . import monitor_views

app_name = "indicators"

urlpatterns: list = [
    path("wijkmonitor/", monitor_views.StartPage.as_view(), name="start"),
    path("wijkmonitor/gebied/<str:code>/", monitor_views.ProfilePage.as_view(), name="profile"),
    path(
        "wijkmonitor/vergelijk/<slug:indicator>/",
        monitor_views.ComparePage.as_view(),
        name="compare",
    ),
]
