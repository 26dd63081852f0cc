"""The bewonersbudget block on the start page of the organisation's workers."""

from __future__ import annotations

from django.db.models import Count, Q

from .models import BudgetRound, Initiative


def home_block(request) -> dict | None:
    """Running rounds of the user's organisation, with initiatives waiting for review."""
    rounds = list(
        BudgetRound.objects.filter(organisation_id=request.user.organisation_id)
        .exclude(phase=BudgetRound.Phase.EFFECTEN)
        .select_related("area")
        .annotate(
            waiting=Count("initiatives", filter=Q(initiatives__status=Initiative.Status.INGEDIEND))
        )
        .order_by("-created_at", "-pk")[:5]
    )
    return {"rounds": rounds} if rounds else None
