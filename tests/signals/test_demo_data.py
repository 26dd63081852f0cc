"""The signals demo: a year in every buurt, every channel and status, deterministic,
removable."""

import datetime
import random
from types import SimpleNamespace

import pytest
from django.db.models import Count

from kwartier.core.models import Person, User
from kwartier.signals import demo_data, subject_data
from kwartier.signals.models import ApiKey, RoutingRule, Signal, SignalPhoto
from kwartier.signals.states import Status
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 1)


@pytest.fixture
def demo(world):
    for name in (demo_data.HOUSING, demo_data.POLICE, demo_data.MUNICIPALITY):
        OrganisationFactory(name=name)
    return SimpleNamespace(
        reference_date=TODAY,
        today=TODAY,
        organisation=world.welfare_org,
        persons=Person.objects.filter(organisation=world.welfare_org),
        users=User.objects.filter(organisation=world.welfare_org),
    )


def snapshot():
    return list(
        Signal.objects.order_by("number").values_list(
            "number",
            "status",
            "category__code",
            "area__code",
            "channel",
            "reported_at",
            "closed_at",
            "partner__name",
            "reopened_count",
        )
    )


def test_a_year_of_signals_in_every_buurt(demo, world):
    demo_data.seed_demo(random.Random(7), demo)
    per_buurt = dict(Signal.objects.values_list("area__code").annotate(n=Count("pk")))
    assert per_buurt == {
        b.code: demo_data.SIGNALS_PER_BUURT
        for b in (world.areas.buurt, world.areas.buurt_2, world.areas.other_buurt)
    }
    signals = Signal.objects.all()
    assert set(signals.values_list("channel", flat=True)) == {c for c, _ in demo_data.CHANNELS}
    assert {Status.GEMELD, Status.IN_BEHANDELING, Status.DOORGEZET, Status.AFGEHANDELD} <= set(
        signals.values_list("status", flat=True)
    )
    end = datetime.datetime.combine(TODAY, datetime.time(17), tzinfo=datetime.UTC)
    reported = signals.values_list("reported_at", flat=True)
    assert max(reported) <= end and min(reported) >= end - datetime.timedelta(days=366)
    closed = [s for s in signals if s.closed_at]
    assert all(s.reported_at <= s.closed_at <= end for s in closed)
    states = {s.term_state() for s in closed}
    assert states == {"binnen", "over", "ver-over"}
    assert signals.filter(reopened_count__gt=0).exists()
    assert SignalPhoto.objects.exists()
    assert ApiKey.objects.count() == 2 and signals.filter(api_key__isnull=False).exists()
    # The partner's housing association has some passed on to it.
    assert signals.filter(partner__name=demo_data.HOUSING).exists()
    # Retention has removed the contact details of the long closed ones, as every night.
    assert signals.filter(contact_removed_at__isnull=False).exists()
    assert not subject_data.contact_due(TODAY, subject_data.contact_days()).exists()
    # Every history line lies in the demo's year, in order.
    for signal in signals.prefetch_related("events")[:30]:
        times = [e.created_at for e in signal.events.all()]
        assert times == sorted(times) and times[0] == signal.reported_at


def test_the_demo_is_deterministic_and_removable(demo, world):
    demo_data.seed_demo(random.Random(7), demo)
    first = snapshot()
    org_ids = {o.pk for o in OrganisationFactory._meta.model.objects.all()}
    area_ids = {a.pk for a in vars(world.areas).values()}
    demo_data.delete_demo_data(org_ids, area_ids)
    assert not Signal.objects.exists() and not RoutingRule.objects.exists()
    from kwartier.signals.models import SignalCounter

    SignalCounter.objects.all().delete()
    demo_data.seed_demo(random.Random(7), demo)
    assert snapshot() == first
