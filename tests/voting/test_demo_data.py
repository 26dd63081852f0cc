"""The voting demo on the budgets demo: register, online and paper votes, one difference;
deterministic, and removable."""

import datetime
import random
from types import SimpleNamespace

import pytest

from kwartier.budgets.models import Ballot, BudgetRound
from kwartier.core.models import Person, User
from kwartier.voting.demo_data import FLAGGED_SHEET, PAPER_SHEETS, delete_demo_data, seed_demo
from kwartier.voting.models import PaperBallot, Voter
from tests.factories import HouseholdFactory, PersonFactory
from tests.voting.world import add_initiatives

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(world):
    for index in range(60):
        buurt = [world.areas.buurt, world.areas.buurt_2][index % 2]
        household = HouseholdFactory(organisation=world.welfare_org, buurt=buurt)
        PersonFactory(organisation=world.welfare_org, household=household)
    round = BudgetRound.objects.create(
        name="Demo",
        area=world.areas.wijk,
        organisation=world.welfare_org,
        amount=25000,
        phase="stemmen",
        max_projects=2,
        voting_opens=datetime.date(2025, 12, 29),
        voting_closes=datetime.date(2026, 1, 26),
    )
    add_initiatives(round, costs=(1800, 6000, 9000))
    return SimpleNamespace(
        reference_date=datetime.date(2026, 1, 1),
        today=datetime.date(2026, 1, 1),
        organisation=world.welfare_org,
        persons=Person.objects.filter(organisation=world.welfare_org),
        users=User.objects.filter(organisation=world.welfare_org),
        round=round,
    )


def snapshot(round):
    return {
        "voters": sorted(
            Voter.objects.filter(round=round).values_list("person__public_id", "voted", "code_hash")
        ),
        "ballots": sorted(
            (b.channel, tuple(sorted(b.choices))) for b in Ballot.objects.filter(round=round)
        ),
        "sheets": list(PaperBallot.objects.filter(round=round).values_list("number", "status")),
    }


def test_the_demo_round_gets_voters_ballots_and_one_difference(demo):
    seed_demo(random.Random(5), demo)
    voters = Voter.objects.filter(round=demo.round)
    assert voters.count() == 62  # the 60 residents and the two of the shared world
    online = Ballot.objects.filter(round=demo.round, channel="online").count()
    assert online == int(62 * 0.3)
    assert voters.filter(voted=True).count() == online + PAPER_SHEETS
    assert voters.filter(voted=False, code_hash__isnull=False).count() == 62 - online - 12
    sheets = dict(PaperBallot.objects.filter(round=demo.round).values_list("number", "status"))
    assert sheets.pop(FLAGGED_SHEET) == "verschil"
    assert set(sheets.values()) == {"geteld"}
    assert Ballot.objects.filter(round=demo.round, channel="papier").count() == PAPER_SHEETS - 1


def test_the_demo_is_deterministic(demo):
    seed_demo(random.Random(5), demo)
    first = snapshot(demo.round)
    Ballot.objects.filter(round=demo.round).delete()
    PaperBallot.objects.filter(round=demo.round).delete()
    Voter.objects.filter(round=demo.round).delete()
    seed_demo(random.Random(5), demo)
    assert snapshot(demo.round) == first


def test_delete_demo_data_unblocks_users_and_areas(demo, world):
    seed_demo(random.Random(5), demo)
    delete_demo_data([world.welfare_org.pk], [world.areas.buurt.pk, world.areas.buurt_2.pk])
    assert not Voter.objects.exists() and not PaperBallot.objects.exists()
    world.users["wijkwerker"].delete()  # no paper entry protects the worker any more
