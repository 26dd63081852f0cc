"""The permission matrix: every core and API route × every role, generated from the URLs.

`core_routes()` walks the URL configuration. Each route must have an entry in
EXPECTATIONS, with for every visitor (the six roles, a worker of another organisation
and an anonymous visitor) the status each method must answer. A route without an
entry fails `test_every_route_is_in_the_matrix`, so no view can slip past it.

Writes post empty data: a role that may write gets the form back with errors (200)
or a 400 from the API, a role that may not gets 403, so the matrix never needs valid
data and changes nothing (a PATCH with nothing to change only touches `updated_at`).
"""

import importlib
import sys
import types

import pytest
from django.urls import reverse

from tests.core import core_routes
from tests.core.matrix import (
    FORMAT_SUFFIX_VISITORS,
    LOGIN,
    NOAUTH,
    Case,
    delete,
    expect,
    get,
    patch,
    post,
    put,
)
from tests.support.world import support_targets

# Apps with their own part of the matrix (tests/<app>/permissions.py).
APP_MATRICES = [
    importlib.import_module(f"tests.{app}.permissions")
    for app in ("methods", "referrals", "instruments", "budgets", "voting")
]

# Roles without dossier work: no writes, no households. A partner may read the residents
# a consent in force opens; volunteers see residents only through their own matches (in
# the support app), and the gemeente never sees a single resident: both get 403 here.
NO_DOSSIERS = {"vrijwilliger": 403, "partner": 403, "gemeente": 403}

# Web pages ---------------------------------------------------------------------------
EVERYONE = expect(200, anonymous=LOGIN)
DOSSIER_WORK = expect(200, anonymous=LOGIN, **NO_DOSSIERS)
# A resident or household in the wijkwerker's wijk, registered by their organisation.
DOSSIER = expect(200, anonymous=LOGIN, other_org_worker=404, **NO_DOSSIERS)
# A resident or household of the same organisation in another wijk.
DOSSIER_ELSEWHERE = expect(
    200, anonymous=LOGIN, wijkwerker=404, other_org_worker=404, **NO_DOSSIERS
)
PERSON_LIST = expect(200, anonymous=LOGIN, gemeente=403, vrijwilliger=403)
# The resident in the wijk has consented to sharing with the partner's organisation.
PERSON_CONSENTED = expect(
    200, anonymous=LOGIN, gemeente=403, vrijwilliger=403, other_org_worker=404
)
PERSON_ELSEWHERE = expect(
    404, anonymous=LOGIN, gemeente=403, vrijwilliger=403, beheerder=200, coordinator=200
)
ORGANISATION_EDIT = expect(403, anonymous=LOGIN, beheerder=200, coordinator=200)
ACTIVITY_CREATE = expect(200, anonymous=LOGIN, vrijwilliger=403, gemeente=403)
ACTIVITY_EDIT_OTHERS = expect(200, anonymous=LOGIN, vrijwilliger=403, gemeente=403, partner=403)
SIGNED_IN_AWAY = expect(302, anonymous=200)  # the login page sends a signed-in user home

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
    # Web: start, residents, households
    "home": [get(EVERYONE)],
    "person-list": [get(PERSON_LIST)],
    "person-create": [get(DOSSIER_WORK), post(DOSSIER_WORK)],
    "person-detail": [
        get(PERSON_CONSENTED, "person"),
        get(PERSON_ELSEWHERE, "person_elsewhere"),
    ],
    "person-update": [
        get(DOSSIER, "person"),
        post(DOSSIER, "person"),
        get(DOSSIER_ELSEWHERE, "person_elsewhere"),
        post(DOSSIER_ELSEWHERE, "person_elsewhere"),
    ],
    "household-list": [get(DOSSIER_WORK)],
    "household-create": [get(DOSSIER_WORK), post(DOSSIER_WORK)],
    "household-detail": [
        get(DOSSIER, "household"),
        get(DOSSIER_ELSEWHERE, "household_elsewhere"),
    ],
    "household-update": [
        get(DOSSIER, "household"),
        post(DOSSIER, "household"),
        post(DOSSIER_ELSEWHERE, "household_elsewhere"),
    ],
    # Web: organisations and the sociale kaart
    "organisation-list": [get(EVERYONE)],
    "organisation-create": [get(ORGANISATION_EDIT), post(ORGANISATION_EDIT)],
    "organisation-detail": [get(EVERYONE, "organisation")],
    "organisation-update": [
        get(ORGANISATION_EDIT, "organisation"),
        post(ORGANISATION_EDIT, "organisation"),
    ],
    "activity-list": [get(EVERYONE)],
    "activity-create": [get(ACTIVITY_CREATE), post(ACTIVITY_CREATE)],
    "activity-detail": [get(EVERYONE, "activity"), get(EVERYONE, "partner_activity")],
    "activity-update": [
        get(ACTIVITY_EDIT_OTHERS, "activity"),
        post(ACTIVITY_EDIT_OTHERS, "activity"),
        get(ACTIVITY_CREATE, "partner_activity"),
        post(ACTIVITY_CREATE, "partner_activity"),
    ],
    "area-list": [get(EVERYONE)],
    # Web: the project's own routes
    "login": [get(SIGNED_IN_AWAY), post(SIGNED_IN_AWAY)],
    "logout": [get(expect(405)), post(expect(302))],
    # The schema is public and the same for everyone; building it takes a second.
    "api-schema": [get({"anonymous": 200, "wijkwerker": 200})],
    "api-docs": [get(expect(200))],
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
        "person": {"public_id": world.in_area.public_id},
        "person_elsewhere": {"public_id": world.out_of_area.public_id},
        "household": {"pk": world.in_area.household.pk},
        "household_elsewhere": {"pk": world.out_of_area.household.pk},
        "organisation": {"pk": world.welfare_org.pk},
        "activity": {"pk": world.welfare_activity.pk},
        "partner_activity": {"pk": world.partner_activity.pk},
        "area": {"code": world.areas.buurt.code},
        "consent": {"pk": world.consent.pk},
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

# Bugs found by the matrix in code outside the core app, reported to its owner. Strict:
# once fixed, the test passes, the xfail fails, and the entry must go.
KNOWN_BUGS: dict[str, str] = {
    # "route id": "what goes wrong, and where",
}


def _route_params():
    for route in ROUTES:
        reason = KNOWN_BUGS.get(route.id)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(route, id=route.id, marks=marks)


def test_every_route_is_in_the_matrix():
    missing = sorted({r.name for r in ROUTES} - set(EXPECTATIONS))
    assert not missing, (
        f"routes without permission expectations: {missing}. Add them to EXPECTATIONS in "
        "tests/core/test_permissions.py with the status every role must get."
    )


def test_no_expectations_for_routes_that_are_gone():
    stale = sorted(set(EXPECTATIONS) - {r.name for r in ROUTES})
    assert not stale, f"EXPECTATIONS lists routes that no longer exist: {stale}"


def test_the_matrix_covers_the_core_pages_and_the_api():
    names = {r.name for r in ROUTES}
    assert {"person-detail", "activity-update", "api:person-detail", "api:api-root"} <= names
    assert not any(name.startswith("admin:") for name in names)


def _status_matches(expected, response, url) -> bool:
    if expected == LOGIN:
        location = response.headers.get("Location", "")
        return response.status_code == 302 and location.startswith(f"{reverse('login')}?next=")
    if expected == NOAUTH:
        return response.status_code in (401, 403)
    return response.status_code == expected


@pytest.mark.parametrize("route", list(_route_params()))
def test_permission_matrix(route, world, client_for, api_client_for):
    cases = EXPECTATIONS.get(route.name)
    assert cases, f"{route.name} ({route.route}) has no entry in EXPECTATIONS"
    known = targets(world)
    make_client = api_client_for if route.is_api else client_for
    clients = {}
    mismatches = []
    for case in cases:
        kwargs = dict(known[case.target]) if case.target else {}
        assert set(kwargs) | ({"format"} if route.has_format else set()) == set(route.params), (
            f"{route.name}: target {case.target!r} does not fit the URL parameters {route.params}"
        )
        if route.has_format:
            kwargs["format"] = "json"
        url = reverse(route.name, kwargs=kwargs)
        for visitor, expected in case.expected.items():
            if route.has_format and visitor not in FORMAT_SUFFIX_VISITORS:
                continue
            if visitor not in clients:
                clients[visitor] = make_client(world.users[visitor])
            client = clients[visitor]
            if route.is_api:
                response = getattr(client, case.method)(url, case.data, format="json")
            else:
                response = getattr(client, case.method)(url, case.data)
            if not _status_matches(expected, response, url):
                mismatches.append(
                    f"{case.method.upper()} {url} as {visitor}: expected {expected}, "
                    f"got {response.status_code}"
                )
    assert not mismatches, "\n".join(mismatches)


def test_a_new_route_is_caught_by_the_walk(monkeypatch, settings):
    """The guard itself: a view added to the URLs shows up, and without an entry it fails."""
    from django.http import HttpResponse
    from django.urls import path

    import kwartier.urls

    def new_view(request):
        return HttpResponse("nieuw")

    new_view.__module__ = "kwartier.core.views"
    urlconf = types.ModuleType("tests_extra_urlconf")
    urlconf.urlpatterns = [
        *kwartier.urls.urlpatterns,
        path("nieuw/", new_view, name="nieuwe-pagina"),
        path("naamloos/", new_view),
    ]
    monkeypatch.setitem(sys.modules, urlconf.__name__, urlconf)
    settings.ROOT_URLCONF = urlconf.__name__
    names = {r.name for r in core_routes()}
    assert sorted(names - set(EXPECTATIONS)) == ["<unnamed /naamloos/>", "nieuwe-pagina"]
