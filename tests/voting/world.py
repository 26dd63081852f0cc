"""A voting world on top of the shared `world` (tests/conftest.py).

An open approval round of the personas' welfare organisation in the wijkwerker's wijk:
the two residents in that wijk are in the register with a code, one online ballot is
cast, paper sheet 7 has two entries that differ. A second round of the same
organisation is closed, with a register in which one resident voted.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from kwartier.budgets.models import BudgetRound, Initiative
from kwartier.voting import paper, register
from kwartier.voting.ballots import cast


def make_round(world, **fields) -> BudgetRound:
    today = timezone.localdate()
    values = {
        "name": "Buurtbudget Centrum",
        "area": world.areas.wijk,
        "organisation": world.welfare_org,
        "amount": Decimal("50000"),
        "phase": BudgetRound.Phase.STEMMEN,
        "min_age": 16,
        "ballot_type": BudgetRound.BallotType.APPROVAL,
        "max_projects": 2,
        "cost_cap": Decimal("30000"),
        "voting_opens": today - datetime.timedelta(days=3),
        "voting_closes": today + datetime.timedelta(days=10),
    }
    return BudgetRound.objects.create(**(values | fields))


def add_initiatives(round, costs=(12000, 15000, 20000)) -> list[Initiative]:
    titles = ["Speeltuin Lindehof", "Moestuin bij de school", "Bankjes aan het water"]
    approved = [
        Initiative.objects.create(
            round=round,
            title=title,
            description=f"{title}: door en voor de buurt.",
            proposer_group="Bewoners",
            cost=Decimal(cost),
            status=Initiative.Status.GOEDGEKEURD,
        )
        for title, cost in zip(titles, costs, strict=False)
    ]
    Initiative.objects.create(
        round=round,
        title="Afgewezen plan",
        proposer_group="Bewoners",
        cost=Decimal(1000),
        status=Initiative.Status.AFGEWEZEN,
    )
    return approved


def voting_world(world) -> SimpleNamespace:
    if hasattr(world, "voting"):
        return world.voting
    round = make_round(world)
    initiatives = add_initiatives(round)
    letters = register.issue_missing(round)
    codes = {letter.voter.person_id: letter.code for letter in letters}
    ballot = cast(round, {initiatives[0].pk: 1}, "online")
    paper.enter(round, 7, {initiatives[0].pk: 1}, world.users["coordinator"])
    sheet = paper.enter(round, 7, {initiatives[1].pk: 1}, world.users["wijkwerker"])

    closed = make_round(
        world,
        name="Buurtbudget vorig jaar",
        phase=BudgetRound.Phase.UITSLAG,
        voting_opens=timezone.localdate() - datetime.timedelta(days=60),
        voting_closes=timezone.localdate() - datetime.timedelta(days=30),
    )
    register.build(closed)
    register.mark_voted(closed.voters.get(person=world.in_area))

    world.voting = SimpleNamespace(
        round=round,
        initiatives=initiatives,
        code_in_area=codes[world.in_area.pk],
        code_in_area_2=codes[world.in_area_2.pk],
        voter_in_area=round.voters.get(person=world.in_area),
        voter_in_area_2=round.voters.get(person=world.in_area_2),
        ballot=ballot,
        sheet=sheet,
        closed=closed,
    )
    return world.voting
