"""The domain functions: numbering, routing, terms and the status state machine."""

import datetime

import pytest
from django.utils import timezone

from kwartier.core.errors import RuleError
from kwartier.signals import services, states
from kwartier.signals.models import RoutingRule, Signal, SignalEvent
from kwartier.signals.states import Status
from tests.signals.helpers import category, make_signal


def test_numbers_count_per_year_without_gaps(signals, world):
    year = timezone.localdate().year
    numbers = sorted(Signal.objects.values_list("number", flat=True))
    assert numbers == [f"S-{year}-{n:06d}" for n in range(1, 6)]
    last_year = make_signal(
        world.areas.buurt, reported_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert last_year.number == f"S-{year - 1}-000001"


def test_the_most_specific_rule_routes(signals, world, routing):
    assert signals.in_area.organisation == world.welfare_org
    assert signals.in_area.team == "Meldpunt"
    # A rule on the parent category and the wijk covers a subcategory in one of its buurten.
    assert signals.youth_elsewhere.organisation == world.housing_org
    assert make_signal(world.areas.buurt, code="jeugd-overlast").organisation == world.welfare_org


def test_without_any_rule_a_signal_is_refused(world):
    with pytest.raises(RuleError, match="routeringsregel"):
        make_signal(world.areas.buurt)
    assert not Signal.objects.exists()


def test_a_signal_is_about_a_buurt(world, routing):
    with pytest.raises(RuleError) as error:
        make_signal(world.areas.wijk)
    assert error.value.field == "area"


def test_term_follows_the_category(signals):
    signal = signals.in_area
    assert signal.due_at - signal.reported_at == datetime.timedelta(days=category().term_days)
    assert signal.term_state() == "binnen"
    term = signal.due_at - signal.reported_at
    assert signal.term_state(signal.reported_at + term * 2) == "over"
    assert signal.term_state(signal.reported_at + term * 3) == "ver-over"


def test_every_transition_follows_the_table(signals, personas):
    signal = signals.in_area
    user = personas["coordinator"]
    with pytest.raises(RuleError):
        services.transition(signal, Status.HEROPEND, user=user, reason="x")
    services.transition(signal, Status.IN_BEHANDELING, user=user)
    services.transition(signal, Status.AFGEHANDELD, user=user, reason="Gerepareerd")
    signal.refresh_from_db()
    assert signal.closed_at is not None and states.open311_status(signal.status) == "closed"
    with pytest.raises(RuleError) as error:
        services.transition(signal, Status.HEROPEND, user=user)
    assert error.value.field == "reason"
    services.transition(signal, Status.HEROPEND, user=user, reason="Weer kapot")
    signal.refresh_from_db()
    assert signal.closed_at is None and signal.reopened_count == 1
    history = list(
        signal.events.filter(kind=SignalEvent.Kind.STATUS).values_list("to_status", flat=True)
    )
    assert history == ["gemeld", "in_behandeling", "afgehandeld", "heropend"]
    assert signal.events.last().recorded_by == user


def test_passing_on_needs_a_partner_outside_the_handler(signals, world, personas):
    with pytest.raises(RuleError) as error:
        services.transition(signals.in_area, Status.DOORGEZET, user=personas["coordinator"])
    assert error.value.field == "partner"
    with pytest.raises(RuleError):
        services.transition(
            signals.in_area,
            Status.DOORGEZET,
            partner=world.welfare_org,
            user=personas["coordinator"],
        )
    assert signals.passed_on.partner == world.housing_org


def test_each_role_sees_its_own_signals(signals, personas, world):
    def seen(role):
        return set(Signal.objects.visible_to(personas[role]).values_list("pk", flat=True))

    s = signals
    assert seen("coordinator") == {s.in_area.pk, s.out_of_area.pk, s.passed_on.pk, s.sensitive.pk}
    assert seen("wijkwerker") == {s.in_area.pk, s.passed_on.pk, s.sensitive.pk}
    assert seen("partner") == {s.passed_on.pk, s.youth_elsewhere.pk}
    assert seen("gemeente") == set() and seen("vrijwilliger") == set()
    assert seen("other_org_worker") == set()


def test_default_rule_is_unique(world, routing):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        RoutingRule.objects.create(organisation=world.housing_org)
