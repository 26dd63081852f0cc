"""Casting a vote with a code: the code is used up and the ballot made in one transaction,
so neither can happen without the other, and nothing ties the two together afterwards."""

from django.core.exceptions import ValidationError
from django.db import transaction

from . import phase, register
from .ballots import cast, clean_choices
from .models import Voter

USED = "Met deze stemcode is al gestemd."
# The same answer for a code that never existed, one that was replaced and one that was
# used: it must not tell a guesser anything.
WRONG_CODE = "Deze stemcode klopt niet of is al gebruikt. Controleer de code in uw brief."


def cast_with_voter(round, voter_id: int, choices: dict[int, int]):
    """Cast the ballot of the voter who entered a valid code; returns the ballot."""
    if not phase.is_open(round):
        raise ValidationError(phase.not_open_message(round))
    with transaction.atomic():
        voter = Voter.objects.select_for_update().filter(pk=voter_id, round=round).first()
        if voter is None or voter.voted:
            raise ValidationError(USED)
        ballot = cast(round, choices, "online")
        register.mark_voted(voter)
    return ballot


def cast_with_code(round, code: str, choices: dict[int, int]):
    """The API's way: code and choices in one request. Raises ValidationError with
    `code` or `choices` as field when the one or the other is wrong."""
    if not phase.is_open(round):
        raise ValidationError(phase.not_open_message(round))
    voter = register.voter_for_code(round, code)
    if voter is None:
        raise ValidationError({"code": WRONG_CODE})
    try:
        return cast_with_voter(round, voter.pk, choices)
    except ValidationError as error:
        if error.messages == [USED]:  # used by a submission at the same moment
            raise ValidationError({"code": WRONG_CODE}) from error
        raise ValidationError({"choices": error.messages}) from error


def check(round, choices: dict[int, int]) -> None:
    """Raise the ValidationError cast() would, without casting: the confirm page shows
    only choices that will be accepted."""
    clean_choices(round, choices)
