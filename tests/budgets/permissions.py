"""The budgets app's part of the permission matrix (see tests/core/matrix.py).

Rounds, reviewed initiatives, results, execution and effects are public information of a
neighbourhood: every signed-in user reads them. Writing follows the role (access.py):
coordinator and beheerder run rounds, wijkwerkers help with initiatives and execution, and
only for their own organisation. Empty writes: 400 for who may, 403 for who may not (on
the pages: the form back with its errors, 200).
"""

from tests.budgets.world import budget_world
from tests.core.matrix import LOGIN, NOAUTH, Case, expect, get, patch, post, put

EVERYONE = expect(200, anonymous=NOAUTH)
RUNNERS_400 = expect(403, anonymous=NOAUTH, beheerder=400, coordinator=400)
RUNNERS_200 = expect(403, anonymous=NOAUTH, beheerder=200, coordinator=200)
# Role-level checks for creating: the round or initiative is only known from valid data.
HELPERS_400 = expect(400, anonymous=NOAUTH, vrijwilliger=403, partner=403, gemeente=403)
HELPERS_200 = expect(403, anonymous=NOAUTH, beheerder=200, coordinator=200, wijkwerker=200)
# Under review: the organisation's workers and the gemeente; absent for everyone else.
UNREVIEWED = expect(200, anonymous=NOAUTH, vrijwilliger=404, partner=404, other_org_worker=404)
REVIEW = expect(
    403,
    anonymous=NOAUTH,
    beheerder=400,
    coordinator=400,
    vrijwilliger=404,
    partner=404,
    other_org_worker=404,
)
HIDDEN = expect(403, anonymous=NOAUTH)  # results while the round has not reached uitslag

EXPECTATIONS: dict[str, list[Case]] = {
    "api:budget-round-list": [get(EVERYONE), post(RUNNERS_400)],
    "api:budget-round-detail": [
        get(EVERYONE, "budgets_round"),
        patch(RUNNERS_200, "budgets_round"),
        put(RUNNERS_400, "budgets_round"),
    ],
    "api:budget-round-phase": [post(RUNNERS_400, "budgets_round")],
    "api:budget-round-results": [
        get(EVERYONE, "budgets_round"),
        get(HIDDEN, "budgets_round_open"),
    ],
    "api:budget-round-export": [get(EVERYONE, "budgets_round")],
    "api:budget-round-import": [post(RUNNERS_400)],
    "api:budget-initiative-list": [get(EVERYONE), post(HELPERS_400)],
    "api:budget-initiative-detail": [
        get(EVERYONE, "budgets_initiative"),
        get(UNREVIEWED, "budgets_initiative_pending"),
        patch(HELPERS_200, "budgets_initiative"),
    ],
    "api:budget-initiative-review": [post(REVIEW, "budgets_initiative_pending")],
    "api:budget-execution-update-list": [get(EVERYONE), post(HELPERS_400)],
    "api:budget-execution-update-detail": [get(EVERYONE, "budgets_update")],
    "api:budget-effect-list": [get(EVERYONE), post(HELPERS_400)],
    "api:budget-effect-detail": [get(EVERYONE, "budgets_effect")],
}


PAGE_EVERYONE = expect(200, anonymous=LOGIN)
PAGE_RUNNERS = expect(403, anonymous=LOGIN, beheerder=200, coordinator=200)
PAGE_HELPERS = expect(403, anonymous=LOGIN, beheerder=200, coordinator=200, wijkwerker=200)
PAGE_UNREVIEWED = expect(200, anonymous=LOGIN, vrijwilliger=404, partner=404, other_org_worker=404)
PAGE_REVIEW = expect(
    403,
    anonymous=LOGIN,
    beheerder=200,
    coordinator=200,
    vrijwilliger=404,
    partner=404,
    other_org_worker=404,
)

# Web page URL name → the cases every visitor is walked with.
PAGES: dict[str, list[Case]] = {
    "budget-round-list": [get(PAGE_EVERYONE)],
    "budget-round-create": [get(PAGE_RUNNERS), post(PAGE_RUNNERS)],
    "budget-round-import": [get(PAGE_RUNNERS)],
    "budget-round": [
        get(PAGE_EVERYONE, "budgets_round"),
        get(PAGE_EVERYONE, "budgets_round_open"),
    ],
    "budget-round-update": [
        get(PAGE_RUNNERS, "budgets_round"),
        post(PAGE_RUNNERS, "budgets_round"),
    ],
    "budget-round-phase": [post(PAGE_RUNNERS, "budgets_round_open")],
    "budget-results": [
        get(PAGE_EVERYONE, "budgets_round"),
        get(PAGE_EVERYONE, "budgets_round_open"),
    ],
    "budget-export": [get(PAGE_EVERYONE, "budgets_round")],
    "budget-initiative-create": [get(PAGE_HELPERS, "budgets_round_open")],
    "budget-initiative": [
        get(PAGE_EVERYONE, "budgets_initiative"),
        get(PAGE_UNREVIEWED, "budgets_initiative_pending"),
    ],
    "budget-initiative-update": [get(PAGE_HELPERS, "budgets_initiative")],
    "budget-initiative-review": [post(PAGE_REVIEW, "budgets_initiative_pending")],
    "budget-initiative-execution": [post(PAGE_HELPERS, "budgets_initiative")],
}


def targets(world) -> dict[str, dict]:
    """Target key ("budgets_...") → URL arguments of an object made in `world`."""
    b = budget_world(world)
    return {
        "budgets_round": {"pk": b.round_done.pk},
        "budgets_round_open": {"pk": b.round_open.pk},
        "budgets_initiative": {"pk": b.a.pk},
        "budgets_initiative_pending": {"pk": b.pending.pk},
        "budgets_update": {"pk": b.update.pk},
        "budgets_effect": {"pk": b.effect.pk},
    }
