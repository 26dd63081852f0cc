"""Retention of referrals that never became a dossier: declined or never decided ones lose
the resident's data a period after the decision (or the receipt), through the nightly
`kwartier retention`; accepted ones follow their resident's dossier."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from kwartier.privacy import retention
from kwartier.privacy.models import ErasureRecord
from kwartier.referrals import erasure, services
from kwartier.referrals.figures import months_before
from kwartier.referrals.models import Feedback, Referral
from kwartier.referrals.subject_data import PERSONAL_FIELDS

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 31)  # with 12 months: kept when decided on or after 31-3-2025
LIMIT = datetime.date(2025, 3, 31)


def dated(referral, received_on, decided_on=None):
    Referral.objects.filter(pk=referral.pk).update(received_on=received_on, decided_on=decided_on)
    return Referral.objects.get(pk=referral.pk)


def declined(world, referral, on):
    services.decline(
        referral, user=world.users["coordinator"], reason="anders", note="Verhuist naar Zeist."
    )
    return dated(referral, on - datetime.timedelta(days=10), on)


@pytest.fixture
def old_declined(world, referral):
    return declined(world, referral, LIMIT - datetime.timedelta(days=1))


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(datetime.date(2026, 3, 31), 12) == datetime.date(2025, 3, 31)
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2024, 2, 29), 12) == datetime.date(2023, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 18) == datetime.date(2024, 7, 15)
    assert months_before(datetime.date(2026, 1, 15), 0) == datetime.date(2026, 1, 15)


def test_a_declined_referral_is_kept_for_the_period_after_the_decision(world, gp, make):
    just_before = declined(world, make(), LIMIT - datetime.timedelta(days=1))
    on_the_day = declined(world, make(), LIMIT)
    # Received long ago, but decided within the period: counted from the decision.
    late_decision = declined(world, make(), LIMIT + datetime.timedelta(days=1))
    dated(late_decision, datetime.date(2023, 1, 1), late_decision.decided_on)
    assert list(erasure.due(TODAY)) == [just_before]
    assert on_the_day not in erasure.due(TODAY) and late_decision not in erasure.due(TODAY)


def test_a_referral_never_decided_counts_from_its_receipt(world, make):
    waiting_long = dated(make(), LIMIT - datetime.timedelta(days=1))
    waiting = dated(make(), LIMIT)
    assert list(erasure.due(TODAY)) == [waiting_long]
    assert waiting.status == "nieuw"


def test_an_accepted_referral_is_left_to_its_residents_dossier(world, referral):
    services.accept(
        referral,
        user=world.users["coordinator"],
        started_on=referral.received_on,
        person=world.in_area,
    )
    dated(referral, datetime.date(2020, 1, 1), datetime.date(2020, 1, 2))
    assert not erasure.due(TODAY).exists()
    rule, ids = erasure.run_retention(dry_run=False, today=TODAY)
    assert ids == []
    kept = Referral.objects.get(pk=referral.pk)
    assert kept.family_name and kept.person == world.in_area and kept.anonymised_at is None


def test_the_period_is_a_setting(world, old_declined, settings):
    settings.KWARTIER_RETENTION_DECLINED_REFERRAL_MONTHS = 24
    assert not erasure.due(TODAY).exists()
    assert list(erasure.due(TODAY, months=6)) == [old_declined]
    del settings.KWARTIER_RETENTION_DECLINED_REFERRAL_MONTHS
    assert erasure.retention_months() == erasure.DEFAULT_MONTHS == 12


def test_retention_blanks_the_residents_data_and_keeps_the_figures(world, old_declined):
    assert Feedback.objects.filter(referral=old_declined).exists()
    rule, ids = erasure.run_retention(dry_run=False, today=TODAY)
    assert ids == [old_declined.pk] and rule.startswith("12 maanden")
    kept = Referral.objects.get(pk=old_declined.pk)
    assert {name: getattr(kept, name) for name in PERSONAL_FIELDS} == PERSONAL_FIELDS
    assert kept.anonymised_at is not None and kept.full_name == "(gegevens gewist)"
    assert not Feedback.objects.filter(referral=kept).exists()
    # What the figures and questions about the decision need stays.
    for name in ("status", "received_on", "decided_on", "decline_reason", "birth_year"):
        assert getattr(kept, name) == getattr(old_declined, name), name
    assert (kept.organisation_id, kept.referrer_organisation_id, kept.method_id) == (
        old_declined.organisation_id,
        old_declined.referrer_organisation_id,
        old_declined.method_id,
    )
    record = ErasureRecord.objects.get()
    assert record.performed_by == "bewaartermijn" and record.requested_on == TODAY
    assert record.reason == erasure.RETENTION_REASON and record.person_public_id == ""
    assert record.organisation_id == world.welfare_org.pk
    assert f"Verwijzing {kept.pk} (afgewezen" in record.summary[0]["wat"][0]
    assert "Greet" not in str(record.summary) and "Verwijsma" not in str(record.summary)


def test_the_dry_run_changes_nothing_and_a_second_run_finds_nothing(world, old_declined):
    rule, ids = erasure.run_retention(dry_run=True, today=TODAY)
    assert ids == [old_declined.pk]
    untouched = Referral.objects.get(pk=old_declined.pk)
    assert untouched.family_name == old_declined.family_name and not untouched.anonymised_at
    assert not ErasureRecord.objects.exists()

    assert erasure.run_retention(dry_run=False, today=TODAY)[1] == [old_declined.pk]
    first = Referral.objects.get(pk=old_declined.pk).anonymised_at
    assert erasure.run_retention(dry_run=False, today=TODAY)[1] == []
    assert Referral.objects.get(pk=old_declined.pk).anonymised_at == first
    assert ErasureRecord.objects.count() == 1


def test_the_step_is_registered_with_privacy_retention(world, old_declined):
    results = retention.run_steps(dry_run=True, today=TODAY)
    step = next(r for r in results if r.name == erasure.STEP_NAME)
    assert step.ids == [old_declined.pk]


def test_the_retention_command_lists_ids_never_names(world, referral, capsys):
    # The command counts from the real today: a referral declined 13 months ago is due.
    today = timezone.localdate()
    declined(world, referral, months_before(today, 13))
    call_command("retention", "--dry-run")
    out = capsys.readouterr().out
    assert "0 dossier(s) zou worden gewist." in out  # the dossier part runs as before
    assert "Verwijzingen zonder dossier (12 maanden" in out
    assert f"1 zou worden geanonimiseerd: {referral.pk}." in out
    assert referral.family_name not in out and referral.given_name not in out
    assert Referral.objects.get(pk=referral.pk).anonymised_at is None

    call_command("retention")
    assert f"1 geanonimiseerd: {referral.pk}." in capsys.readouterr().out
    assert Referral.objects.get(pk=referral.pk).family_name == ""


@pytest.fixture
def make(gp, world):
    from tests.referrals.helpers import make_referral

    return lambda **overrides: make_referral(gp, world.welfare_org, **overrides)
