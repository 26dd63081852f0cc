"""Casting a ballot: the one place where a round's ballot rules are checked.

Used for online votes (online.py) and paper ballots (paper.py). The ballot (budgets'
`Ballot`, which the count and the Pabulib import and export read) stores only the choices
and a receipt; who voted is kept apart, in the register (models.Voter), never with it.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kwartier.budgets.allocation import money
from kwartier.budgets.models import Ballot, BudgetRound, Initiative, new_receipt


def clean_choices(round: BudgetRound, choices) -> dict[int, int]:
    """The choices as {initiative pk: points}, without zeros; ValidationError (Dutch) if they
    break the round's rules."""
    if not isinstance(choices, dict):
        raise ValidationError("De keuzes moeten per initiatief een aantal punten geven.")
    cleaned: dict[int, int] = {}
    for key, value in choices.items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            raise ValidationError(f"Onbekend initiatief: {key!r}.") from None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"Het aantal punten voor initiatief {pk} is geen heel getal.")
        if value < 0:
            raise ValidationError(f"Het aantal punten voor initiatief {pk} is negatief.")
        if value:
            cleaned[pk] = cleaned.get(pk, 0) + value
    costs = dict(
        Initiative.objects.filter(
            round=round, status=Initiative.Status.GOEDGEKEURD, pk__in=cleaned
        ).values_list("pk", "cost")
    )
    unknown = sorted(set(cleaned) - set(costs))
    if unknown:
        raise ValidationError(
            "Op deze initiatieven kan niet gestemd worden (niet goedgekeurd of niet van deze "
            f"ronde): {', '.join(map(str, unknown))}."
        )
    if round.ballot_type == BudgetRound.BallotType.APPROVAL:
        _check_approval(round, cleaned, costs)
    else:
        total = sum(cleaned.values())
        if round.points is not None and total > round.points:
            raise ValidationError(
                f"U hebt {total} punten verdeeld; er zijn er hoogstens {round.points}."
            )
    return cleaned


def _check_approval(round: BudgetRound, cleaned: dict[int, int], costs: dict[int, Decimal]):
    if any(points != 1 for points in cleaned.values()):
        raise ValidationError("Bij deze ronde kiest u per initiatief alleen ja of nee.")
    if round.max_projects is not None and len(cleaned) > round.max_projects:
        raise ValidationError(
            f"U hebt {len(cleaned)} initiatieven gekozen; dat mogen er hoogstens "
            f"{round.max_projects} zijn."
        )
    total = sum(costs.values(), Decimal(0))
    if round.cost_cap is not None and total > round.cost_cap:
        raise ValidationError(
            f"De gekozen initiatieven kosten samen € {money(total)}; dat mag hoogstens "
            f"€ {money(round.cost_cap)} zijn."
        )


def cast(round: BudgetRound, choices: dict[int, int], channel: str) -> Ballot:
    """Check and store one anonymous ballot; returns it with its receipt.

    Only in phase "stemmen", except for imported ballots (a finished round from elsewhere).
    """
    if channel not in Ballot.Channel.values:
        raise ValidationError(f"Onbekend kanaal: {channel!r}.")
    if channel != Ballot.Channel.IMPORT and round.phase != BudgetRound.Phase.STEMMEN:
        raise ValidationError("Stemmen kan alleen in de fase 'Stemmen' van de ronde.")
    cleaned = clean_choices(round, choices)
    stored = {str(pk): points for pk, points in sorted(cleaned.items())}
    # A receipt collision is astronomically unlikely, but a retry costs nothing.
    for _ in range(5):
        try:
            with transaction.atomic():
                return Ballot.objects.create(
                    round=round, channel=channel, choices=stored, receipt=new_receipt()
                )
        except IntegrityError:
            continue
    raise ValidationError("Er kon geen unieke ontvangstcode gemaakt worden; probeer het opnieuw.")
