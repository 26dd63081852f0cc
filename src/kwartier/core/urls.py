from django.urls import path

from . import health, portal, views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("bewoners/", views.PersonList.as_view(), name="person-list"),
    path("bewoners/nieuw/", views.PersonCreate.as_view(), name="person-create"),
    path("bewoners/<str:public_id>/", views.PersonDetail.as_view(), name="person-detail"),
    path("bewoners/<str:public_id>/wijzigen/", views.PersonUpdate.as_view(), name="person-update"),
    path("huishoudens/", views.HouseholdList.as_view(), name="household-list"),
    path("huishoudens/nieuw/", views.HouseholdCreate.as_view(), name="household-create"),
    path("huishoudens/<int:pk>/", views.HouseholdDetail.as_view(), name="household-detail"),
    path(
        "huishoudens/<int:pk>/wijzigen/", views.HouseholdUpdate.as_view(), name="household-update"
    ),
    path("organisaties/", views.OrganisationList.as_view(), name="organisation-list"),
    path("organisaties/nieuw/", views.OrganisationCreate.as_view(), name="organisation-create"),
    path("organisaties/<int:pk>/", views.OrganisationDetail.as_view(), name="organisation-detail"),
    path(
        "organisaties/<int:pk>/wijzigen/",
        views.OrganisationUpdate.as_view(),
        name="organisation-update",
    ),
    path("sociale-kaart/", views.ActivityList.as_view(), name="activity-list"),
    path("sociale-kaart/nieuw/", views.ActivityCreate.as_view(), name="activity-create"),
    path("sociale-kaart/<int:pk>/", views.ActivityDetail.as_view(), name="activity-detail"),
    path(
        "sociale-kaart/<int:pk>/wijzigen/", views.ActivityUpdate.as_view(), name="activity-update"
    ),
    path("gebieden/", views.AreaList.as_view(), name="area-list"),
    # The resident portal's start page, no login; the apps add their sections.
    path("buurt/", portal.PortalHome.as_view(), name="portal-home"),
    # For load balancers and monitoring: public, JSON, no personal data (core/health.py).
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
]
