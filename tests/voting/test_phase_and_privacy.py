"""When votes are taken and figures shown; turnout suppression; the data-subject registry;
the rate limit's window."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kwartier.privacy import subject
from kwartier.voting import phase, throttle
from kwartier.voting.models import FailedTry, Voter
from kwartier.voting.turnout import suppressed, totals, turnout

pytestmark = pytest.mark.django_db


def past_closing(v):
    v.round.voting_closes = timezone.localdate() - datetime.timedelta(days=1)
    v.round.save()
    return v.round


def test_after_the_closing_date_no_votes_but_no_figures_before_the_result(
    v, world, client_for, api_client_for
):
    round = past_closing(v)
    assert not phase.is_open(round) and phase.has_ended(round)
    assert not phase.figures_visible(round)
    response = client_for(None).post(
        reverse("voting:portal-start", args=[round.pk]), {"code": v.code_in_area}
    )
    assert response.status_code == 400 and "gesloten" in response.content.decode()
    coordinator = api_client_for(world.users["coordinator"])
    assert coordinator.get(reverse("api:turnout", args=[round.pk])).status_code == 409
    # The ballot box is still counted: paper entries are taken until the result.
    body = {"round": round.pk, "number": 99, "choices": {v.initiatives[0].pk: 1}}
    assert coordinator.post(reverse("api:paper-entry-list"), body, format="json").status_code == 201
    assert (
        coordinator.post(reverse("api:vote-codes"), {"round": round.pk}, format="json").status_code
        == 400
    )


def test_before_the_opening_date(v, client_for):
    v.round.voting_opens = timezone.localdate() + datetime.timedelta(days=2)
    v.round.save()
    page = client_for(None).get(reverse("voting:portal-start", args=[v.round.pk]))
    assert "nog niet begonnen" in page.content.decode()
    assert 'name="code"' not in page.content.decode()


def test_turnout_rows_and_suppression(v, world):
    rows = turnout(v.closed)
    assert rows == [
        {
            "buurt": "Lindehof",
            "buurt_code": "BU99990102",
            "age_group": "65+",
            "voters": 0,
            "eligible": 1,
        },
        {
            "buurt": "Oude Haven",
            "buurt_code": "BU99990101",
            "age_group": "65+",
            "voters": 1,
            "eligible": 1,
        },
    ]
    assert totals(rows) == {"voters": 1, "eligible": 2, "percentage": 50}
    big = [{"buurt": "X", "buurt_code": "BU1", "age_group": "18-29", "voters": 6, "eligible": 12}]
    assert suppressed(big)[0] | {} == {**big[0], "voters": "6", "eligible": "12", "percentage": 50}
    small = [{**big[0], "voters": 3}]
    assert suppressed(small)[0]["voters"] == "<5" and suppressed(small)[0]["percentage"] is None


def test_a_small_turnout_cannot_be_worked_back_from_the_number_of_ballots():
    """The results publish the number of ballots (3 + 6 + 8 = 17 here): with only the 3
    hidden it would be 17 - 6 - 8. So the smallest other voters cell goes too, with its
    percentage; the eligible counts add up to nothing shown and stay."""
    cell = {"buurt": "X", "buurt_code": "BU1"}
    rows = [
        {**cell, "age_group": group, "voters": voters, "eligible": 20}
        for group, voters in [("18-29", 3), ("30-44", 6), ("45-64", 8)]
    ]
    shown = suppressed(rows)
    assert [r["voters"] for r in shown] == ["<5", "x", "8"]
    assert [r["eligible"] for r in shown] == ["20", "20", "20"]
    assert [r["percentage"] for r in shown] == [None, None, 40]


def test_export_and_erasure_keep_turnout_anonymous(v, world):
    exported = subject.export_person(world.in_area)["gegevens"]["Stemmen (kiezersregister)"]
    assert {row["ronde"] for row in exported} == {v.round.name, v.closed.name}
    voted = {row["ronde"]: row["heeft_gestemd"] for row in exported}
    assert voted[v.closed.name] is True
    assert voted[v.round.name].startswith("nog niet te zien")  # voting is open
    before = turnout(v.closed)
    person_pk = world.in_area.pk
    plan = dict((p["onderdeel"], p["wat"]) for p in subject.erasure_plan(world.in_area))
    assert plan["Stemmen (kiezersregister)"] == [
        "2 keer in een kiezersregister (blijft anoniem meetellen in de opkomst)"
    ]
    subject.erase_person(
        world.in_area,
        user=world.users["coordinator"],
        requested_on=timezone.localdate(),
        reason="test",
    )
    assert not Voter.objects.filter(person_id=person_pk).exists()
    assert Voter.objects.filter(round=v.closed, person=None, voted=True).count() == 1
    assert turnout(v.closed) == before


def test_failed_tries_count_only_within_the_window():
    key = "k" * 64
    old = timezone.now() - throttle.WINDOW - datetime.timedelta(minutes=1)
    FailedTry.objects.bulk_create(FailedTry(key=key, at=old) for _ in range(throttle.LIMIT))
    assert not throttle.blocked(key)
    for _ in range(throttle.LIMIT - 1):
        throttle.record_failure(key)
    assert not throttle.blocked(key)
    throttle.record_failure(key)
    assert throttle.blocked(key)
    assert FailedTry.objects.filter(at__lt=timezone.now() - throttle.WINDOW).count() == 0
