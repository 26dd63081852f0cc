"""A round is counted once per state: views read the count from the cache until a ballot,
an initiative or the round itself changes."""

import pytest

from kwartier.budgets import allocation, results
from kwartier.budgets.models import Ballot
from tests.budgets.world import budget_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(monkeypatch):
    """How many times the rules ran (each count runs every rule once)."""
    runs = []
    allocate = allocation.allocate

    def counting(rule, *args, **kwargs):
        runs.append(rule)
        return allocate(rule, *args, **kwargs)

    monkeypatch.setattr(allocation, "allocate", counting)
    return lambda: len(runs) // len(allocation.RULES)


def test_a_second_look_does_not_count_again(world, counted):
    b = budget_world(world)
    before = counted()
    first = results.compute(b.round_done)
    second = results.compute(b.round_done)
    assert counted() == before + 1
    assert second.official.selected == first.official.selected
    assert second.ballots == first.ballots == 6


def test_a_new_ballot_is_counted(world, counted):
    b = budget_world(world)
    assert results.compute(b.round_done).ballots == 6
    Ballot.objects.create(
        round=b.round_done, channel="papier", choices={str(b.b.pk): 1}, receipt="LATE1"
    )
    again = results.compute(b.round_done)
    assert again.ballots == 7
    rows = {row.initiative.pk: row for row in again.rows}
    assert rows[b.b.pk].supporters == 4


def test_a_changed_initiative_or_round_is_counted_again(world, counted):
    b = budget_world(world)
    first = results.compute(b.round_done)
    runs = counted()
    b.b.cost = 10
    b.b.save()
    cheaper = results.compute(b.round_done)
    assert counted() == runs + 1
    assert {row.initiative.pk: row.initiative.cost for row in cheaper.rows}[b.b.pk] == 10
    assert cheaper.rule_totals() != first.rule_totals()
    b.round_done.amount = 60
    b.round_done.save()
    assert results.compute(b.round_done).round.amount == 60
    assert counted() == runs + 2
