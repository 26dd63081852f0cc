"""Web pages of the voting app: the resident portal's voting under /buurt/ and the workers' pages at
/stemmen/."""

from django.urls import path

from . import portal, views

app_name = "voting"

urlpatterns = [
    # Resident portal, no login
    path("buurt/uitslag/<int:round>/", portal.Results.as_view(), name="portal-results"),
    path("buurt/stemmen/", portal.Index.as_view(), name="portal-index"),
    path("buurt/stemmen/<int:round>/", portal.Start.as_view(), name="portal-start"),
    path(
        "buurt/stemmen/<int:round>/stembiljet/", portal.BallotStep.as_view(), name="portal-ballot"
    ),
    path("buurt/stemmen/<int:round>/bevestigen/", portal.Confirm.as_view(), name="portal-confirm"),
    path("buurt/stemmen/<int:round>/bedankt/", portal.Thanks.as_view(), name="portal-thanks"),
    path("buurt/stemmen/<int:round>/controleren/", portal.Check.as_view(), name="portal-check"),
    # Workers
    path("stemmen/", views.RoundList.as_view(), name="rounds"),
    path("stemmen/<int:round>/", views.RoundOverview.as_view(), name="round"),
    path("stemmen/<int:round>/stemcodes/", views.Codes.as_view(), name="codes"),
    path("stemmen/<int:round>/kiezers/", views.Register.as_view(), name="register"),
    path(
        "stemmen/<int:round>/kiezers/<int:voter>/nieuwe-code/",
        views.NewCode.as_view(),
        name="new-code",
    ),
    path(
        "stemmen/<int:round>/kiezers/<int:voter>/gestemd/",
        views.MarkVoted.as_view(),
        name="mark-voted",
    ),
    path("stemmen/<int:round>/stembureau/", views.PollingStation.as_view(), name="polling"),
    path("stemmen/<int:round>/papier/", views.PaperEntryView.as_view(), name="paper"),
    path("stemmen/<int:round>/verschillen/", views.Differences.as_view(), name="differences"),
    path(
        "stemmen/<int:round>/verschillen/<int:paper>/",
        views.Resolve.as_view(),
        name="resolve",
    ),
]
