"""Moving a round through its phases, with the checks between them.

Forward one step at a time; back only from "uitwerken" to "ideeen" (more ideas after all).
Once voting has started the ballot rules and the initiatives on the ballot are fixed, so the
way back is closed from there on.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from . import results
from .models import BudgetRound, Initiative

Phase = BudgetRound.Phase
ORDER = list(Phase.values)
BACK = {Phase.UITWERKEN: Phase.IDEEEN}
VOTING_FIXED = {Phase.STEMMEN, Phase.UITSLAG, Phase.UITVOERING, Phase.EFFECTEN}


def next_phases(round: BudgetRound) -> list[str]:
    """The phases the round may move to from where it is."""
    options = []
    index = ORDER.index(round.phase)
    if index + 1 < len(ORDER):
        options.append(ORDER[index + 1])
    if round.phase in BACK:
        options.append(BACK[round.phase])
    return options


def problems(round: BudgetRound, target: str, today: datetime.date) -> list[str]:
    """Why the round cannot move to `target` now (empty when it can)."""
    if target not in next_phases(round):
        return [f"Van '{round.get_phase_display()}' kan de ronde niet naar deze fase."]
    found = []
    initiatives = round.initiatives.all()
    if target == Phase.STEMMEN:
        if not initiatives.filter(status=Initiative.Status.GOEDGEKEURD).exists():
            found.append("Er is nog geen goedgekeurd initiatief om op te stemmen.")
        waiting = initiatives.filter(status=Initiative.Status.INGEDIEND).count()
        if waiting:
            found.append(f"Nog {waiting} initiatief/initiatieven niet getoetst.")
        if round.ballot_type == BudgetRound.BallotType.CUMULATIVE and not round.points:
            found.append("Bij punten verdelen moet het aantal punten per stemmer vastliggen.")
        if round.voting_closes and round.voting_closes < today:
            found.append("De einddatum van het stemmen ligt al in het verleden.")
    elif target == Phase.UITSLAG:
        if round.voting_closes is None:
            found.append("Leg eerst vast tot wanneer er gestemd kon worden.")
        elif round.voting_closes >= today:
            found.append(
                f"Het stemmen loopt nog tot en met {round.voting_closes:%d-%m-%Y}; de uitslag "
                "kan pas daarna."
            )
        if not round.ballots.exists():
            found.append("Er zijn geen stemmen geteld.")
    return found


@transaction.atomic
def move(round: BudgetRound, target: str, today: datetime.date) -> BudgetRound:
    """Move the round to `target`; ValidationError with the reasons if it may not."""
    round = BudgetRound.objects.select_for_update().get(pk=round.pk)
    found = problems(round, target, today)
    if found:
        raise ValidationError(found)
    round.phase = target
    round.save(update_fields=["phase", "updated_at"])
    if target == Phase.UITSLAG:
        results.freeze(round)
    return round
