"""The API's old paths with a trailing slash, redirected to the paths without one.

Until API version 1.1 every path ended in a slash (`/api/v1/persons/`); the NL API Design
Rules (/core/no-trailing-slash) ask for none. A client that still uses an old path gets
a 308 Permanent Redirect to the new one: unlike a 301, a 308 keeps the method and the
body, so a POST or PATCH arrives as it was sent. The answer says that the old path is
deprecated (RFC 9745) and when it will stop working (RFC 8594); docs/api.md says the same.
"""

import datetime
from email.utils import format_datetime

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt

# The old paths stopped being documented on this day, and will answer 404 after SUNSET.
DEPRECATED = datetime.datetime(2026, 12, 7, tzinfo=datetime.UTC)
SUNSET = datetime.datetime(2027, 7, 1, tzinfo=datetime.UTC)


class HttpResponsePermanentRedirectKeepingMethod(HttpResponsePermanentRedirect):
    status_code = 308


# Exempt from Django's CSRF check, as DRF's views are: a redirect changes nothing, and the
# view it leads to checks CSRF for a session itself (a token client sends no CSRF token).
@csrf_exempt
def old_api_path(request, path):
    """`/api/v1/<path>/` → 308 to `/api/v1/<path>`, when that path exists."""
    new = request.path[:-1]
    try:
        found = resolve(new)
    except Resolver404:
        raise Http404 from None
    if found.func is old_api_path:  # more than one trailing slash
        raise Http404
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponsePermanentRedirectKeepingMethod(f"{new}?{query}" if query else new)
    response["Deprecation"] = f"@{int(DEPRECATED.timestamp())}"
    response["Sunset"] = format_datetime(SUNSET, usegmt=True)
    response["Link"] = f'<{new}>; rel="successor-version"'
    return response
