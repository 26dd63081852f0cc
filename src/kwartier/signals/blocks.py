"""What the signals app adds to the start page: the user's open and over-term signals."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from .models import Signal


def home_block(request) -> dict | None:
    """Open signals in the user's scope and those assigned to them, each with how many
    are over their term; None when there are none."""
    user = request.user
    open_signals = Signal.objects.visible_to(user).open()
    over = Q(due_at__lt=timezone.now())
    mine = open_signals.filter(assignee=user)
    counts = {
        "open": open_signals.count(),
        "open_over": open_signals.filter(over).count(),
        "mine": mine.count(),
        "mine_over": mine.filter(over).count(),
    }
    return counts if counts["open"] else None
