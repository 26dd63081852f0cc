"""Refuse requests with a NUL byte in the path or query string.

No valid id, code or search word contains one, and PostgreSQL refuses NUL in text: a
400 here keeps such input from reaching any query (or the access log) as a 500.
"""

from django.http import HttpResponseBadRequest, JsonResponse

MESSAGE = "Ongeldig teken in het adres."


class RejectNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or "\x00" in request.META.get("QUERY_STRING", "")
            or ("%00" in request.META.get("QUERY_STRING", ""))
        ):
            if request.path.startswith("/api/"):  # the API answers in JSON, like DRF
                return JsonResponse({"detail": MESSAGE}, status=400)
            return HttpResponseBadRequest(MESSAGE)
        return self.get_response(request)
