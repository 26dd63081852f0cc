"""The support app's web pages in the permission matrix (see tests/core/matrix.py).

Vraag en aanbod is for the workers (beheerder, coördinator, wijkwerker) of an
organisation: a worker of another organisation opens the lists and forms, but finds none
of this organisation's hulpvragen, aanbod, runs, proposals or matches (404). A partner
reads the list of hulpvragen its consents open (none here: the world's consent covers
contact details only); a volunteer has their own matches; the gemeente the multiplier,
whose fte records are kept by coördinatoren and beheerders. Its API expectations are in
tests/core/test_permissions.py, with the core's.
"""

from tests.core.matrix import LOGIN, Case, expect, get, only, post

NOT_WORKERS = {"vrijwilliger": 403, "partner": 403, "gemeente": 403}
WORKERS = expect(200, anonymous=LOGIN, **NOT_WORKERS)
OWN = expect(200, anonymous=LOGIN, other_org_worker=404, **NOT_WORKERS)
# A hulpvraag its consents do not open is absent for the partner.
REQUEST = expect(
    200, anonymous=LOGIN, vrijwilliger=403, gemeente=403, partner=404, other_org_worker=404
)
REQUEST_ELSEWHERE = expect(
    200,
    anonymous=LOGIN,
    vrijwilliger=403,
    gemeente=403,
    partner=404,
    wijkwerker=404,
    other_org_worker=404,
)
VOLUNTEER = expect(403, anonymous=LOGIN, vrijwilliger=200)
OFFICERS = expect(403, anonymous=LOGIN, beheerder=200, coordinator=200)
# Actions that take a post only: the roles outside vraag en aanbod are refused, the other
# organisation's worker finds nothing; asked with a GET, a coördinator gets 405. Only these
# visitors post: for a worker an empty post can be a valid one (deleting an fte record).
ACTION_REFUSED = only(other_org_worker=404, **NOT_WORKERS)
ACTION_GET = only(coordinator=405)

# Web page URL name → the cases every visitor is walked with.
PAGES: dict[str, list[Case]] = {
    "support-overview": [get(WORKERS)],
    "helprequest-list": [get(expect(200, anonymous=LOGIN, vrijwilliger=403, gemeente=403))],
    "helprequest-create": [get(WORKERS)],
    "helprequest-detail": [
        get(REQUEST, "support_request"),
        get(REQUEST_ELSEWHERE, "support_request_elsewhere"),
    ],
    "helprequest-update": [get(OWN, "support_request")],
    "helprequest-status": [
        post(ACTION_REFUSED, "support_request"),
        get(ACTION_GET, "support_request"),
    ],
    "helper-list": [get(WORKERS)],
    "helper-create": [get(WORKERS)],
    "helper-load": [get(WORKERS)],
    "helper-detail": [get(OWN, "support_helper")],
    "helper-update": [get(OWN, "support_helper")],
    "matchrun-list": [get(WORKERS)],
    "matchrun-detail": [get(OWN, "support_run")],
    "proposal-accept": [get(OWN, "support_proposal")],
    "proposal-reject": [get(OWN, "support_proposal")],
    "match-list": [get(WORKERS)],
    "match-detail": [get(OWN, "support_match")],
    **{
        name: [post(ACTION_REFUSED, "support_match"), get(ACTION_GET, "support_match")]
        for name in ("match-introduction", "match-followup", "match-end")
    },
    "volunteer-match-list": [get(VOLUNTEER)],
    "volunteer-match-detail": [get(VOLUNTEER, "support_match")],
    "multiplier": [get(expect(200, anonymous=LOGIN, vrijwilliger=403, partner=403))],
    "capacity-list": [get(OFFICERS)],
    "capacity-update": [get(OFFICERS, "support_capacity")],
    # Deleting an fte record is for officers: the other organisation's wijkwerker is
    # refused on the role before anything is looked up.
    "capacity-delete": [
        post(only(other_org_worker=403, **NOT_WORKERS), "support_capacity"),
        get(ACTION_GET, "support_capacity"),
    ],
}


def targets(world) -> dict[str, dict]:
    """Target key ("support_...") → URL arguments of an object in tests/support/world.py."""
    from tests.support.world import support_world

    s = support_world(world)
    return {
        "support_request": {"pk": s.request_proposed.pk},
        "support_request_elsewhere": {"pk": s.request_elsewhere.pk},
        "support_helper": {"pk": s.helper_own.pk},
        "support_run": {"pk": s.run.pk},
        "support_proposal": {"pk": s.proposal_open.pk},
        "support_match": {"pk": s.match.pk},
        "support_capacity": {"pk": s.capacity.pk},
    }
