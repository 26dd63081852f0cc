from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from kwartier.core import api as core_api
from kwartier.core.views import error_page, server_error
from kwartier.privacy import api as privacy_api

router = DefaultRouter()
router.register("areas", core_api.AreaViewSet, basename="area")
router.register("persons", core_api.PersonViewSet, basename="person")
router.register("households", core_api.HouseholdViewSet, basename="household")
router.register("organisations", core_api.OrganisationViewSet, basename="organisation")
router.register("activities", core_api.ActivityViewSet, basename="activity")
router.register("consents", privacy_api.ConsentViewSet, basename="consent")

api_paths = [
    path("access-log/", privacy_api.AccessLogList.as_view(), name="access-log"),
    path(
        "persons/<str:public_id>/export/",
        privacy_api.PersonExport.as_view(),
        name="person-export",
    ),
    path("persons/<str:public_id>/erase/", privacy_api.PersonErase.as_view(), name="person-erase"),
]

admin.site.site_header = "Kwartier beheer"
admin.site.site_title = "Kwartier beheer"

urlpatterns = [
    path("", include("kwartier.core.urls")),
    path("", include("kwartier.privacy.urls")),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("beheer/", admin.site.urls),
    # The API lives in its own namespace ("api:person-list"), apart from the web pages.
    path("api/v1/", include(([*api_paths, *router.urls], "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

handler400 = error_page(400, "400.html")
handler403 = error_page(403, "403.html")
handler404 = error_page(404, "404.html")
handler500 = server_error
