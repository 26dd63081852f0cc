"""Handling a signal: assigning, notes and messages, templates, rerouting, splitting,
duplicates and merging, linking a resident; each recorded in the history."""

import datetime
from decimal import Decimal

import pytest

from kwartier.core.errors import RuleError
from kwartier.signals import handling
from kwartier.signals.models import ResponseTemplate, Signal, SignalEvent
from kwartier.signals.states import Status
from tests.signals.helpers import category, make_signal

Kind = SignalEvent.Kind


def last_event(signal):
    return signal.events.order_by("pk").last()


def test_assign_to_a_worker_of_the_handling_organisation(signals, personas):
    signal, coordinator = signals.in_area, personas["coordinator"]
    handling.assign(signal, personas["wijkwerker"], user=coordinator)
    assert signal.assignee == personas["wijkwerker"]
    event = last_event(signal)
    assert (event.kind, event.recorded_by) == (Kind.ASSIGNED, coordinator)
    for wrong in ("partner", "other_org_worker", "vrijwilliger"):
        with pytest.raises(RuleError) as error:
            handling.assign(signal, personas[wrong], user=coordinator)
        assert error.value.field == "assignee"
    handling.assign(signal, None, user=coordinator)
    assert signal.assignee is None
    assert last_event(signal).text == "Toewijzing ingetrokken"
    assert signal.events.filter(kind=Kind.ASSIGNED).count() == 2


def test_notes_and_messages_are_kept_apart(signals, personas):
    signal, worker = signals.in_area, personas["wijkwerker"]
    note = handling.add_note(signal, "  Gebeld met de aannemer ", user=worker)
    message = handling.send_message(signal, "We gaan ernaar kijken.", user=worker)
    assert (note.kind, note.text, note.recorded_by) == (Kind.NOTE, "Gebeld met de aannemer", worker)
    assert message.kind == Kind.MESSAGE
    with pytest.raises(RuleError):
        handling.add_note(signal, "   ", user=worker)
    with pytest.raises(RuleError):
        handling.send_message(signal, "x" * 4001, user=worker)


def test_the_most_specific_template_answers(signals, personas):
    signal = signals.in_area  # afval, under openbare ruimte
    afval = category("afval")
    assert handling.template_text(signal, Status.AFGEHANDELD) == ""
    ResponseTemplate.objects.create(status=Status.AFGEHANDELD, text="Algemeen")
    assert handling.template_text(signal, Status.AFGEHANDELD) == "Algemeen"
    ResponseTemplate.objects.create(
        category=afval.parent, status=Status.AFGEHANDELD, text="Openbare ruimte"
    )
    assert handling.template_text(signal, Status.AFGEHANDELD) == "Openbare ruimte"
    ResponseTemplate.objects.create(category=afval, status=Status.AFGEHANDELD, text="Afval")
    assert handling.template_text(signal, Status.AFGEHANDELD) == "Afval"
    assert handling.template_text(signal, Status.IN_BEHANDELING) == ""


def test_a_transition_tells_the_reporter(signals, personas):
    signal, user = signals.in_area, personas["coordinator"]
    ResponseTemplate.objects.create(status=Status.IN_BEHANDELING, text="We pakken het op.")
    handling.transition_with_message(signal, Status.IN_BEHANDELING, user=user)
    assert signal.status == Status.IN_BEHANDELING
    assert last_event(signal).text == "We pakken het op."
    # An own message replaces the template; no template and no message: no message.
    handling.transition_with_message(
        signal, Status.AFGEHANDELD, user=user, reason="Opgeruimd", message="Het is opgeruimd."
    )
    assert last_event(signal).text == "Het is opgeruimd."
    handling.transition_with_message(signal, Status.HEROPEND, user=user, reason="Weer vol")
    assert last_event(signal).kind == Kind.STATUS
    messages = signal.events.filter(kind=Kind.MESSAGE).count()
    # A refused transition sends nothing.
    with pytest.raises(RuleError):
        handling.transition_with_message(signal, Status.GEMELD, user=user, message="Hallo")
    assert signal.events.filter(kind=Kind.MESSAGE).count() == messages


def test_reroute_to_another_organisation(signals, personas, world):
    signal, user = signals.in_area, personas["coordinator"]
    handling.assign(signal, personas["wijkwerker"], user=user)
    handling.reroute(signal, world.other_welfare_org, team="Buurtteam", user=user)
    assert (signal.organisation, signal.team, signal.assignee) == (
        world.other_welfare_org,
        "Buurtteam",
        None,
    )
    assert last_event(signal).kind == Kind.ROUTED
    with pytest.raises(RuleError):
        handling.reroute(signal, world.other_welfare_org, team="Buurtteam", user=user)
    # Passed on to a partner: not rerouted to that same partner.
    with pytest.raises(RuleError):
        handling.reroute(signals.passed_on, world.housing_org, user=user)


def test_split_into_parts_for_partners(signals, personas, world):
    signal, user = signals.in_area, personas["coordinator"]
    signal.address, signal.latitude, signal.longitude = "Kade 3", Decimal("52.1"), Decimal("5.1")
    signal.save()
    parts = handling.split(
        signal,
        [
            {"category": category("groen"), "partner": world.housing_org, "description": "Boom"},
            {"category": category("parkeren"), "partner": world.other_welfare_org},
        ],
        user=user,
    )
    assert [p.status for p in parts] == [Status.DOORGEZET, Status.DOORGEZET]
    assert [p.partner for p in parts] == [world.housing_org, world.other_welfare_org]
    first, second = parts
    assert first.parent == signal and first.organisation == signal.organisation
    assert (first.area, first.address, first.latitude, first.channel) == (
        signal.area,
        "Kade 3",
        Decimal("52.1"),
        signal.channel,
    )
    assert first.description == "Boom" and second.description == signal.description
    assert first.reporter_name == ""  # the contact stays on the parent
    signal.refresh_from_db()
    assert signal.status == Status.IN_BEHANDELING
    split_event = signal.events.get(kind=Kind.SPLIT)
    assert first.number in split_event.text and split_event.recorded_by == user


def test_split_is_all_or_nothing(signals, personas, world):
    signal, user = signals.in_area, personas["coordinator"]
    before = Signal.objects.count()
    with pytest.raises(RuleError):
        handling.split(
            signal,
            [
                {"category": category("groen"), "partner": world.housing_org},
                {"category": category("groen"), "partner": world.welfare_org},  # the handler
            ],
            user=user,
        )
    assert Signal.objects.count() == before
    with pytest.raises(RuleError):
        handling.split(signal, [], user=user)


def point(signal, lat, lon, address=""):
    signal.latitude, signal.longitude, signal.address = Decimal(lat), Decimal(lon), address
    signal.save()
    return signal


def test_duplicates_by_distance_and_address(signals, world, personas):
    buurt = world.areas.buurt
    here = point(signals.in_area, "52.090000", "5.120000", "Dorpsstraat 1")
    near = point(make_signal(buurt), "52.090500", "5.120500")  # about 65 m
    far = point(make_signal(buurt), "52.091000", "5.121000")  # about 130 m
    other_kind = point(make_signal(buurt, code="parkeren"), "52.090100", "5.120100")
    same_address = make_signal(world.areas.buurt_2, code="groen", address=" dorpsstraat  1")
    old = point(
        make_signal(buurt, reported_at=here.reported_at - datetime.timedelta(days=15)),
        "52.090000",
        "5.120000",
    )
    closed = point(make_signal(buurt), "52.090000", "5.120000")
    closed.status = Status.AFGEHANDELD
    closed.save()
    found = set(handling.find_duplicates(here))
    assert found == {near, same_address}
    assert far not in found and other_kind not in found and old not in found
    handling.merge(near, here, user=personas["coordinator"])
    assert set(handling.find_duplicates(here)) == {same_address}


def test_merge_closes_the_duplicate(signals, world, personas):
    into, user = signals.in_area, personas["coordinator"]
    duplicate = make_signal(world.areas.buurt)
    handling.merge(duplicate, into, user=user)
    assert duplicate.merged_into == into
    assert duplicate.status == Status.AFGEHANDELD and duplicate.closed_at
    status = duplicate.events.get(kind=Kind.STATUS, to_status=Status.AFGEHANDELD)
    assert status.text == f"Samengevoegd met {into.number}"
    assert duplicate.events.filter(kind=Kind.MERGED).exists()
    assert into.events.get(kind=Kind.MERGED).text.startswith(duplicate.number)
    with pytest.raises(RuleError):
        handling.merge(duplicate, into, user=user)  # already merged
    with pytest.raises(RuleError):
        handling.merge(into, into, user=user)
    with pytest.raises(RuleError):  # not into a signal that is itself merged
        handling.merge(make_signal(world.areas.buurt), duplicate, user=user)


def test_link_only_a_visible_resident(signals, world, personas):
    signal, worker = signals.in_area, personas["wijkwerker"]
    with pytest.raises(RuleError) as error:
        handling.link_person(signal, world.other_org_person, user=worker)
    assert error.value.field == "person"
    with pytest.raises(RuleError):  # outside the wijkwerker's areas
        handling.link_person(signal, world.out_of_area, user=worker)
    handling.link_person(signal, world.in_area, user=worker)
    assert signal.person == world.in_area
    event = last_event(signal)
    assert event.kind == Kind.LINKED and "Anna" not in event.text
    handling.unlink_person(signal, user=worker)
    assert signal.person is None
    with pytest.raises(RuleError):
        handling.unlink_person(signal, user=worker)
    assert signal.events.filter(kind=Kind.LINKED).count() == 2
