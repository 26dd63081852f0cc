"""The methods app's part of the permission matrix (see tests/core/matrix.py).

Method templates hold no person-level data: every signed-in user reads them. A trajectory
follows its resident: the dossier roles of the resident's organisation (the wijkwerker in
their own wijk); a volunteer only the trajectories they are assigned to (404 otherwise); a
partner only under a consent covering "traject" (the world's consent covers contact
details only: 404); the gemeente never (403), it gets the funnels as aggregates.
Writes post empty data and so get a 400 from a role that may write (the pages too: the
page back with its errors), or a 302 where every field is optional. A method upload is
for coördinatoren and beheerders; the funnels are for workers and the gemeente.
"""

import datetime

from tests.core.matrix import LOGIN, NOAUTH, Case, expect, get, post, put

SIGNED_IN = expect(200, anonymous=NOAUTH)
NOT_ALLOWED = expect(405, anonymous=NOAUTH)  # a method no role may use on the route
# A method the route lacks, on a route some roles write to: the others are refused first.
NOT_ALLOWED_FOR_WORKERS = expect(405, anonymous=NOAUTH, vrijwilliger=403, partner=403, gemeente=403)
NOT_ALLOWED_FOR_READERS = expect(405, anonymous=NOAUTH, gemeente=403)
LIST = expect(200, anonymous=NOAUTH, gemeente=403)
CREATE = expect(400, anonymous=NOAUTH, vrijwilliger=403, partner=403, gemeente=403)
TRAJECTORY = expect(
    200, anonymous=NOAUTH, vrijwilliger=404, partner=404, gemeente=403, other_org_worker=404
)
TRAJECTORY_ELSEWHERE = expect(
    200,
    anonymous=NOAUTH,
    wijkwerker=404,
    vrijwilliger=404,
    partner=404,
    gemeente=403,
    other_org_worker=404,
)
VOLUNTEER_TRAJECTORY = expect(
    200, anonymous=NOAUTH, partner=404, gemeente=403, other_org_worker=404
)
ACTION = expect(
    400, anonymous=NOAUTH, vrijwilliger=403, partner=403, gemeente=403, other_org_worker=404
)
# The volunteer may tick the checklist of their own trajectories: not this one (404).
CHECKLIST = expect(
    400, anonymous=NOAUTH, vrijwilliger=404, partner=403, gemeente=403, other_org_worker=404
)
CHECKLIST_OWN = expect(400, anonymous=NOAUTH, partner=403, gemeente=403, other_org_worker=404)
FUNNEL = expect(200, anonymous=NOAUTH, vrijwilliger=403, partner=403)
FUNNEL_BAD = expect(400, anonymous=NOAUTH, vrijwilliger=403, partner=403)


def _actions(name: str, expected) -> list[Case]:
    return [
        post(expected, "methods_trajectory"),
        get(NOT_ALLOWED_FOR_READERS, "methods_trajectory"),
    ]


# API route name ("api:...") → the cases every visitor is walked with.
EXPECTATIONS: dict[str, list[Case]] = {
    "api:method-list": [get(SIGNED_IN), post(NOT_ALLOWED)],
    "api:method-detail": [
        get(SIGNED_IN, "methods_method"),
        get(expect(404, anonymous=NOAUTH), "methods_unknown_method"),
        put(NOT_ALLOWED, "methods_method"),
    ],
    "api:trajectory-list": [get(LIST), post(CREATE)],
    "api:trajectory-detail": [
        get(TRAJECTORY, "methods_trajectory"),
        get(TRAJECTORY_ELSEWHERE, "methods_trajectory_elsewhere"),
        get(VOLUNTEER_TRAJECTORY, "methods_trajectory_volunteer"),
        put(NOT_ALLOWED_FOR_WORKERS, "methods_trajectory"),
        Case("patch", NOT_ALLOWED_FOR_WORKERS, "methods_trajectory"),
        Case("delete", NOT_ALLOWED_FOR_WORKERS, "methods_trajectory"),
    ],
    "api:trajectory-advance": _actions("advance", ACTION),
    "api:trajectory-back": _actions("back", ACTION),
    "api:trajectory-end": _actions("end", ACTION),
    "api:trajectory-next-action": _actions("next-action", ACTION),
    "api:trajectory-notes": _actions("notes", ACTION),
    "api:trajectory-checklist": [
        *_actions("checklist", CHECKLIST),
        post(CHECKLIST_OWN, "methods_trajectory_volunteer"),
    ],
    "api:funnel": [
        Case("get", FUNNEL, None, {"method": "bsa"}),
        Case("get", FUNNEL_BAD, None, {"method": "bsa", "start": "2025-13-01"}),
        post(expect(405, anonymous=NOAUTH, vrijwilliger=403, partner=403)),
    ],
}

PAGE_SIGNED_IN = expect(200, anonymous=LOGIN)
PAGE_WORKERS = expect(200, anonymous=LOGIN, vrijwilliger=403, partner=403, gemeente=403)
PAGE_TRAJECTORY = expect(
    200, anonymous=LOGIN, vrijwilliger=404, partner=404, gemeente=403, other_org_worker=404
)
PAGE_TRAJECTORY_ELSEWHERE = expect(
    200,
    anonymous=LOGIN,
    wijkwerker=404,
    vrijwilliger=404,
    partner=404,
    gemeente=403,
    other_org_worker=404,
)
PAGE_VOLUNTEER_TRAJECTORY = expect(
    200, anonymous=LOGIN, partner=404, gemeente=403, other_org_worker=404
)
PAGE_ACTION = expect(
    400, anonymous=LOGIN, vrijwilliger=403, partner=403, gemeente=403, other_org_worker=404
)
# Every field optional: an empty post is a valid one (nothing ticked, nothing set). The
# volunteer may tick the checklist of their own trajectories only: not this one (404).
PAGE_CHECKLIST = expect(
    302, anonymous=LOGIN, vrijwilliger=404, partner=403, gemeente=403, other_org_worker=404
)
PAGE_DATA = expect(
    302, anonymous=LOGIN, vrijwilliger=403, partner=403, gemeente=403, other_org_worker=404
)
PAGE_FUNNEL = expect(200, anonymous=LOGIN, vrijwilliger=403, partner=403)

# Web page URL name → the cases every visitor is walked with.
PAGES: dict[str, list[Case]] = {
    "method-list": [get(PAGE_SIGNED_IN)],
    "method-detail": [
        get(PAGE_SIGNED_IN, "methods_method"),
        get(expect(404, anonymous=LOGIN), "methods_unknown_method"),
    ],
    "method-upload": [get(expect(403, anonymous=LOGIN, beheerder=200, coordinator=200))],
    "trajectory-list": [get(expect(200, anonymous=LOGIN, gemeente=403))],
    "trajectory-create": [get(PAGE_WORKERS)],
    "trajectory-detail": [
        get(PAGE_TRAJECTORY, "methods_trajectory"),
        get(PAGE_TRAJECTORY_ELSEWHERE, "methods_trajectory_elsewhere"),
        get(PAGE_VOLUNTEER_TRAJECTORY, "methods_trajectory_volunteer"),
        get(expect(404, anonymous=LOGIN, gemeente=403), "methods_trajectory_huge_id"),
    ],
    "trajectory-checklist": [post(PAGE_CHECKLIST, "methods_trajectory")],
    "trajectory-next-action": [post(PAGE_ACTION, "methods_trajectory")],
    "trajectory-advance": [post(PAGE_ACTION, "methods_trajectory")],
    "trajectory-back": [post(PAGE_ACTION, "methods_trajectory")],
    "trajectory-end": [post(PAGE_ACTION, "methods_trajectory")],
    "trajectory-data": [post(PAGE_DATA, "methods_trajectory")],
    "trajectory-note": [post(PAGE_ACTION, "methods_trajectory")],
    "funnel": [get(PAGE_FUNNEL)],
    "funnel-csv": [get(PAGE_FUNNEL)],
}


def targets(world) -> dict[str, dict]:
    """Target key ("methods_...") → URL arguments of an object made in `world`."""
    from kwartier.methods.models import Method
    from kwartier.methods.services import start_trajectory

    coordinator = world.users["coordinator"]
    bsa = Method.objects.current().get(code="bsa")
    visits = Method.objects.current().get(code="huisbezoek-ouderen")
    day = datetime.date(2025, 3, 1)

    def trajectory(person, method=bsa, volunteer=None) -> dict:
        made = start_trajectory(person, method, coordinator, day, volunteer=volunteer)
        return {"pk": made.pk}

    return {
        "methods_method": {"pk": bsa.pk},
        "methods_unknown_method": {"pk": 999_999_999},
        "methods_trajectory": trajectory(world.in_area),
        "methods_trajectory_elsewhere": trajectory(world.out_of_area),
        "methods_trajectory_volunteer": trajectory(
            world.in_area_2, visits, volunteer=world.users["vrijwilliger"]
        ),
        "methods_trajectory_huge_id": {"pk": 2**70},  # beyond a database integer
    }
