"""Signals under the privacy rules: a linked resident's export and erasure, and the
removal of reporters' contact details a set time after closing."""

import datetime
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from kwartier.privacy import retention, subject
from kwartier.signals import handling, services, subject_data
from kwartier.signals.models import Signal, SignalEvent
from kwartier.signals.states import Status

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 30)


@pytest.fixture
def linked(signals, world, personas):
    return handling.link_person(signals.in_area, world.in_area, user=personas["wijkwerker"])


def test_the_export_lists_the_linked_signals(linked, world):
    exported = subject.export_person(world.in_area)["gegevens"]["Meldingen"]
    assert [s["melding"] for s in exported] == [linked.number]
    assert exported[0]["buurt"] == "Oude Haven" and exported[0]["status"] == "Gemeld"
    assert subject.export_person(world.in_area_2)["gegevens"]["Meldingen"] == []


def test_erasure_unlinks_and_keeps_the_signal(linked, world, personas):
    plan = {p["onderdeel"]: p["wat"] for p in subject.erasure_plan(world.in_area)}
    assert "1 melding" in plan["Meldingen"][0]
    assert Signal.objects.get(pk=linked.pk).person == world.in_area  # a plan changes nothing
    subject.erase_person(
        world.in_area,
        user=personas["coordinator"],
        requested_on=TODAY,
        reason="Verzoek van de bewoner",
    )
    signal = Signal.objects.get(pk=linked.pk)
    assert signal.person is None and signal.description == linked.description
    assert signal.events.filter(kind=SignalEvent.Kind.LINKED).last().text == subject_data.ERASED


def closed(signal, days_ago):
    services.transition(signal, Status.AFGEHANDELD, reason="Opgelost")
    at = timezone.make_aware(
        datetime.datetime.combine(TODAY - datetime.timedelta(days=days_ago), datetime.time(12))
    )
    Signal.objects.filter(pk=signal.pk).update(closed_at=at)
    return Signal.objects.get(pk=signal.pk)


def test_contact_goes_a_set_time_after_closing(signals, world):
    old = closed(signals.in_area, 91)  # Fatima, with consent
    recent = closed(
        services.report(
            category=old.category,
            area=world.areas.buurt,
            description="Scheve stoeptegel",
            channel="telefoon",
            reporter_email="melder@example.org",
            contact_consent=True,
        ),
        89,
    )
    still_open = services.report(
        category=old.category,
        area=world.areas.buurt,
        description="Losse tegel",
        channel="telefoon",
        reporter_phone="06-12345678",
        contact_consent=True,
    )
    Signal.objects.filter(pk=still_open.pk).update(
        reported_at=timezone.now() - datetime.timedelta(days=400)
    )
    rule, ids = subject_data.run_retention(dry_run=True, today=TODAY)
    assert ids == [old.pk] and rule == "90 dagen na het afsluiten van de melding"
    assert Signal.objects.get(pk=old.pk).reporter_name == "Fatima"  # a dry run
    rule, ids = subject_data.run_retention(dry_run=False, today=TODAY)
    assert ids == [old.pk]
    old.refresh_from_db()
    assert (old.reporter_name, old.reporter_email, old.reporter_phone) == ("", "", "")
    assert old.contact_removed_at is not None
    assert Signal.objects.get(pk=recent.pk).reporter_email == "melder@example.org"
    assert Signal.objects.get(pk=still_open.pk).reporter_phone == "06-12345678"
    assert subject_data.run_retention(dry_run=False, today=TODAY)[1] == []
    with override_settings(KWARTIER_SIGNAL_CONTACT_DAYS=30):
        assert subject_data.run_retention(dry_run=True, today=TODAY)[1] == [recent.pk]


def test_the_step_runs_with_kwartier_retention(signals, capsys):
    old = closed(signals.in_area, 200)
    results = {r.name: r.ids for r in retention.run_steps(dry_run=True, today=TODAY)}
    assert results[subject_data.STEP_NAME] == [old.pk]
    call_command("retention", "--dry-run")
    out = capsys.readouterr().out
    assert subject_data.STEP_NAME in out and "Fatima" not in out


@pytest.mark.parametrize(("value", "ok"), [("30", True), ("0", False), ("negentig", False)])
def test_the_setting_is_parsed_strictly(value, ok):
    code = "import django; django.setup(); from django.conf import settings; " + (
        "print(settings.KWARTIER_SIGNAL_CONTACT_DAYS)"
    )
    env = {"DJANGO_SETTINGS_MODULE": "kwartier.settings", "KWARTIER_SIGNAL_CONTACT_DAYS": value}
    result = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True, text=True
    )
    if ok:
        assert result.stdout.strip() == value
    else:
        assert "KWARTIER_SIGNAL_CONTACT_DAYS" in result.stderr
