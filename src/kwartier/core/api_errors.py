"""API errors: DRF's field errors as they are, a 400 instead of a 500 for bad input, and
JSON (not a web page) when Django answers an API path itself."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        return Response(
            {"detail": "De gegevens botsen met een bestaand record."},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return drf_exception_handler(exc, context)


# Answers Django itself gives before a request reaches an API view (no route matches the
# path, a body Django cannot read): as JSON under /api/, like every other API answer.
_API_ERRORS = {
    400: exceptions.ParseError,
    403: exceptions.PermissionDenied,
    404: exceptions.NotFound,
}


def json_under_api(status_code: int, page_view):
    """Django's error handler for `status_code`: `page_view` on the web, JSON in the API."""

    def view(request, exception=None):
        if request.path.startswith("/api/"):
            detail = _API_ERRORS[status_code].default_detail
            return JsonResponse({"detail": str(detail)}, status=status_code)
        return page_view(request, exception)

    return view
