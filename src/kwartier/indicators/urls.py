"""Web pages of the wijkmonitor at /wijkmonitor/."""

from django.urls import path

from . import import_views, monitor_views, views_factcheck

app_name = "indicators"

urlpatterns: list = [
    path("wijkmonitor/", monitor_views.StartPage.as_view(), name="start"),
    path("wijkmonitor/gebied/<str:code>/", monitor_views.ProfilePage.as_view(), name="profile"),
    path(
        "wijkmonitor/vergelijk/<slug:indicator>/",
        monitor_views.ComparePage.as_view(),
        name="compare",
    ),
    path("wijkmonitor/import/", import_views.ImportPage.as_view(), name="import"),
    path(
        "wijkmonitor/import/bevestigen/",
        import_views.ImportConfirm.as_view(),
        name="import-confirm",
    ),
    path("wijkmonitor/import/eigen-cijfers/", import_views.OwnFigures.as_view(), name="own"),
    path(
        "wijkmonitor/feitencheck/", views_factcheck.FactCheckList.as_view(), name="factcheck-list"
    ),
    path(
        "wijkmonitor/feitencheck/nieuw/",
        views_factcheck.FactCheckEdit.as_view(),
        name="factcheck-create",
    ),
    path(
        "wijkmonitor/feitencheck/<int:pk>/",
        views_factcheck.FactCheckResult.as_view(),
        name="factcheck-detail",
    ),
    path(
        "wijkmonitor/feitencheck/<int:pk>/bewerken/",
        views_factcheck.FactCheckEdit.as_view(),
        name="factcheck-edit",
    ),
    path(
        "wijkmonitor/feitencheck/<int:pk>/pdf/",
        views_factcheck.FactCheckResult.as_view(pdf=True),
        name="factcheck-pdf",
    ),
    path(
        "wijkmonitor/feitencheck/<int:pk>/delen/",
        views_factcheck.FactCheckShare.as_view(),
        name="factcheck-share",
    ),
]
