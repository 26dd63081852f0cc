"""The budgets demo: a finished round and a round open for voting, deterministic, removable."""

import datetime
import random
from types import SimpleNamespace

import pytest

from kwartier.budgets import results
from kwartier.budgets.demo_data import delete_demo_data, seed_demo
from kwartier.budgets.models import Ballot, BudgetRound, Effect, ExecutionUpdate, Initiative
from kwartier.core.models import Person, User
from tests.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(world):
    for index in range(30):
        buurt = [world.areas.buurt, world.areas.buurt, world.areas.buurt_2][index % 3]
        household = HouseholdFactory(organisation=world.welfare_org, buurt=buurt)
        PersonFactory(organisation=world.welfare_org, household=household)
    return SimpleNamespace(
        reference_date=datetime.date(2026, 1, 1),
        today=datetime.date(2026, 1, 1),
        organisation=world.welfare_org,
        persons=Person.objects.filter(organisation=world.welfare_org).select_related(
            "household__buurt"
        ),
        users=User.objects.all(),
    )


def snapshot():
    titles = dict(Initiative.objects.values_list("pk", "title"))
    return {
        "rounds": sorted(BudgetRound.objects.values_list("name", "phase", "amount")),
        "initiatives": sorted(
            Initiative.objects.values_list(
                "title", "status", "funded", "residents_reached", "supporters", "opponents"
            )
        ),
        "ballots": sorted(
            (tuple(sorted(titles[int(pk)] for pk in c)), r)
            for c, r in Ballot.objects.values_list("choices", "receipt")
        ),
        "updates": sorted(ExecutionUpdate.objects.values_list("date", "status", "spent")),
    }


def test_the_demo_rounds(world, demo):
    seed_demo(random.Random(5), demo)
    finished = BudgetRound.objects.get(phase="effecten")
    voting = BudgetRound.objects.get(phase="stemmen")
    assert finished.area == world.areas.buurt  # the buurt with most residents
    assert voting.area == world.areas.buurt_2
    statuses = list(finished.initiatives.values_list("status", flat=True))
    assert len(statuses) == 12
    assert (statuses.count("goedgekeurd"), statuses.count("afgewezen")) == (9, 2)
    assert statuses.count("samengevoegd") == 1
    assert 250 <= finished.ballots.count() <= 300
    outcome = results.compute(finished)
    funded = set(finished.initiatives.filter(funded=True).values_list("pk", flat=True))
    assert funded == {int(pid) for pid in outcome.official.selected}
    # Equal shares gives the smaller groups something that greedy does not.
    assert outcome.official.selected != outcome.allocations["greedy"].selected
    assert ExecutionUpdate.objects.filter(initiative__pk__in=funded, status="klaar").exists()
    assert set(Effect.objects.values_list("order", flat=True)) == {1, 2, 3}
    assert not voting.ballots.exists()
    assert voting.initiatives.filter(status="goedgekeurd").count() == 6


def test_deterministic_and_removable(world, demo):
    seed_demo(random.Random(5), demo)
    first = snapshot()
    delete_demo_data([world.welfare_org.pk], [])
    assert not BudgetRound.objects.exists() and not Ballot.objects.exists()
    seed_demo(random.Random(5), demo)
    assert snapshot() == first
    delete_demo_data([], [world.areas.buurt.pk, world.areas.buurt_2.pk])
    assert not BudgetRound.objects.exists()
