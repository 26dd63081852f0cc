"""voting.ballots.cast: the round's ballot rules, the phase, the anonymous receipt."""

import pytest
from django.core.exceptions import ValidationError

from kwartier.budgets.models import Ballot
from kwartier.voting.ballots import cast
from tests.budgets.world import make_initiative, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def approval(world):
    round = make_round(world, phase="stemmen", max_projects=2, cost_cap=100)
    ids = [make_initiative(round, t, c).pk for t, c in (("A", 60), ("B", 40), ("C", 30))]
    rejected = make_initiative(round, "R", 10, status="afgewezen")
    return round, ids, rejected


def test_a_valid_approval_ballot_is_stored_without_any_person(approval):
    round, (a, b, _), _ = approval
    ballot = cast(round, {a: 1, b: 1}, "online")
    assert ballot.choices == {str(a): 1, str(b): 1}
    assert ballot.receipt.startswith("BB-") and len(ballot.receipt) == 12
    assert ballot.counted_at is not None
    fields = {f.name for f in Ballot._meta.get_fields()}
    assert fields == {"id", "round", "channel", "choices", "receipt", "counted_at"}


def test_zero_choices_are_left_out_and_string_keys_accepted(approval):
    round, (a, b, _), _ = approval
    assert cast(round, {str(a): 1, b: 0}, "papier").choices == {str(a): 1}


@pytest.mark.parametrize(
    "choices, message",
    [
        (lambda a, b, c, r: {a: 2}, "alleen ja of nee"),
        (lambda a, b, c, r: {a: 1, b: 1, c: 1}, "hoogstens 2"),
        (lambda a, b, c, r: {a: 1, c: 1}, "€ 90"),  # fits the cap; below: over it
        (lambda a, b, c, r: {r: 1}, "niet goedgekeurd"),
        (lambda a, b, c, r: {999999: 1}, "niet goedgekeurd"),
        (lambda a, b, c, r: {a: -1}, "negatief"),
        (lambda a, b, c, r: {a: "1"}, "geen heel getal"),
        (lambda a, b, c, r: {a: True}, "geen heel getal"),
        (lambda a, b, c, r: {"x": 1}, "Onbekend initiatief"),
        (lambda a, b, c, r: [a], "per initiatief"),
    ],
)
def test_invalid_approval_ballots_are_refused_in_dutch(approval, choices, message):
    round, (a, b, c), rejected = approval
    chosen = choices(a, b, c, rejected.pk)
    if message == "€ 90":
        cast(round, chosen, "online")  # 90 ≤ 100: fine
        round.cost_cap = 80
        round.save()
        message = "kosten samen € 90; dat mag hoogstens € 80"
    with pytest.raises(ValidationError) as error:
        cast(round, chosen, "online")
    assert message in " ".join(error.value.messages)


def test_cumulative_points_may_not_exceed_the_total(world):
    round = make_round(world, phase="stemmen", ballot_type="cumulative", points=5)
    a, b = make_initiative(round, "A", 10).pk, make_initiative(round, "B", 10).pk
    assert cast(round, {a: 3, b: 2}, "online").choices == {str(a): 3, str(b): 2}
    with pytest.raises(ValidationError, match="6 punten verdeeld; er zijn er hoogstens 5"):
        cast(round, {a: 3, b: 3}, "online")


@pytest.mark.parametrize("phase", ["ideeen", "uitwerken", "uitslag", "uitvoering"])
def test_only_in_the_voting_phase_except_imports(world, phase):
    round = make_round(world, phase=phase)
    a = make_initiative(round, "A", 10).pk
    with pytest.raises(ValidationError, match="alleen in de fase 'Stemmen'"):
        cast(round, {a: 1}, "online")
    assert cast(round, {a: 1}, "import").channel == "import"


def test_unknown_channel(approval):
    round, (a, _, _), _ = approval
    with pytest.raises(ValidationError, match="Onbekend kanaal"):
        cast(round, {a: 1}, "fax")


def test_receipts_are_unique(approval):
    round, (a, _, _), _ = approval
    receipts = {cast(round, {a: 1}, "online").receipt for _ in range(30)}
    assert len(receipts) == 30
