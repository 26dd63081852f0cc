"""Retention: dossiers untouched for the configured period are erased, after a dry run."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from kwartier.core.models import Person
from kwartier.privacy import retention
from kwartier.privacy.models import ErasureRecord

pytestmark = pytest.mark.django_db


def age(person, years):
    moment = timezone.now() - datetime.timedelta(days=365 * years + 5)
    Person.objects.filter(pk=person.pk).update(updated_at=moment)
    if person.household_id:
        person.household.__class__.objects.filter(pk=person.household_id).update(updated_at=moment)


def test_dry_run_lists_and_run_erases(world, capsys):
    age(world.out_of_area, 16)
    age(world.in_area, 14)
    call_command("retention", "--dry-run")
    out = capsys.readouterr().out
    assert world.out_of_area.public_id in out and world.in_area.public_id not in out
    assert "1 dossier(s) zou worden gewist" in out
    assert Person.objects.filter(pk=world.out_of_area.pk).exists()

    call_command("retention")
    assert not Person.objects.filter(pk=world.out_of_area.pk).exists()
    assert Person.objects.filter(pk=world.in_area.pk).exists()
    record = ErasureRecord.objects.get()
    assert record.reason == "Bewaartermijn verstreken" and record.performed_by == "bewaartermijn"


def test_a_recent_consent_keeps_the_dossier(world, give_consent):
    give_consent(world.out_of_area)
    age(world.out_of_area, 20)
    assert world.out_of_area not in retention.due_persons()


def test_period_is_configurable(world, settings):
    age(world.in_area_2, 3)
    settings.KWARTIER_RETENTION_DOSSIER_YEARS = 2
    assert world.in_area_2 in retention.due_persons()
    assert world.in_area_2 not in retention.due_persons(years=5)
