"""The phases of a round and the checks between them; the review of initiatives."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from kwartier.budgets import phases, review
from kwartier.budgets.models import BudgetRound
from tests.budgets.world import add_ballots, make_initiative, make_round

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 1)


def test_a_round_walks_through_all_phases(world):
    round = make_round(world, phase="uitwerken", voting_closes=TODAY + datetime.timedelta(days=5))
    a = make_initiative(round, "A", 60)
    make_initiative(round, "B", 50)
    round = phases.move(round, "stemmen", TODAY)
    add_ballots(round, [a])
    with pytest.raises(ValidationError, match="loopt nog tot en met 06-03-2026"):
        phases.move(round, "uitslag", TODAY)
    later = TODAY + datetime.timedelta(days=6)
    round = phases.move(round, "uitslag", later)
    a.refresh_from_db()
    assert a.funded and round.results_at is not None
    round = phases.move(round, "uitvoering", later)
    round = phases.move(round, "effecten", later)
    assert phases.next_phases(round) == []


def test_voting_needs_approved_and_reviewed_initiatives(world):
    round = make_round(world, phase="uitwerken")
    with pytest.raises(ValidationError) as error:
        phases.move(round, "stemmen", TODAY)
    assert "nog geen goedgekeurd initiatief" in str(error.value)
    make_initiative(round, "A", 10)
    make_initiative(round, "B", 10, status="ingediend")
    assert phases.problems(round, "stemmen", TODAY) == [
        "Nog 1 initiatief/initiatieven niet getoetst."
    ]


def test_cumulative_voting_needs_points_and_a_future_end(world):
    round = make_round(
        world,
        phase="uitwerken",
        ballot_type="cumulative",
        voting_closes=TODAY - datetime.timedelta(1),
    )
    make_initiative(round, "A", 10)
    found = phases.problems(round, "stemmen", TODAY)
    assert len(found) == 2 and "punten" in found[0] and "verleden" in found[1]


def test_results_need_a_closing_date_and_ballots(world):
    round = make_round(world, phase="stemmen")
    make_initiative(round, "A", 10)
    assert phases.problems(round, "uitslag", TODAY) == [
        "Leg eerst vast tot wanneer er gestemd kon worden.",
        "Er zijn geen stemmen geteld.",
    ]


def test_no_skipping_and_no_way_back_after_voting_started(world):
    round = make_round(world, phase="ideeen")
    assert phases.next_phases(round) == ["uitwerken"]
    with pytest.raises(ValidationError, match="niet naar deze fase"):
        phases.move(round, "stemmen", TODAY)
    round.phase = "uitwerken"
    assert phases.next_phases(round) == ["stemmen", "ideeen"]
    round.phase = "stemmen"
    assert phases.next_phases(round) == ["uitslag"]


def test_review_decisions(world):
    round = make_round(world)
    a = make_initiative(round, "A", 10, status="ingediend")
    b = make_initiative(round, "B", 10, status="ingediend")
    with pytest.raises(ValidationError) as error:
        review.decide(a, "afwijzen", "  ")
    assert "reason" in error.value.message_dict
    review.decide(a, "afwijzen", "Te duur voor wat het oplevert.")
    assert a.status == "afgewezen" and a.reviewed_at
    with pytest.raises(ValidationError) as error:
        review.decide(b, "samenvoegen", merged_into=a)
    assert "afgewezen of samengevoegd" in error.value.message_dict["merged_into"][0]
    with pytest.raises(ValidationError):
        review.decide(b, "samenvoegen", merged_into=b)
    other = make_initiative(make_round(world), "Elders", 5)
    with pytest.raises(ValidationError, match="dezelfde ronde"):
        review.decide(b, "samenvoegen", merged_into=other)
    review.decide(a, "goedkeuren")
    review.decide(b, "samenvoegen", "Samen sterker.", merged_into=a)
    assert b.merged_into == a and b.status == "samengevoegd"
    assert list(review.merge_targets(a)) == []
    review.decide(b, "goedkeuren")
    assert b.merged_into is None
    BudgetRound.objects.filter(pk=round.pk).update(phase="stemmen")
    b.round.refresh_from_db()
    with pytest.raises(ValidationError, match="niet meer veranderen"):
        review.decide(b, "afwijzen", "Toch niet.")
