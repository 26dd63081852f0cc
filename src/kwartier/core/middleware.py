"""Middleware of the whole site: NUL bytes refused, the API's version header, and no
slash appended to API paths."""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.middleware.common import CommonMiddleware

from .api_errors import problem_response
from .extensions import error_renderer_for

MESSAGE = "Ongeldig teken in het adres."
API_PREFIX = "/api/"


class RejectNulBytesMiddleware:
    """No valid id, code or search word contains a NUL byte, and PostgreSQL refuses NUL in
    text: a 400 here keeps such input from reaching any query (or the access log) as a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or "\x00" in request.META.get("QUERY_STRING", "")
            or ("%00" in request.META.get("QUERY_STRING", ""))
        ):
            if request.path.startswith(API_PREFIX):
                return problem_response(request, 400, "bad-request", MESSAGE)
            renderer = error_renderer_for(request.path)  # e.g. Open311's error list
            if renderer is not None:
                return renderer(request, 400, MESSAGE)
            return HttpResponseBadRequest(MESSAGE)
        return self.get_response(request)


class ApiVersionMiddleware:
    """Every answer under /api/ names the API's full version (NL API Design Rules,
    /core/version-header), errors and redirects included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            response["API-Version"] = settings.KWARTIER_API_VERSION
        return response


class NoApiSlashCommonMiddleware(CommonMiddleware):
    """Django's CommonMiddleware, but API paths never get a slash appended: they have none
    (the old slashed paths are redirected the other way, core/api_redirects.py)."""

    def should_redirect_with_slash(self, request):
        if request.path_info.startswith(API_PREFIX):
            return False
        return super().should_redirect_with_slash(request)
