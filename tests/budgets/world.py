"""Bewonersbudget on top of the shared `world` (tests/conftest.py), made on demand.

`budget_world(world)` adds, once per world, for the personas' welfare organisation:

    round_open (buurt, phase ideeen) ..... pending: an initiative still under review
    round_done (wijk, phase uitslag) ..... a, b, c approved, d rejected; ballots, results

round_done is the small hand-checked round of test_results.py: budget 100, initiatives
A (cost 60), B (cost 40), C (cost 30) and D (rejected), and 6 ballots: {A, B} ×3, {A}, {C} ×2.
Greedy: A (4 votes) and B (3) fill the budget; C (2) no longer fits. Equal shares: every
voter has 100/6; A's 4 supporters pay 15 each (price/cost 1/4, better than B's 1/3 and C's
1/2), leaving the {A, B} voters 5 together for B's 40; C's 2 supporters pay 15 each.
So mes funds A and C (90). One execution update and one effect are recorded on A.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from kwartier.budgets import results
from kwartier.budgets.models import Ballot, BudgetRound, Effect, ExecutionUpdate, Initiative


def make_round(world, area=None, **fields) -> BudgetRound:
    values = {
        "name": "Buurtbudget",
        "area": area or world.areas.buurt,
        "organisation": world.welfare_org,
        "amount": Decimal(100),
        "phase": BudgetRound.Phase.IDEEEN,
    } | fields
    return BudgetRound.objects.create(**values)


def make_initiative(round, title, cost, status=Initiative.Status.GOEDGEKEURD, **fields):
    return Initiative.objects.create(
        round=round,
        title=title,
        cost=Decimal(cost),
        proposer_group="Bewoners",
        status=status,
        **fields,
    )


def add_ballots(round, *ballots) -> None:
    Ballot.objects.bulk_create(
        Ballot(
            round=round,
            channel="online",
            choices={str(i.pk): 1 for i in chosen},
            receipt=f"T{round.pk}-{n}",
        )
        for n, chosen in enumerate(ballots)
    )


def budget_world(world) -> SimpleNamespace:
    if hasattr(world, "budgets"):
        return world.budgets
    round_open = make_round(world, name="Ideeën Oude Haven")
    pending = make_initiative(round_open, "Bankje bij de haven", 900, Initiative.Status.INGEDIEND)
    round_done = make_round(
        world,
        area=world.areas.wijk,
        name="Budget Centrum",
        rule="mes",
        phase=BudgetRound.Phase.STEMMEN,
        voting_closes=datetime.date(2025, 6, 1),
    )
    a = make_initiative(round_done, "Speeltuin", 60, residents_reached=40, supporters=30)
    b = make_initiative(round_done, "Bankjes", 40)
    c = make_initiative(round_done, "Taalcafé", 30)
    d = make_initiative(
        round_done, "Parkeren", 50, Initiative.Status.AFGEWEZEN, review_reason="Gemeentetaak."
    )
    add_ballots(round_done, [a, b], [a, b], [a, b], [a], [c], [c])
    round_done.phase = BudgetRound.Phase.UITSLAG
    round_done.save()
    results.freeze(round_done)
    a.refresh_from_db()
    update = ExecutionUpdate.objects.create(
        initiative=a, date=datetime.date(2025, 7, 1), status="bezig", spent=Decimal(20)
    )
    effect = Effect.objects.create(
        initiative=a, order=1, description="De speeltuin is open.", date=datetime.date(2025, 9, 1)
    )
    world.budgets = SimpleNamespace(
        round_open=round_open,
        pending=pending,
        round_done=round_done,
        a=a,
        b=b,
        c=c,
        d=d,
        update=update,
        effect=effect,
    )
    return world.budgets
