"""The voter register: who is eligible, codes stored hashed, a new code replaces the old."""

import datetime

import pytest

from kwartier.voting import register
from kwartier.voting.models import Voter
from tests.factories import HouseholdFactory, PersonFactory
from tests.voting.world import make_round

pytestmark = pytest.mark.django_db


def resident(world, buurt, **fields):
    household = HouseholdFactory(organisation=world.welfare_org, buurt=buurt)
    return PersonFactory(organisation=world.welfare_org, household=household, **fields)


def test_eligible_are_the_organisations_residents_in_the_area_old_enough(world):
    round = make_round(world, voting_opens=datetime.date(2026, 3, 1), min_age=16)
    sixteen_today = resident(world, world.areas.buurt, birth_date=datetime.date(2010, 3, 1))
    sixteen_tomorrow = resident(world, world.areas.buurt, birth_date=datetime.date(2010, 3, 2))
    year_only = resident(world, world.areas.buurt_2, birth_date=None, birth_year=2010)
    unknown_age = resident(world, world.areas.buurt_2, birth_date=None, birth_year=None)
    eligible = {person.pk: group for person, group in register.eligible(round)}
    assert world.in_area.pk in eligible and world.in_area_2.pk in eligible
    assert sixteen_today.pk in eligible and year_only.pk in eligible
    assert eligible[sixteen_today.pk] == "tot 18"
    assert sixteen_tomorrow.pk not in eligible
    assert unknown_age.pk not in eligible
    # Another wijk, no address, another organisation: not in this round's register.
    for person in (world.out_of_area, world.no_address, world.other_org_person):
        assert person.pk not in eligible


def test_codes_are_stored_only_as_a_hash(world):
    round = make_round(world)
    letters = register.issue_missing(round)
    assert {letter.voter.person_id for letter in letters} == {world.in_area.pk, world.in_area_2.pk}
    for letter in letters:
        stored = Voter.objects.get(pk=letter.voter.pk).code_hash
        assert stored and letter.code.replace("-", "") not in stored
        assert register.voter_for_code(round, letter.code).pk == letter.voter.pk


def test_making_codes_again_leaves_handed_out_codes_alone(world):
    round = make_round(world)
    first = register.issue_missing(round)
    assert register.issue_missing(round) == []
    late = resident(world, world.areas.buurt)
    second = register.issue_missing(round)
    assert [letter.voter.person_id for letter in second] == [late.pk]
    for letter in first:
        assert register.voter_for_code(round, letter.code) is not None


def test_a_new_code_invalidates_the_old_one(world):
    round = make_round(world)
    old = register.issue_missing(round)[0]
    new = register.issue([old.voter])[0]
    assert register.voter_for_code(round, old.code) is None
    assert register.voter_for_code(round, new.code).pk == old.voter.pk


def test_a_code_belongs_to_its_round(world):
    round = make_round(world)
    other = make_round(world, name="Andere ronde")
    letter = register.issue_missing(round)[0]
    assert register.voter_for_code(other, letter.code) is None


def test_voting_uses_the_code_up_and_keeps_only_yes_or_no(world):
    round = make_round(world)
    letter = register.issue_missing(round)[0]
    register.mark_voted(letter.voter)
    voter = Voter.objects.get(pk=letter.voter.pk)
    assert voter.voted and not voter.has_code
    assert register.voter_for_code(round, letter.code) is None
    assert register.code_used(round, letter.code)  # known as used, not as a wrong guess
    # A new code after voting (refusing would show who voted) is used up as well.
    again = register.issue([voter])[0]
    assert register.voter_for_code(round, again.code) is None
