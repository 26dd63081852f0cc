"""Building blocks of the permission matrix: every visitor against every API route
(tests/core/test_permissions.py) and every web page (tests/core/test_page_permissions.py).

Each app keeps its part in `tests/<app>/permissions.py`: `EXPECTATIONS` (API route name →
cases), `PAGES` (web page URL name → cases) and `targets(world)` (target key → URL
arguments, keys prefixed with the app name so they never collide). The two test modules
merge them and send every case through `check`, the one judge of what a visitor got.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from tests.conftest import VISITORS

LOGIN = "login"  # web: 302 to the login page, with ?next= back to where the visitor was
NOAUTH = "noauth"  # API: 401 or 403 without credentials
# Routes with a format suffix (/persons.json) run the very same views with the same
# permission checks: walked with these visitors only, to find a view that cannot take
# the suffix (a 500) without doubling the time of the matrix.
FORMAT_SUFFIX_VISITORS = ("beheerder", "partner", "anonymous")


def expect(default, **overrides) -> dict:
    unknown = set(overrides) - set(VISITORS)
    assert not unknown, f"unknown visitors {unknown}"
    return {visitor: overrides.get(visitor, default) for visitor in VISITORS}


def only(**statuses) -> dict:
    """Expectations for some visitors; the others are not walked with this case."""
    unknown = set(statuses) - set(VISITORS)
    assert not unknown, f"unknown visitors {unknown}"
    return {visitor: statuses[visitor] for visitor in VISITORS if visitor in statuses}


@dataclass(frozen=True)
class Case:
    method: str
    expected: dict  # visitor → status, LOGIN or NOAUTH; visitors left out are not walked
    target: str | None = None  # key in targets(world), for routes with an id
    data: dict = field(default_factory=dict)


def get(expected, target=None):
    return Case("get", expected, target)


def post(expected, target=None):
    return Case("post", expected, target)


def put(expected, target=None):
    return Case("put", expected, target)


def patch(expected, target=None):
    return Case("patch", expected, target)


def delete(expected, target=None):
    return Case("delete", expected, target)


def answered(expected, response) -> bool:
    """Whether `response` is the outcome `expected`: a status code, LOGIN or NOAUTH."""
    if expected == LOGIN:
        location = response.headers.get("Location", "")
        return response.status_code == 302 and location.startswith(f"{reverse('login')}?next=")
    if expected == NOAUTH:
        return response.status_code in (401, 403)
    return response.status_code == expected


def check(
    name: str, case: Case, url: str, client_of: Callable, visitors=None, **request
) -> list[str]:
    """Send `case` to `url` as each of its visitors (or only `visitors`); one line per
    visitor that got something else. `request` goes to the client (the API's format)."""
    wrong = []
    for visitor, expected in case.expected.items():
        if visitors is not None and visitor not in visitors:
            continue
        response = getattr(client_of(visitor), case.method)(url, case.data, **request)
        if not answered(expected, response):
            got = response.status_code
            if "Location" in response.headers:
                got = f"{got} to {response.headers['Location']}"
            wrong.append(
                f"{case.method.upper()} {url} ({name}) as {visitor}: expected {expected}, got {got}"
            )
    return wrong
