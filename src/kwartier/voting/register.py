"""The voter register of a round: who is eligible, and their one-time vote codes.

Kwartier has no population register: the eligible residents are the residents the
round's organisation has registered, living (by their household) in a buurt of the
round's area, aged at least the round's minimum age on the day voting opens. A
resident without an address gets no letter and is left out; so is one whose age is
unknown when the round has a minimum age.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kwartier.core.models import Person

from . import codes
from .ages import age_group, age_on
from .models import Voter


@dataclass(frozen=True)
class Letter:
    """A voter and their new code, in print form: only ever held in memory."""

    voter: Voter
    code: str


def voting_day(round) -> datetime.date:
    return round.voting_opens or timezone.localdate()


def eligible(round) -> list[tuple[Person, str]]:
    """The eligible residents with their age group on voting day."""
    day = voting_day(round)
    persons = Person.objects.filter(
        organisation_id=round.organisation_id,
        household__buurt_id__in=round.area.buurt_ids(),
    ).select_related("household")
    out = []
    for person in persons:
        age = age_on(day, person.birth_date, person.birth_year)
        if (age is None and round.min_age) or (age is not None and age < round.min_age):
            continue
        out.append((person, age_group(age)))
    return out


def build(round) -> int:
    """Add the eligible residents not yet in the register; returns how many were added.
    Nobody is taken out: a resident who has moved may still hold a letter."""
    present = set(Voter.objects.filter(round=round).values_list("person_id", flat=True))
    new = [
        Voter(round=round, person=person, buurt_id=person.household.buurt_id, age_group=group)
        for person, group in eligible(round)
        if person.pk not in present
    ]
    Voter.objects.bulk_create(new)
    return len(new)


def hash_of(code: str) -> str:
    return codes.code_hash(code, settings.SECRET_KEY)


def issue(voters, make_code=codes.new_code) -> list[Letter]:
    """New codes for these voters; a code they held stops working. A voter who has voted
    gets one too, as used as the old one (voter_for_code only finds voters who have not
    voted), so that handing out a code says nothing about who voted.
    `make_code` is for the demo, which draws its codes from its own seeded generator."""
    letters = []
    with transaction.atomic():
        for voter in voters:
            code = make_code()
            voter.code_hash = hash_of(codes.normalise(code))
            voter.save(update_fields=["code_hash"])
            letters.append(Letter(voter, code))
    return letters


def issue_missing(round, make_code=codes.new_code) -> list[Letter]:
    """Build the register and give a code to everyone in it who has none and has not
    voted. Codes already handed out stay valid; a lost one is replaced one at a time."""
    build(round)
    waiting = Voter.objects.filter(round=round, code_hash__isnull=True, voted=False)
    return issue(waiting.select_related("person__household", "buurt"), make_code)


def voter_for_code(round, typed: str) -> Voter | None:
    """The voter who may still vote with this code in this round, else None."""
    code = codes.normalise(typed)
    if code is None:
        return None
    return Voter.objects.filter(round=round, code_hash=hash_of(code), voted=False).first()


def code_used(round, typed: str) -> bool:
    """Whether this is a code of the round that has been used: a resident submitting
    their own code twice, not someone guessing (the rate limit counts only guesses)."""
    code = codes.normalise(typed)
    if code is None:
        return False
    return Voter.objects.filter(round=round, code_hash=hash_of(code), voted=True).exists()


def mark_voted(voter: Voter) -> None:
    """Record that the voter has voted; their code is used up (its hash stays, so that a
    second submission of it is known as used). Says nothing about how they voted."""
    voter.voted = True
    voter.save(update_fields=["voted"])
