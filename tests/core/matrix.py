"""Building blocks of the permission matrix (tests/core/test_permissions.py).

Apps other than core keep their API expectations in `tests/<app>/permissions.py`, with
`EXPECTATIONS` (route name → cases) and `targets(world)` (target key → URL arguments,
keys prefixed with the app name so they never collide); the matrix merges them.
"""

from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Case:
    method: str
    expected: dict
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
