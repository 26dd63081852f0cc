from django.urls import path

from . import views

urlpatterns = [
    path("ondersteuning/", views.Overview.as_view(), name="support-overview"),
    path("hulpvragen/", views.HelpRequestList.as_view(), name="helprequest-list"),
    path("hulpvragen/nieuw/", views.HelpRequestCreate.as_view(), name="helprequest-create"),
    path("hulpvragen/<int:pk>/", views.HelpRequestDetail.as_view(), name="helprequest-detail"),
    path(
        "hulpvragen/<int:pk>/wijzigen/",
        views.HelpRequestUpdate.as_view(),
        name="helprequest-update",
    ),
    path(
        "hulpvragen/<int:pk>/status/", views.HelpRequestStatus.as_view(), name="helprequest-status"
    ),
    path("aanbod/", views.HelperList.as_view(), name="helper-list"),
    path("aanbod/nieuw/", views.HelperCreate.as_view(), name="helper-create"),
    path("aanbod/belasting/", views.HelperLoad.as_view(), name="helper-load"),
    path("aanbod/<int:pk>/", views.HelperDetail.as_view(), name="helper-detail"),
    path("aanbod/<int:pk>/wijzigen/", views.HelperUpdate.as_view(), name="helper-update"),
    path("koppelrondes/", views.MatchRunList.as_view(), name="matchrun-list"),
    path("koppelrondes/<int:pk>/", views.MatchRunDetail.as_view(), name="matchrun-detail"),
    path(
        "voorstellen/<int:pk>/accepteren/",
        views.ProposalAccept.as_view(),
        name="proposal-accept",
    ),
    path("voorstellen/<int:pk>/afwijzen/", views.ProposalReject.as_view(), name="proposal-reject"),
    path("koppelingen/", views.MatchList.as_view(), name="match-list"),
    path("koppelingen/<int:pk>/", views.MatchDetail.as_view(), name="match-detail"),
    path(
        "koppelingen/<int:pk>/kennismaking/",
        views.MatchIntroduction.as_view(),
        name="match-introduction",
    ),
    path("koppelingen/<int:pk>/opvolging/", views.MatchFollowUp.as_view(), name="match-followup"),
    path("koppelingen/<int:pk>/beeindigen/", views.MatchEnd.as_view(), name="match-end"),
    path("mijn-koppelingen/", views.VolunteerMatchList.as_view(), name="volunteer-match-list"),
    path(
        "mijn-koppelingen/<int:pk>/",
        views.VolunteerMatchDetail.as_view(),
        name="volunteer-match-detail",
    ),
    path("multiplier/", views.MultiplierView.as_view(), name="multiplier"),
    path("multiplier/inzet/", views.CapacityList.as_view(), name="capacity-list"),
    path(
        "multiplier/inzet/<int:pk>/wijzigen/",
        views.CapacityUpdate.as_view(),
        name="capacity-update",
    ),
    path(
        "multiplier/inzet/<int:pk>/verwijderen/",
        views.CapacityDelete.as_view(),
        name="capacity-delete",
    ),
]
