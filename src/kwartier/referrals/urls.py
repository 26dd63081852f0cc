"""Web pages of the referrals app."""

from django.urls import path

from . import views

urlpatterns = [
    path("verwijzingen/", views.ReferralList.as_view(), name="referral-list"),
    path("verwijzingen/nieuw/", views.ReferralCreate.as_view(), name="referral-create"),
    path("verwijzingen/overzicht/", views.ReferralOverview.as_view(), name="referral-overview"),
    path(
        "verwijzingen/overzicht/csv/",
        views.ReferralOverview.as_view(as_csv=True),
        name="referral-overview-csv",
    ),
    path("verwijzingen/<int:pk>/", views.ReferralDetail.as_view(), name="referral-detail"),
    path(
        "verwijzingen/<int:pk>/accepteren/",
        views.ReferralAccept.as_view(),
        name="referral-accept",
    ),
    path(
        "verwijzingen/<int:pk>/afwijzen/", views.ReferralDecline.as_view(), name="referral-decline"
    ),
    path("verwijzingen/<int:pk>/wissen/", views.ReferralErase.as_view(), name="referral-erase"),
]
