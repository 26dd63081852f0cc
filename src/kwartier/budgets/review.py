"""Feasibility review of initiatives: approve, reject with a reason, or merge into another.

A review can be redone until voting starts; from then on the ballot is fixed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import BudgetRound, Initiative
from .phases import VOTING_FIXED

DECISIONS = {
    "goedkeuren": "Goedkeuren",
    "afwijzen": "Afwijzen",
    "samenvoegen": "Samenvoegen met een ander initiatief",
}


def editable(initiative: Initiative) -> bool:
    """Cost, content and review may change until voting starts."""
    return initiative.round.phase not in VOTING_FIXED


def decide(
    initiative: Initiative, decision: str, reason: str = "", merged_into: Initiative | None = None
) -> Initiative:
    """Record a review decision; ValidationError (Dutch, per field) when it cannot be."""
    if not editable(initiative):
        raise ValidationError("Na de start van het stemmen kan een toetsing niet meer veranderen.")
    reason = (reason or "").strip()
    if decision not in DECISIONS:
        raise ValidationError({"decision": "Kies goedkeuren, afwijzen of samenvoegen."})
    if decision == "afwijzen" and not reason:
        raise ValidationError({"reason": "Geef de reden van de afwijzing; de indieners zien die."})
    if decision == "samenvoegen":
        _check_merge(initiative, merged_into)
    initiative.status = {
        "goedkeuren": Initiative.Status.GOEDGEKEURD,
        "afwijzen": Initiative.Status.AFGEWEZEN,
        "samenvoegen": Initiative.Status.SAMENGEVOEGD,
    }[decision]
    initiative.review_reason = reason
    initiative.merged_into = merged_into if decision == "samenvoegen" else None
    initiative.reviewed_at = timezone.now()
    initiative.save(
        update_fields=["status", "review_reason", "merged_into", "reviewed_at", "updated_at"]
    )
    return initiative


def _check_merge(initiative: Initiative, target: Initiative | None) -> None:
    if target is None:
        raise ValidationError({"merged_into": "Kies het initiatief waarmee dit samengaat."})
    if target.pk == initiative.pk:
        raise ValidationError({"merged_into": "Een initiatief kan niet met zichzelf samengaan."})
    if target.round_id != initiative.round_id:
        raise ValidationError({"merged_into": "Kies een initiatief uit dezelfde ronde."})
    if target.status in (Initiative.Status.SAMENGEVOEGD, Initiative.Status.AFGEWEZEN):
        raise ValidationError(
            {"merged_into": "Dat initiatief is zelf afgewezen of samengevoegd; kies een ander."}
        )


def merge_targets(initiative: Initiative):
    """Initiatives of the same round this one can be merged into."""
    return initiative.round.initiatives.exclude(pk=initiative.pk).exclude(
        status__in=[Initiative.Status.SAMENGEVOEGD, Initiative.Status.AFGEWEZEN]
    )


def round_open_for_initiatives(round: BudgetRound) -> bool:
    return round.phase not in VOTING_FIXED
