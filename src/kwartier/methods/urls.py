"""Web pages of the methods app."""

from django.urls import path

from . import views

urlpatterns = [
    path("methoden/", views.MethodList.as_view(), name="method-list"),
    path("methoden/toevoegen/", views.MethodUpload.as_view(), name="method-upload"),
    path("methoden/<int:pk>/", views.MethodDetail.as_view(), name="method-detail"),
    path("trajecten/", views.TrajectoryList.as_view(), name="trajectory-list"),
    path("trajecten/nieuw/", views.TrajectoryCreate.as_view(), name="trajectory-create"),
    path("trajecten/<int:pk>/", views.TrajectoryDetail.as_view(), name="trajectory-detail"),
    path(
        "trajecten/<int:pk>/checklist/",
        views.TrajectoryChecklist.as_view(),
        name="trajectory-checklist",
    ),
    path(
        "trajecten/<int:pk>/volgende-actie/",
        views.TrajectoryNextAction.as_view(),
        name="trajectory-next-action",
    ),
    path(
        "trajecten/<int:pk>/verder/", views.TrajectoryAdvance.as_view(), name="trajectory-advance"
    ),
    path("trajecten/<int:pk>/terug/", views.TrajectoryBack.as_view(), name="trajectory-back"),
    path("trajecten/<int:pk>/beeindigen/", views.TrajectoryEnd.as_view(), name="trajectory-end"),
    path("trajecten/<int:pk>/gegevens/", views.TrajectoryData.as_view(), name="trajectory-data"),
    path("trajecten/<int:pk>/intervisie/", views.TrajectoryNote.as_view(), name="trajectory-note"),
    path("trechters/", views.FunnelView.as_view(), name="funnel"),
    path("trechters/csv/", views.FunnelCsv.as_view(), name="funnel-csv"),
]
