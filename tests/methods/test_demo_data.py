"""The methods demo: every method in every phase, every end, overdue actions, notes;
deterministic and removable."""

import datetime
import random

import pytest

from kwartier.core.models import Person, User
from kwartier.demo.context import DemoContext
from kwartier.methods import demo_data, reporting
from kwartier.methods.models import Method, PhaseVisit, ReviewNote, Trajectory
from tests.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db
REFERENCE = datetime.date(2026, 1, 1)


@pytest.fixture
def context(world):
    rng = random.Random(7)
    buurten = [world.areas.buurt, world.areas.buurt_2, world.areas.other_buurt]
    for i in range(140):
        household = HouseholdFactory(organisation=world.welfare_org, buurt=buurten[i % 3])
        PersonFactory(
            organisation=world.welfare_org,
            household=household,
            # half of them 62-72 at the reference date, so Welzijn op Recept finds its ages
            birth_date=datetime.date(
                1954 + rng.randrange(10) if i % 2 else 1935 + rng.randrange(70),
                1 + i % 12,
                1 + i % 28,
            ),
        )
    return DemoContext(
        reference_date=REFERENCE,
        today=REFERENCE,
        organisation=world.welfare_org,
        persons=Person.objects.filter(organisation=world.welfare_org).select_related(
            "household__buurt"
        ),
        users=User.objects.filter(
            username__in=["beheerder", "coordinator", "wijkwerker", "vrijwilliger"]
        ),
    )


def snapshot():
    return sorted(
        Trajectory.objects.values_list(
            "person__public_id",
            "method__code",
            "current_phase__code",
            "started_on",
            "ended_on",
            "outcome",
            "end_reason",
            "next_action_due",
        )
    )


def test_every_method_in_every_phase_and_every_end(context):
    demo_data.seed_demo(random.Random(1), context)
    for method in Method.objects.current().filter(organisation__isnull=True):
        trajectories = Trajectory.objects.filter(method=method)
        running = {t.current_phase.code for t in trajectories if t.ended_on is None}
        assert running == {p.code for p in method.phases.all()}, method.code
        ended = trajectories.filter(ended_on__isnull=False)
        assert {t.end_reason for t in ended} == {r["code"] for r in method.end_reasons}
        assert {t.outcome for t in ended} == {o["code"] for o in method.outcomes}
        assert all(t.ended_on <= REFERENCE for t in ended)
        assert all(datetime.date(2025, 1, 1) <= t.started_on < REFERENCE for t in trajectories)
    running = Trajectory.objects.running()
    assert running.filter(next_action_due__lt=REFERENCE).count() >= 10
    assert running.filter(next_action_due__gt=REFERENCE).exists()
    assert PhaseVisit.objects.filter(backwards=True).exclude(reason="").exists()
    assert ReviewNote.objects.filter(trajectory__method__code="bsa").exists()
    assert (
        Trajectory.objects.filter(
            method__code="huisbezoek-ouderen", volunteer__username="vrijwilliger"
        ).count()
        == 16
    )
    assert Trajectory.objects.filter(activity__isnull=False).exists()
    # Measurements at the phases that ask for them: the funnel shows a change in scores.
    report = reporting.build(
        User.objects.get(username="coordinator"),
        Method.objects.current().get(code="bsa"),
        datetime.date(2025, 1, 1),
        REFERENCE,
    )
    assert {s.instrument for s in report.funnel.score_changes} == {"participatieladder", "lsns6"}
    wor_ages = [
        t.person.birth_date for t in Trajectory.objects.filter(method__code="welzijn-op-recept")
    ]
    assert all(60 <= (REFERENCE - born).days // 365.25 <= 75 for born in wor_ages)


def test_the_same_seed_gives_the_same_trajectories_and_it_can_be_removed(context):
    demo_data.seed_demo(random.Random(3), context)
    first = snapshot()
    demo_data.delete_demo_data([context.organisation.pk], [])
    assert not Trajectory.objects.exists()
    demo_data.seed_demo(random.Random(3), context)
    assert snapshot() == first
