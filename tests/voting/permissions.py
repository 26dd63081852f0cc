"""The voting app's part of the permission matrix (see tests/core/matrix.py).

Voting with a code and checking a receipt are for anyone, signed in or not (the
matrix posts no data: 400). Workers (beheerder, coördinator, wijkwerker) of the round's
organisation enter paper ballots and use the voter register, scoped like any resident
list; coördinatoren and beheerders make codes and judge differences. Turnout is for
the workers and the gemeente, only once voting has closed (409 while open). The
resident portal is for everyone, signed in or not; its steps after the code send a
visitor without one back (302).
"""

from tests.core.matrix import LOGIN, NOAUTH, Case, expect, get, post
from tests.voting.world import voting_world

OTHERS = {"vrijwilliger": 403, "partner": 403, "gemeente": 403}
ANYONE_400 = expect(400)
WORKERS_LIST = expect(200, anonymous=NOAUTH, **OTHERS)
WORKERS_WRITE = expect(400, anonymous=NOAUTH, **OTHERS)
COORDINATORS = expect(403, anonymous=NOAUTH, beheerder=200, coordinator=200)
COORDINATORS_WRITE = expect(403, anonymous=NOAUTH, beheerder=400, coordinator=400)
# A voter in the wijkwerker's wijk, registered by the personas' organisation.
VOTER = expect(200, anonymous=NOAUTH, other_org_worker=404, **OTHERS)
# New code: every worker in turn gets one (the previous code stops working).
VOTER_NEW_CODE = VOTER
# Marking as voted: the first worker does it; after that the voter has voted (400).
VOTER_MARK = expect(400, anonymous=NOAUTH, beheerder=200, other_org_worker=404, **OTHERS)
TURNOUT_CLOSED = expect(200, anonymous=NOAUTH, vrijwilliger=403, partner=403, other_org_worker=404)
TURNOUT_OPEN = expect(409, anonymous=NOAUTH, vrijwilliger=403, partner=403, other_org_worker=404)

# API route name ("api:...") → the cases every visitor is walked with.
EXPECTATIONS: dict[str, list[Case]] = {
    "api:vote-create": [post(ANYONE_400)],
    "api:receipt-check": [get(expect(200), "voting_receipt")],
    "api:vote-codes": [post(COORDINATORS_WRITE)],
    "api:turnout": [get(TURNOUT_CLOSED, "voting_closed"), get(TURNOUT_OPEN, "voting_round")],
    # The register is searched, never listed whole: without ?search= a 400.
    "api:voter-list": [get(WORKERS_WRITE)],
    "api:voter-detail": [get(VOTER, "voting_voter")],
    "api:voter-new-code": [post(VOTER_NEW_CODE, "voting_voter")],
    "api:voter-mark-voted": [post(VOTER_MARK, "voting_voter")],
    "api:paper-entry-list": [get(WORKERS_LIST), post(WORKERS_WRITE)],
    "api:paper-ballot-list": [get(COORDINATORS)],
    "api:paper-ballot-detail": [
        get(expect(403, anonymous=NOAUTH, beheerder=200, coordinator=200), "voting_sheet")
    ],
    "api:paper-ballot-resolve": [post(COORDINATORS_WRITE, "voting_sheet")],
}

PAGE_OTHERS = {**OTHERS, "anonymous": LOGIN}
PAGE_WORKERS = expect(200, **PAGE_OTHERS)
PAGE_OWN_ROUND = expect(200, other_org_worker=404, **PAGE_OTHERS)
PAGE_COORDINATORS = expect(200, wijkwerker=403, other_org_worker=403, **PAGE_OTHERS)

# Web page URL name → the cases every visitor is walked with.
PAGES: dict[str, list[Case]] = {
    # The resident portal
    "voting:portal-results": [get(expect(200), "voting_page_closed")],
    "voting:portal-index": [get(expect(200))],
    "voting:portal-start": [get(expect(200), "voting_page_round")],
    "voting:portal-check": [get(expect(200), "voting_page_round")],
    # No code entered yet: back to the start.
    "voting:portal-ballot": [get(expect(302), "voting_page_round")],
    "voting:portal-confirm": [get(expect(302), "voting_page_round")],
    "voting:portal-thanks": [get(expect(302), "voting_page_round")],
    # The workers' pages
    "voting:rounds": [get(PAGE_WORKERS)],
    "voting:round": [get(PAGE_OWN_ROUND, "voting_page_round")],
    "voting:register": [get(PAGE_OWN_ROUND, "voting_page_round")],
    "voting:new-code": [get(PAGE_OWN_ROUND, "voting_page_voter")],
    "voting:mark-voted": [get(PAGE_OWN_ROUND, "voting_page_voter")],
    "voting:polling": [get(PAGE_OWN_ROUND, "voting_page_round")],
    "voting:paper": [get(PAGE_OWN_ROUND, "voting_page_round")],
    "voting:codes": [get(PAGE_COORDINATORS, "voting_page_round")],
    "voting:differences": [get(PAGE_COORDINATORS, "voting_page_round")],
    "voting:resolve": [get(PAGE_COORDINATORS, "voting_page_sheet")],
}


def targets(world) -> dict[str, dict]:
    """Target key ("voting_...") → URL arguments of an object made in `world`."""
    v = voting_world(world)
    return {
        "voting_receipt": {"receipt": v.ballot.receipt},
        "voting_round": {"pk": v.round.pk},
        "voting_closed": {"pk": v.closed.pk},
        "voting_voter": {"pk": v.voter_in_area.pk},
        "voting_sheet": {"pk": v.sheet.pk},
        # The pages name their arguments after what they are.
        "voting_page_round": {"round": v.round.pk},
        "voting_page_closed": {"round": v.closed.pk},
        "voting_page_voter": {"round": v.round.pk, "voter": v.voter_in_area.pk},
        "voting_page_sheet": {"round": v.round.pk, "paper": v.sheet.pk},
    }
