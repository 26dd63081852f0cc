"""`kwartier referrals overview --period … [--send]`."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from kwartier.referrals import services

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def run(*args) -> str:
    out = io.StringIO()
    call_command("referrals", "overview", *args, stdout=out)
    return out.getvalue()


def test_prints_each_referrers_figures_without_mailing(world, referral):
    output = run("--period", str(TODAY.year))
    assert "Huisartsenpraktijk Testveen: verwezen 1, geaccepteerd 0" in output
    assert not mail.outbox


def test_send_mails_each_referrer_its_own_overview(world, referral, gp_org):
    services.decline(referral, user=world.users["coordinator"], reason="doelgroep")
    output = run("--period", str(TODAY.year), "--send")
    assert f"gemaild aan {gp_org.email}" in output
    (message,) = mail.outbox
    assert message.to == [gp_org.email]
    assert "Verwezen: 1" in message.body and "Afgewezen: 1" in message.body
    assert "Past niet bij de doelgroep van de methode: 1" in message.body
    assert referral.family_name not in message.body


def test_a_period_without_referrals_says_so(world, referral):
    assert "Geen verwijzers" in run("--period", "2001Q1")


def test_a_bad_period_is_a_command_error():
    with pytest.raises(CommandError, match="kwartaal"):
        run("--period", "volgend jaar")
