"""The demo's activity leads up to the day it is built (or the day given), whenever that is."""

from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kwartier.budgets.models import BudgetRound
from kwartier.demo.generate import build_demo
from kwartier.instruments.models import Measurement
from kwartier.methods.models import Trajectory
from kwartier.privacy import retention
from kwartier.referrals.models import Referral
from kwartier.support.models import HelpRequest

pytestmark = pytest.mark.django_db

# A day well before the fixed reference date (2026-01-01), so dates counted from that
# date show; in the past, so the consents the demo records are in force.
TODAY = date(2025, 3, 1)
YEAR_AGO = TODAY - timedelta(days=366)


@pytest.fixture
def demo(settings):
    settings.KWARTIER_DEMO_PASSWORD = "demo"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_demo(today=TODAY)


def test_trajectories_run_in_the_year_before_today_with_some_actions_overdue(demo):
    starts = list(Trajectory.objects.values_list("started_on", flat=True))
    assert starts and all(YEAR_AGO <= day <= TODAY for day in starts)
    overdue = Trajectory.objects.overdue(TODAY)
    assert overdue.exists()
    assert all(TODAY - timedelta(days=31) <= t.next_action_due for t in overdue)
    assert Trajectory.objects.running().filter(next_action_due__gt=TODAY).exists()


def test_waiting_referrals_are_recent_and_none_is_due_for_retention(demo):
    waiting = Referral.objects.filter(status=Referral.Status.NIEUW)
    assert waiting.exists()
    assert all(0 < r.waiting_days(TODAY) <= 40 for r in waiting)
    received = Referral.objects.values_list("received_on", flat=True)
    assert all(YEAR_AGO <= day <= TODAY for day in received)
    due = [r for r in retention.run_steps(dry_run=True, today=TODAY) if r.ids]
    assert due == []


def test_measurements_hulpvragen_and_the_open_vote_lead_up_to_today(demo):
    measured = list(Measurement.objects.values_list("measured_on", flat=True))
    assert measured and all(YEAR_AGO <= day < TODAY for day in measured)
    registered = list(HelpRequest.objects.values_list("registered_on", flat=True))
    assert registered and max(registered) <= TODAY
    assert TODAY - max(registered) < timedelta(days=7)
    voting = BudgetRound.objects.get(phase=BudgetRound.Phase.STEMMEN)
    assert voting.voting_opens <= TODAY < voting.voting_closes
    assert voting.name.endswith(str(TODAY.year))


def test_the_command_refuses_a_day_that_is_not_a_date_or_lies_ahead(settings):
    settings.KWARTIER_DEMO_PASSWORD = "demo"
    with pytest.raises(CommandError, match="JJJJ-MM-DD"):
        call_command("demo", "--today", "15-06-2027", "--no-migrate")
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(CommandError, match="ligt na vandaag"):
        call_command("demo", "--today", tomorrow.isoformat(), "--no-migrate")
    assert not BudgetRound.objects.exists()
