from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from kwartier.budgets import api_routes as budgets_routes
from kwartier.core import api as core_api
from kwartier.core.api_errors import json_under_api
from kwartier.core.views import error_page, server_error
from kwartier.instruments import api_routes as instruments_routes
from kwartier.methods import api_routes as methods_routes
from kwartier.network import api as network_api
from kwartier.privacy import api as privacy_api
from kwartier.referrals import api_routes as referrals_routes
from kwartier.support import api as support_api
from kwartier.voting import api_routes as voting_routes

router = DefaultRouter()
router.register("areas", core_api.AreaViewSet, basename="area")
router.register("persons", core_api.PersonViewSet, basename="person")
router.register("households", core_api.HouseholdViewSet, basename="household")
router.register("organisations", core_api.OrganisationViewSet, basename="organisation")
router.register("activities", core_api.ActivityViewSet, basename="activity")
router.register("consents", privacy_api.ConsentViewSet, basename="consent")
router.register("help-requests", support_api.HelpRequestViewSet, basename="helprequest")
router.register("helpers", support_api.HelperViewSet, basename="helper")
router.register(
    "support-categories", support_api.SupportCategoryViewSet, basename="supportcategory"
)
router.register("match-runs", support_api.MatchRunViewSet, basename="matchrun")
router.register("proposals", support_api.ProposalViewSet, basename="proposal")
router.register("matches", support_api.MatchViewSet, basename="match")
router.register("professional-capacity", support_api.CapacityViewSet, basename="capacity")

api_paths = [
    path("multiplier/", support_api.MultiplierView.as_view(), name="multiplier"),
    path("access-log/", privacy_api.AccessLogList.as_view(), name="access-log"),
    path(
        "persons/<str:public_id>/export/",
        privacy_api.PersonExport.as_view(),
        name="person-export",
    ),
    path("persons/<str:public_id>/erase/", privacy_api.PersonErase.as_view(), name="person-erase"),
    path("persons/<str:public_id>/ties/", network_api.TieList.as_view(), name="person-ties"),
    path(
        "persons/<str:public_id>/ties/<int:pk>/",
        network_api.TieDetail.as_view(),
        name="person-tie-detail",
    ),
    path(
        "persons/<str:public_id>/ecogram.svg",
        network_api.EcogramSvg.as_view(),
        name="person-ecogram",
    ),
    path(
        "persons/<str:public_id>/network-indicators/",
        network_api.NetworkIndicators.as_view(),
        name="person-network",
    ),
]

# Apps that keep their API routes in their own `api_routes` module.
for module in (methods_routes, referrals_routes, instruments_routes, budgets_routes, voting_routes):
    module.register(router)
    api_paths += module.paths

admin.site.site_header = "Kwartier beheer"
admin.site.site_title = "Kwartier beheer"

urlpatterns = [
    path("", include("kwartier.core.urls")),
    path("", include("kwartier.privacy.urls")),
    path("", include("kwartier.network.urls")),
    path("", include("kwartier.support.urls")),
    path("", include("kwartier.methods.urls")),
    path("", include("kwartier.referrals.urls")),
    path("", include("kwartier.instruments.urls")),
    path("", include("kwartier.budgets.urls")),
    path("", include("kwartier.voting.urls")),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("inloggen/tweestaps/", include("kwartier.accounts.urls")),
    path("beheer/", admin.site.urls),
    # The API lives in its own namespace ("api:person-list"), apart from the web pages.
    path("api/v1/", include(([*api_paths, *router.urls], "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI starts itself with an inline script and style: allowed on this page only.
    path(
        "api/docs/",
        csp_replace({"script-src": [SELF, UNSAFE_INLINE], "style-src": [SELF, UNSAFE_INLINE]})(
            SpectacularSwaggerView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
]

handler400 = json_under_api(400, error_page(400, "400.html"))
handler403 = json_under_api(403, error_page(403, "403.html"))
handler404 = json_under_api(404, error_page(404, "404.html"))
handler500 = server_error
