from importlib import import_module

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from kwartier.core.api_errors import json_under_api
from kwartier.core.api_redirects import old_api_path
from kwartier.core.views import error_page, server_error

# Each app registers its viewsets on the shared router and adds its own paths, all in
# the "api" namespace under /api/v1/. API paths end without a slash (NL API Design Rules).
API_APPS = (
    "core",
    "privacy",
    "network",
    "support",
    "methods",
    "referrals",
    "instruments",
    "budgets",
    "voting",
    "signals",
    "indicators",
)
router = DefaultRouter(trailing_slash=False)
api_paths: list = []
for app in API_APPS:
    routes = import_module(f"kwartier.{app}.api_routes")
    routes.register(router)
    api_paths += routes.paths

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
    path("", include("kwartier.signals.urls")),
    path("", include("kwartier.indicators.urls")),
    # GeoReport v2 for outside apps: plain views with their own formats and errors.
    path("open311/v2/", include("kwartier.signals.open311.urls")),
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
    re_path(r"^api/v1/(?P<path>.+)/$", old_api_path, name="api-old-path"),
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
handler500 = json_under_api(500, server_error)
