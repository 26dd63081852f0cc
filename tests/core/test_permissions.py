"""The API permission matrix: every API route × every visitor, generated from the URLs.

`core_routes()` walks the URL configuration. Each API route must have an entry in
EXPECTATIONS (the core's, privacy's, network's and vraag en aanbod's below, the other
apps' merged from `tests/<app>/permissions.py`), with for every visitor (the six roles,
a worker of another organisation and an anonymous visitor) the status each method must
answer. A route without an entry fails `test_every_api_route_is_in_the_matrix`, so no
view can slip past it. The web pages have their own matrix:
tests/core/test_page_permissions.py.

Writes send empty data: a role that may write gets a 400, a role that may not gets 403,
so the matrix never needs valid data and changes nothing (a PATCH with nothing to change
only touches `updated_at`).
"""

import importlib

import pytest
from django.urls import reverse

from tests.core import core_routes
from tests.core.matrix import (
    FORMAT_SUFFIX_VISITORS,
    NOAUTH,
    Case,
    check,
    delete,
    expect,
    get,
    patch,
    post,
    put,
)
from tests.core.permissions import NO_DOSSIERS
from tests.core.permissions import targets as core_targets
from tests.support.world import support_targets

# Apps with their own part of the API matrix (tests/<app>/permissions.py).
APP_MATRICES = [
    importlib.import_module(f"tests.{app}.permissions")
    for app in ("methods", "referrals", "instruments", "budgets", "voting", "signals", "indicators")
]

# API ---------------------------------------------------------------------------------
API_EVERYONE = expect(200, anonymous=NOAUTH)
API_READ_ONLY = expect(405, anonymous=NOAUTH)
API_PERSON_LIST = expect(200, anonymous=NOAUTH, gemeente=403, vrijwilliger=403)
API_PERSON_CONSENTED = expect(
    200, anonymous=NOAUTH, gemeente=403, vrijwilliger=403, other_org_worker=404
)
API_PERSON_ELSEWHERE = expect(
    404, anonymous=NOAUTH, gemeente=403, vrijwilliger=403, beheerder=200, coordinator=200
)
API_DOSSIER_LIST = expect(200, anonymous=NOAUTH, **NO_DOSSIERS)
API_DOSSIER_CREATE = expect(400, anonymous=NOAUTH, **NO_DOSSIERS)
API_DOSSIER = expect(200, anonymous=NOAUTH, other_org_worker=404, **NO_DOSSIERS)
API_DOSSIER_PUT = expect(400, anonymous=NOAUTH, other_org_worker=404, **NO_DOSSIERS)
API_DOSSIER_ELSEWHERE = expect(
    200, anonymous=NOAUTH, wijkwerker=404, other_org_worker=404, **NO_DOSSIERS
)
# Deleting is not offered; roles that may not write are refused before that.
API_DOSSIER_DELETE = expect(405, anonymous=NOAUTH, **NO_DOSSIERS)
API_ORGANISATION_WRITE = expect(403, anonymous=NOAUTH, beheerder=400, coordinator=400)
API_ORGANISATION_PATCH = expect(403, anonymous=NOAUTH, beheerder=200, coordinator=200)
API_ACTIVITY_CREATE = expect(400, anonymous=NOAUTH, vrijwilliger=403, gemeente=403)
API_ACTIVITY_PATCH_OTHERS = expect(
    200, anonymous=NOAUTH, vrijwilliger=403, gemeente=403, partner=403
)
API_ACTIVITY_PATCH_OWN = expect(200, anonymous=NOAUTH, vrijwilliger=403, gemeente=403)
API_ACTIVITY_PUT_OWN = expect(400, anonymous=NOAUTH, vrijwilliger=403, gemeente=403)
# Privacy: consents are managed by the dossier roles and read by the receiving partner;
# the access log, export and erasure are for coördinators and beheerders.
API_CONSENT_READ = expect(200, anonymous=NOAUTH, vrijwilliger=403, gemeente=403)
API_CONSENT_WRITE = expect(400, anonymous=NOAUTH, **NO_DOSSIERS)
API_CONSENT = expect(200, anonymous=NOAUTH, vrijwilliger=403, gemeente=403, other_org_worker=404)
API_CONSENT_WITHDRAW = expect(200, anonymous=NOAUTH, other_org_worker=404, **NO_DOSSIERS)
API_OFFICERS = expect(403, anonymous=NOAUTH, beheerder=200, coordinator=200)
# Network (ecogram): the dossier roles read and change it; a partner only reads, and only
# under a consent that covers "netwerk" (the world's consent covers contact details: 403).
API_NETWORK = expect(200, anonymous=NOAUTH, other_org_worker=404, **NO_DOSSIERS)
API_NETWORK_WRITE = expect(400, anonymous=NOAUTH, other_org_worker=404, **NO_DOSSIERS)
API_NETWORK_ELSEWHERE = expect(
    404, anonymous=NOAUTH, beheerder=200, coordinator=200, vrijwilliger=403, gemeente=403
)
# The beheerder, first in line, deletes the tie; after that it is gone for everyone.
API_NETWORK_DELETE = expect(404, anonymous=NOAUTH, beheerder=204, **NO_DOSSIERS)
# Vraag en aanbod (support): workers work with hulpvragen, aanbod, runs, proposals and
# matches of their organisation; a partner reads the hulpvragen its consents cover (none
# here: the world's consent covers contact only); a volunteer reads only their own
# matches; the gemeente sees the multiplier; fte records are kept by coördinatoren.
SUPPORT_WORKERS = {"vrijwilliger": 403, "partner": 403, "gemeente": 403}
API_SUPPORT_LIST = expect(200, anonymous=NOAUTH, **SUPPORT_WORKERS)
API_SUPPORT_WRITE = expect(400, anonymous=NOAUTH, **SUPPORT_WORKERS)
API_SUPPORT_OBJECT = expect(200, anonymous=NOAUTH, other_org_worker=404, **SUPPORT_WORKERS)
API_SUPPORT_OBJECT_WRITE = expect(400, anonymous=NOAUTH, other_org_worker=404, **SUPPORT_WORKERS)
API_REQUEST_LIST = expect(200, anonymous=NOAUTH, vrijwilliger=403, gemeente=403)
API_REQUEST = expect(
    200, anonymous=NOAUTH, vrijwilliger=403, gemeente=403, partner=404, other_org_worker=404
)
API_REQUEST_ELSEWHERE = expect(
    200,
    anonymous=NOAUTH,
    vrijwilliger=403,
    gemeente=403,
    partner=404,
    wijkwerker=404,
    other_org_worker=404,
)
API_MATCH_LIST = expect(200, anonymous=NOAUTH, partner=403, gemeente=403)
API_MATCH = expect(200, anonymous=NOAUTH, partner=403, gemeente=403, other_org_worker=404)
API_MATCH_ACTION = expect(
    400, anonymous=NOAUTH, vrijwilliger=403, partner=403, gemeente=403, other_org_worker=404
)
API_CAPACITY = expect(403, anonymous=NOAUTH, beheerder=200, coordinator=200)
API_CAPACITY_WRITE = expect(403, anonymous=NOAUTH, beheerder=400, coordinator=400)
API_MULTIPLIER = expect(200, anonymous=NOAUTH, vrijwilliger=403, partner=403)


EXPECTATIONS: dict[str, list[Case]] = {
    # API
    "api:api-root": [get(API_EVERYONE)],
    "api:area-list": [get(API_EVERYONE), post(API_READ_ONLY)],
    "api:area-detail": [get(API_EVERYONE, "area"), put(API_READ_ONLY, "area")],
    "api:person-list": [get(API_PERSON_LIST), post(API_DOSSIER_CREATE)],
    "api:person-detail": [
        get(API_PERSON_CONSENTED, "person"),
        patch(API_DOSSIER, "person"),
        put(API_DOSSIER_PUT, "person"),
        delete(API_DOSSIER_DELETE, "person"),
        get(API_PERSON_ELSEWHERE, "person_elsewhere"),
        patch(API_DOSSIER_ELSEWHERE, "person_elsewhere"),
    ],
    "api:household-list": [get(API_DOSSIER_LIST), post(API_DOSSIER_CREATE)],
    "api:household-detail": [
        get(API_DOSSIER, "household"),
        patch(API_DOSSIER, "household"),
        put(API_DOSSIER_PUT, "household"),
        delete(API_DOSSIER_DELETE, "household"),
        get(API_DOSSIER_ELSEWHERE, "household_elsewhere"),
    ],
    "api:organisation-list": [get(API_EVERYONE), post(API_ORGANISATION_WRITE)],
    "api:organisation-detail": [
        get(API_EVERYONE, "organisation"),
        patch(API_ORGANISATION_PATCH, "organisation"),
        put(API_ORGANISATION_WRITE, "organisation"),
        delete(expect(403, anonymous=NOAUTH, beheerder=405, coordinator=405), "organisation"),
    ],
    "api:activity-list": [get(API_EVERYONE), post(API_ACTIVITY_CREATE)],
    "api:activity-detail": [
        get(API_EVERYONE, "activity"),
        patch(API_ACTIVITY_PATCH_OTHERS, "activity"),
        patch(API_ACTIVITY_PATCH_OWN, "partner_activity"),
        put(API_ACTIVITY_PUT_OWN, "partner_activity"),
        delete(expect(405, anonymous=NOAUTH, vrijwilliger=403, gemeente=403), "activity"),
    ],
    "api:consent-list": [get(API_CONSENT_READ), post(API_CONSENT_WRITE)],
    "api:consent-detail": [
        get(API_CONSENT, "consent"),
        patch(expect(405, anonymous=NOAUTH, **NO_DOSSIERS), "consent"),
    ],
    "api:consent-withdraw": [post(API_CONSENT_WITHDRAW, "consent")],
    "api:access-log": [get(API_OFFICERS)],
    "api:person-export": [get(API_OFFICERS, "person")],
    "api:person-erase": [post(API_OFFICERS, "person")],  # empty data: a dry run
    "api:person-ties": [
        get(API_NETWORK, "person"),
        post(API_NETWORK_WRITE, "person"),
        get(API_NETWORK_ELSEWHERE, "person_elsewhere"),
    ],
    "api:person-tie-detail": [
        get(API_NETWORK, "tie"),
        patch(API_NETWORK, "tie"),
        put(API_NETWORK_WRITE, "tie"),
        delete(API_NETWORK_DELETE, "tie"),
    ],
    "api:person-ecogram": [
        get(API_NETWORK, "person"),
        get(API_NETWORK_ELSEWHERE, "person_elsewhere"),
    ],
    "api:person-network": [
        get(API_NETWORK, "person"),
        get(API_NETWORK_ELSEWHERE, "person_elsewhere"),
    ],
    # API: vraag en aanbod
    "api:helprequest-list": [get(API_REQUEST_LIST), post(API_SUPPORT_WRITE)],
    "api:helprequest-detail": [
        get(API_REQUEST, "helprequest"),
        patch(API_SUPPORT_OBJECT, "helprequest"),
        put(API_SUPPORT_OBJECT_WRITE, "helprequest"),
        delete(expect(405, anonymous=NOAUTH, **SUPPORT_WORKERS), "helprequest"),
        get(API_REQUEST_ELSEWHERE, "helprequest_elsewhere"),
    ],
    "api:helprequest-transition": [post(API_SUPPORT_OBJECT_WRITE, "helprequest")],
    "api:helper-list": [get(API_SUPPORT_LIST), post(API_SUPPORT_WRITE)],
    "api:helper-load": [get(API_SUPPORT_LIST)],
    "api:helper-detail": [
        get(API_SUPPORT_OBJECT, "helper"),
        patch(API_SUPPORT_OBJECT, "helper"),
        put(API_SUPPORT_OBJECT_WRITE, "helper"),
    ],
    "api:supportcategory-list": [get(API_EVERYONE), post(API_READ_ONLY)],
    "api:supportcategory-detail": [
        get(API_EVERYONE, "supportcategory"),
        put(API_READ_ONLY, "supportcategory"),
    ],
    "api:matchrun-list": [get(API_SUPPORT_LIST), post(API_SUPPORT_WRITE)],
    "api:matchrun-detail": [get(API_SUPPORT_OBJECT, "matchrun")],
    "api:proposal-list": [get(API_SUPPORT_LIST)],
    "api:proposal-detail": [get(API_SUPPORT_OBJECT, "proposal")],
    # Empty data: accepting needs the consent confirmation, rejecting a reason.
    "api:proposal-accept": [post(API_SUPPORT_OBJECT_WRITE, "proposal")],
    "api:proposal-reject": [post(API_SUPPORT_OBJECT_WRITE, "proposal")],
    "api:match-list": [get(API_MATCH_LIST)],
    "api:match-detail": [get(API_MATCH, "match")],
    "api:match-followup": [post(API_MATCH_ACTION, "match")],
    "api:match-end": [post(API_MATCH_ACTION, "match")],
    "api:match-introduction": [post(API_MATCH_ACTION, "match")],
    "api:capacity-list": [get(API_CAPACITY), post(API_CAPACITY_WRITE)],
    "api:capacity-detail": [
        get(API_CAPACITY, "capacity"),
        patch(expect(403, anonymous=NOAUTH, beheerder=200, coordinator=200), "capacity"),
    ],
    "api:multiplier": [get(API_MULTIPLIER)],
}
for _matrix in APP_MATRICES:
    assert not set(_matrix.EXPECTATIONS) & set(EXPECTATIONS), _matrix.__name__
    EXPECTATIONS.update(_matrix.EXPECTATIONS)


def targets(world) -> dict[str, dict]:
    return {
        **core_targets(world),
        **support_targets(world),  # tests/support/world.py
        "tie": network_tie(world),
    } | {key: value for matrix in APP_MATRICES for key, value in matrix.targets(world).items()}


def network_tie(world) -> dict:
    """A tie in the ecogram of the resident in the wijk (network app)."""
    from kwartier.network.models import Tie

    tie, _ = Tie.objects.get_or_create(
        person=world.in_area,
        contact_label="Buurvrouw",
        defaults={"group": "B", "strength": "sterk", "direction": "naar", "frequency": "wekelijks"},
    )
    return {"public_id": world.in_area.public_id, "pk": tie.pk}


ROUTES = core_routes()
API_ROUTES = [route for route in ROUTES if route.is_api]

# Bugs found by the matrix in code outside the core app, reported to its owner. Strict:
# once fixed, the test passes, the xfail fails, and the entry must go.
KNOWN_BUGS: dict[str, str] = {
    # "route id": "what goes wrong, and where",
}


def _route_params():
    for route in API_ROUTES:
        reason = KNOWN_BUGS.get(route.id)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(route, id=route.id, marks=marks)


def test_every_api_route_is_in_the_matrix():
    missing = sorted({r.name for r in API_ROUTES} - set(EXPECTATIONS))
    assert not missing, (
        f"API routes without permission expectations: {missing}. Add them to EXPECTATIONS "
        "in tests/core/test_permissions.py (or the app's tests/<app>/permissions.py) with "
        "the status every role must get."
    )


def test_no_expectations_for_routes_that_are_gone():
    stale = sorted(set(EXPECTATIONS) - {r.name for r in API_ROUTES})
    assert not stale, (
        f"EXPECTATIONS lists routes that are no API routes (any more): {stale}. A web "
        "page's expectations go in PAGES (tests/core/permissions.py for the core's)."
    )


def test_the_matrix_covers_the_core_pages_and_the_api():
    names = {r.name for r in ROUTES}
    assert {"person-detail", "activity-update", "api:person-detail", "api:api-root"} <= names
    assert not any(name.startswith("admin:") for name in names)


@pytest.mark.parametrize("route", list(_route_params()))
def test_permission_matrix(route, world, api_client_for):
    cases = EXPECTATIONS.get(route.name)
    assert cases, f"{route.name} ({route.route}) has no entry in EXPECTATIONS"
    known = targets(world)
    clients = {}

    def client_of(visitor):
        if visitor not in clients:
            clients[visitor] = api_client_for(world.users[visitor])
        return clients[visitor]

    mismatches = []
    for case in cases:
        kwargs = dict(known[case.target]) if case.target else {}
        assert set(kwargs) | ({"format"} if route.has_format else set()) == set(route.params), (
            f"{route.name}: target {case.target!r} does not fit the URL parameters {route.params}"
        )
        if route.has_format:
            kwargs["format"] = "json"
        url = reverse(route.name, kwargs=kwargs)
        visitors = FORMAT_SUFFIX_VISITORS if route.has_format else None
        mismatches += check(route.name, case, url, client_of, visitors, format="json")
    assert not mismatches, "\n".join(mismatches)
