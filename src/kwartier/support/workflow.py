"""The status of a hulpvraag as an explicit state machine: the one place that changes it.

    nieuw        → zoeken, gestopt
    zoeken       → voorgesteld, gestopt
    voorgesteld  → gekoppeld, zoeken (proposal rejected), gestopt
    gekoppeld    → afgerond, zoeken (match ended without result), gestopt
    afgerond, gestopt: final

Every change runs in one transaction that locks the hulpvraag (select_for_update), checks
the transition against `TRANSITIONS`, and writes a `StatusChange` row. Nothing else
assigns `HelpRequest.status`.

Who makes which step:
- a worker by hand (`MANUAL`): start searching, stop a hulpvraag that is not matched;
- a match run: zoeken → voorgesteld;
- accepting a proposal: voorgesteld → gekoppeld; rejecting it: voorgesteld → zoeken;
- ending a match: gekoppeld → afgerond, zoeken or gestopt.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kwartier.core.errors import RuleError

from .models import WAITING_STATUSES, HelpRequest, StatusChange

Status = HelpRequest.Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NIEUW: frozenset({Status.ZOEKEN, Status.GESTOPT}),
    Status.ZOEKEN: frozenset({Status.VOORGESTELD, Status.GESTOPT}),
    Status.VOORGESTELD: frozenset({Status.GEKOPPELD, Status.ZOEKEN, Status.GESTOPT}),
    Status.GEKOPPELD: frozenset({Status.AFGEROND, Status.ZOEKEN, Status.GESTOPT}),
    Status.AFGEROND: frozenset(),
    Status.GESTOPT: frozenset(),
}
FINAL = frozenset(status for status, targets in TRANSITIONS.items() if not targets)

# Steps a worker takes with the status form; the others follow from matching, accepting or
# rejecting a proposal, and ending a match, so that a match always has a proposal and a
# consent behind it.
MANUAL: frozenset[tuple[str, str]] = frozenset(
    {
        (Status.NIEUW, Status.ZOEKEN),
        (Status.NIEUW, Status.GESTOPT),
        (Status.ZOEKEN, Status.GESTOPT),
        (Status.VOORGESTELD, Status.GESTOPT),
    }
)
REASON_REQUIRED = frozenset({Status.GESTOPT})

# Labels for the buttons of the manual steps.
ACTION_LABELS = {
    Status.ZOEKEN: "Helper zoeken",
    Status.GESTOPT: "Hulpvraag stoppen",
}


CHANGED_FIELDS = ["status", "status_changed_at", "waited_until", "stop_reason", "updated_at"]


def is_allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def manual_targets(status: str) -> list[str]:
    """The statuses a worker may set by hand from `status`, in flow order."""
    order = list(Status.values)
    return sorted(
        (to for (frm, to) in MANUAL if frm == status), key=lambda value: order.index(value)
    )


def transition(
    help_request: HelpRequest,
    to_status: str,
    *,
    user=None,
    reason: str = "",
    manual: bool = False,
) -> HelpRequest:
    """Move `help_request` to `to_status`, or raise RuleError. Returns the locked row.

    The passed instance is updated too, so callers can go on using it.
    """
    reason = (reason or "").strip()
    if to_status not in TRANSITIONS:
        raise RuleError(f"Onbekende status {to_status!r}.", field="status")
    with transaction.atomic():
        locked = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
        current = locked.status
        if not is_allowed(current, to_status):
            raise RuleError(
                f"Van {Status(current).label.lower()} naar {Status(to_status).label.lower()} "
                "kan niet.",
                field="status",
            )
        if manual and (current, to_status) not in MANUAL:
            raise RuleError(
                f"{Status(to_status).label} volgt uit het koppelen zelf, niet uit dit formulier.",
                field="status",
            )
        if to_status in REASON_REQUIRED and not reason:
            raise RuleError("Geef een reden op.", field="reason")
        today = timezone.localdate()
        now = timezone.now()
        StatusChange.objects.create(
            request=locked,
            from_status=current,
            to_status=to_status,
            reason=reason[:200],
            changed_by=user,
            changed_at=now,
        )
        locked.status = to_status
        locked.status_changed_at = now
        if to_status in WAITING_STATUSES:
            locked.waited_until = None  # waiting again: the waiting time runs on
        elif locked.waited_until is None:
            locked.waited_until = today
        if to_status == Status.GESTOPT:
            locked.stop_reason = reason[:200]
        locked._history_user = user  # simple_history: who made this version
        locked.save(update_fields=CHANGED_FIELDS)
    for field in CHANGED_FIELDS:
        setattr(help_request, field, getattr(locked, field))
    return locked


def record_creation(help_request: HelpRequest, user=None) -> None:
    """The first row of the status history: registered as nieuw."""
    StatusChange.objects.create(
        request=help_request,
        from_status="",
        to_status=help_request.status,
        reason="aangemeld",
        changed_by=user,
    )


def stop(help_request: HelpRequest, *, user, reason: str) -> HelpRequest:
    """Stop a hulpvraag by hand; open proposals for it lapse."""
    from .models import Proposal

    with transaction.atomic():
        locked = transition(help_request, Status.GESTOPT, user=user, reason=reason, manual=True)
        Proposal.objects.filter(request=locked, status=Proposal.Status.OPEN).update(
            status=Proposal.Status.VERVALLEN, decided_by=user, decided_at=timezone.now()
        )
    return locked


def change_by_hand(help_request: HelpRequest, to_status: str, *, user, reason: str = ""):
    """The status form: only the MANUAL steps, with their side effects."""
    if to_status == Status.GESTOPT:
        return stop(help_request, user=user, reason=reason)
    return transition(help_request, to_status, user=user, reason=reason, manual=True)
