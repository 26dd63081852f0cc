"""The voting block on the start page: paper ballots waiting for a coördinator."""

from django.db.models import Count, Q

from kwartier.budgets.models import BudgetRound

from .models import PaperBallot


def home_block(request) -> dict | None:
    """Rounds of the user's organisation with flagged paper ballots; None when there are none."""
    rounds = [
        r
        for r in BudgetRound.objects.filter(organisation_id=request.user.organisation_id)
        .annotate(
            flagged=Count("paper_ballots", filter=Q(paper_ballots__status__in=PaperBallot.FLAGGED))
        )
        .order_by("-pk")
        if r.flagged
    ]
    return {"rounds": rounds} if rounds else None
