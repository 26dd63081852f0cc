"""The instruments demo: measurements over 2025 for about 40 residents, deterministic."""

import datetime
import random

import pytest

from kwartier.core.models import Person, User
from kwartier.demo.context import DemoContext
from kwartier.instruments import definitions, scoring
from kwartier.instruments.demo_data import delete_demo_data, seed_demo
from kwartier.instruments.models import Measurement
from tests.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(world):
    for _ in range(45):
        household = HouseholdFactory(organisation=world.welfare_org, buurt=world.areas.buurt)
        PersonFactory(organisation=world.welfare_org, household=household)
    return DemoContext(
        reference_date=datetime.date(2026, 1, 1),
        today=datetime.date(2026, 1, 1),
        organisation=world.welfare_org,
        persons=Person.objects.filter(organisation=world.welfare_org),
        users=User.objects.filter(pk__in=[u.pk for u in world.users.values() if u]),
    )


def snapshot():
    return sorted(
        (m.person_id, m.instrument, m.measured_on, str(m.total), m.band, tuple(m.answers.items()))
        for m in Measurement.objects.all()
    )


def test_demo_measurements_over_2025(demo):
    seed_demo(random.Random(5), demo)
    measurements = list(Measurement.objects.select_related("recorded_by"))
    assert {m.instrument for m in measurements} == set(definitions.INSTRUMENTS)
    per_series = {}
    for m in measurements:
        per_series.setdefault((m.person_id, m.instrument), []).append(m)
        assert datetime.date(2025, 1, 1) <= m.measured_on <= datetime.date(2025, 12, 31)
        # The stored score is what scoring gives for the stored answers.
        result = scoring.score(m.instrument, m.answers)
        assert m.total == result.total and m.band == (result.band.code if result.band else "")
        assert m.recorded_by.role in ("wijkwerker", "coordinator")
    assert len({person for person, _ in per_series}) == 40
    assert all(1 <= len(series) <= 4 for series in per_series.values())
    assert sum(len(series) >= 2 for series in per_series.values()) > len(per_series) * 0.8
    # Scores change over the year for most residents, not all in the same direction.
    changes = [
        series[-1].total - series[0].total
        for series in per_series.values()
        if len(series) > 1 and series[0].total is not None and series[-1].total is not None
    ]
    assert any(c > 0 for c in changes) and any(c < 0 for c in changes)


def test_demo_is_deterministic_and_removable(demo, world):
    seed_demo(random.Random(5), demo)
    first = snapshot()
    delete_demo_data([world.welfare_org.pk], [])
    assert not Measurement.objects.exists()
    seed_demo(random.Random(5), demo)
    assert snapshot() == first
