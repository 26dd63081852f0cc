"""API errors as problem details (RFC 9457), the one shape of every 4xx and 5xx under /api/.

An error answer is `application/problem+json` with `type`, `title`, `status`, `detail`
and `instance`; invalid input adds `invalidParams`, one `{name, code, reason}` per
message of a field. Views raise, they do not build error answers: DRF's exceptions, the
one domain error (`RuleError`, a Django ValidationError) and a database conflict pass
through `exception_handler`; the answers Django gives before a view (no route, a NUL
byte, a missing second login step, a server error) are made by `problem_response`.
The types, with their titles, are listed in docs/api.md.
"""

from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:kwartier:problem:"
# Problem type → its Dutch title; RFC 9457: the title is the same for every occurrence.
TITLES = {
    "invalid-input": "Ongeldige invoer",
    "bad-request": "Ongeldig verzoek",
    "not-authenticated": "Niet ingelogd",
    "authentication-failed": "Inloggen mislukt",
    "permission-denied": "Geen toegang",
    "second-factor-required": "Tweede inlogstap nodig",
    "not-found": "Niet gevonden",
    "method-not-allowed": "Methode niet toegestaan",
    "not-acceptable": "Antwoordvorm niet beschikbaar",
    "conflict": "Conflict met de huidige stand",
    "unsupported-media-type": "Soort inhoud niet ondersteund",
    "throttled": "Te veel verzoeken",
    "server-error": "Interne fout",
}
# DRF's exception codes → problem types (codes not listed become their own type).
_DRF_CODES = {"invalid": "invalid-input", "parse_error": "bad-request", "error": "server-error"}
CONFLICT = "De gegevens botsen met een bestaand record."


class Conflict(exceptions.APIException):
    """The request is valid, but the state of what it is about does not allow it yet."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "Dit kan in de huidige stand niet."
    default_code = "conflict"


def problem(status_code: int, kind: str, detail: str, instance: str, **extra) -> dict:
    """The body of a problem answer."""
    title = TITLES.get(kind) or HTTPStatus(status_code).phrase
    body = {
        "type": TYPE_PREFIX + kind,
        "title": title,
        "status": status_code,
        "detail": detail,
        "instance": instance,
    }
    return body | extra


def problem_response(request, status_code: int, kind: str, detail: str) -> JsonResponse:
    """A problem answer outside DRF (middleware, Django's error handlers)."""
    body = problem(status_code, kind, detail, request.path)
    return JsonResponse(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def exception_handler(exc, context):
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's 500 handler answers (json_under_api)
    request = context["request"]
    kind = _DRF_CODES.get(exc.default_code, exc.default_code.replace("_", "-"))
    if isinstance(exc, exceptions.ValidationError):
        messages, params = _invalid_params(exc.detail)
        detail = " ".join(messages) or _summary(params)
        response.data = problem(response.status_code, kind, detail, request.path)
        response.data["invalidParams"] = params
    else:
        response.data = problem(response.status_code, kind, str(exc.detail), request.path)
    renderer = getattr(request, "accepted_renderer", None)
    if renderer is None or renderer.format == "json":  # the browsable API stays HTML
        response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _as_api_exception(exc):
    """The DRF exception for an error raised in Django's or the database's terms."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field: messages
                for field, messages in exc.message_dict.items()
            }
        else:
            detail = exc.messages
        return exceptions.ValidationError(detail)
    if isinstance(exc, IntegrityError):
        return exceptions.ValidationError(CONFLICT)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def _invalid_params(detail) -> tuple[list[str], list[dict]]:
    """Messages about the request as a whole, and one `{name, code, reason}` per field
    message (nested fields named like `members[0].name`)."""
    messages, params = [], []
    for name, error in _flatten(detail, ""):
        if name in ("", api_settings.NON_FIELD_ERRORS_KEY):
            messages.append(str(error))
        else:
            params.append(
                {"name": name, "code": getattr(error, "code", "invalid"), "reason": str(error)}
            )
    return messages, params


def _flatten(detail, name):
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int):
                yield from _flatten(value, f"{name}[{key}]")
            else:
                yield from _flatten(value, f"{name}.{key}" if name else str(key))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, (dict, list)):
                yield from _flatten(value, f"{name}[{index}]")
            else:
                yield name, value
    else:
        yield name, detail


def _summary(params: list[dict]) -> str:
    names = list(dict.fromkeys(param["name"] for param in params))
    if len(params) == 1:
        return f"{names[0]}: {params[0]['reason']}"
    return "Controleer de invoer bij: " + ", ".join(names) + "."


# Answers Django itself gives before a request reaches an API view (no route matches the
# path, a body Django cannot read, a server error): problem details under /api/ as well.
_DJANGO_ERRORS = {
    400: ("bad-request", exceptions.ParseError.default_detail),
    403: ("permission-denied", exceptions.PermissionDenied.default_detail),
    404: ("not-found", exceptions.NotFound.default_detail),
    500: ("server-error", "Er ging iets mis aan onze kant. Probeer het later nog eens."),
}


def json_under_api(status_code: int, page_view):
    """Django's error handler for `status_code`: `page_view` on the web, a problem in the API."""

    def view(request, exception=None):
        if request.path.startswith("/api/"):
            kind, detail = _DJANGO_ERRORS[status_code]
            return problem_response(request, status_code, kind, str(detail))
        return page_view(request, exception) if status_code != 500 else page_view(request)

    return view
