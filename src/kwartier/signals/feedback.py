"""The reporter's answer to "Bent u tevreden?" after a signal was closed.

Once per closing: a FEEDBACK line in the history marks it ("Tevreden" or "Niet
tevreden", with the reporter's words). Not satisfied reopens the signal for the
handlers, by the reporter, through the one transition function.
"""

from __future__ import annotations

from django.db import transaction

from kwartier.core.errors import RuleError

from . import services
from .models import Signal, SignalEvent
from .states import Status

COMMENT_MAX = 1000
SATISFIED = "Tevreden"
NOT_SATISFIED = "Niet tevreden"


def may_give_feedback(signal: Signal) -> bool:
    """Closed, and no answer yet since it was closed."""
    if not signal.is_closed or signal.closed_at is None:
        return False
    answered = signal.events.filter(
        kind=SignalEvent.Kind.FEEDBACK, created_at__gte=signal.closed_at
    ).exists()
    return not answered


def give_feedback(signal: Signal, satisfied: bool, comment: str = "") -> Signal:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise RuleError(f"De toelichting is hoogstens {COMMENT_MAX} tekens.", field="comment")
    with transaction.atomic():
        # Locked, so that two answers sent at once cannot both count.
        locked = Signal.objects.select_for_update().get(pk=signal.pk)
        if not may_give_feedback(locked):
            raise RuleError("U heeft al gezegd of u tevreden bent over deze afhandeling.")
        locked.satisfied = satisfied
        locked.satisfaction_comment = comment
        locked.save(update_fields=["satisfied", "satisfaction_comment", "updated_at"])
        label = SATISFIED if satisfied else NOT_SATISFIED
        services.record(
            locked,
            SignalEvent.Kind.FEEDBACK,
            text=f"{label}: {comment}" if comment else label,
            by_reporter=True,
        )
        if not satisfied:
            services.transition(
                locked,
                Status.HEROPEND,
                by_reporter=True,
                reason=f"De melder is niet tevreden{': ' + comment if comment else '.'}",
            )
    signal.refresh_from_db()
    return signal
