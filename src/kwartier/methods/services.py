"""Every change of a trajectory goes through here: one transaction, the row locked, and the
listeners in `on_trajectory_event` told after the commit.

Other apps (referrals) call `start_trajectory` and subscribe to "gestart" / "beeindigd"
by appending a callable `fn(trajectory, event)` to `on_trajectory_event`. A change that
is not allowed raises core's RuleError with a Dutch message.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from kwartier.core.errors import RuleError

from .models import Method, Phase, PhaseVisit, ReviewNote, Trajectory

log = logging.getLogger(__name__)

STARTED = "gestart"
ENDED = "beeindigd"

# Listeners: fn(trajectory, event) with event STARTED or ENDED, called after the commit.
on_trajectory_event: list = []


def _notify(trajectory: Trajectory, event: str) -> None:
    def send():
        for listener in list(on_trajectory_event):
            try:
                listener(trajectory, event)
            except Exception:  # a listener's failure must not undo or break the change
                log.exception(
                    "listener %r failed on %s of trajectory %s", listener, event, trajectory.pk
                )

    transaction.on_commit(send)


def _enter(
    trajectory: Trajectory, phase: Phase, on: datetime.date, user, *, reason="", backwards=False
):
    """Open a visit of `phase` and set the next action from its checklist."""
    previous = trajectory.visits.filter(phase=phase).order_by("-entered_on", "-pk").first()
    visit = PhaseVisit.objects.create(
        trajectory=trajectory,
        phase=phase,
        entered_on=on,
        checked=list(previous.checked) if previous else [],
        reason=reason,
        backwards=backwards,
        entered_by=user if getattr(user, "is_authenticated", False) else None,
    )
    trajectory.current_phase = phase
    trajectory.next_action = _next_action(phase, visit.checked)
    trajectory.next_action_due = (
        on + datetime.timedelta(days=phase.expected_days) if phase.expected_days else None
    )
    return visit


def _next_action(phase: Phase, checked: list[int]) -> str:
    for i, item in enumerate(phase.checklist):
        if i not in checked:
            return item[:200]
    return f"Door naar de volgende fase na '{phase.name}'"[:200]


def _locked(trajectory: Trajectory) -> Trajectory:
    # Lock only the trajectory's row: PostgreSQL refuses FOR UPDATE on the nullable side
    # of the outer join that select_related makes for current_phase.
    return (
        Trajectory.objects.select_for_update(of=("self",))
        .select_related("method", "current_phase")
        .get(pk=trajectory.pk)
    )


def _current_visit(trajectory: Trajectory) -> PhaseVisit | None:
    return trajectory.visits.filter(left_on__isnull=True).order_by("-entered_on", "-pk").first()


def _check_date(trajectory: Trajectory, on: datetime.date, visit: PhaseVisit | None) -> None:
    if on > timezone.localdate():
        raise RuleError("De datum ligt in de toekomst.")
    if on < trajectory.started_on:
        raise RuleError("De datum ligt vóór de start van het traject.")
    if visit is not None and on < visit.entered_on:
        raise RuleError(
            f"De datum ligt vóór de start van de huidige fase ({visit.entered_on:%d-%m-%Y})."
        )


def _check_running(trajectory: Trajectory) -> None:
    if not trajectory.is_running:
        raise RuleError("Dit traject is al beëindigd.")


@transaction.atomic
def start_trajectory(
    person, method: Method, worker, started_on: datetime.date, source: str = "", volunteer=None
) -> Trajectory:
    """Start `person` on the first phase of `method` (this version) with `worker`."""
    first = method.phases.order_by("order").first()
    if first is None:
        raise RuleError("Deze methode heeft geen fasen.")
    if method.organisation_id and method.organisation_id != person.organisation_id:
        raise RuleError("Deze methode hoort bij een andere organisatie.")
    if started_on > timezone.localdate():
        raise RuleError("De startdatum ligt in de toekomst.")
    trajectory = Trajectory.objects.create(
        method=method,
        person=person,
        organisation_id=person.organisation_id,
        worker=worker if getattr(worker, "is_authenticated", False) else None,
        volunteer=volunteer,
        started_on=started_on,
        source=(source or "")[:60],
        created_by=worker if getattr(worker, "is_authenticated", False) else None,
    )
    _enter(trajectory, first, started_on, worker)
    trajectory.save()
    _notify(trajectory, STARTED)
    return trajectory


@transaction.atomic
def advance(trajectory: Trajectory, user, on: datetime.date | None = None) -> Trajectory:
    """Move to the next phase of the method."""
    trajectory = _locked(trajectory)
    _check_running(trajectory)
    on = on or timezone.localdate()
    visit = _current_visit(trajectory)
    _check_date(trajectory, on, visit)
    following = (
        trajectory.method.phases.filter(order__gt=trajectory.current_phase.order)
        .order_by("order")
        .first()
    )
    if following is None:
        raise RuleError("Dit is de laatste fase: beëindig het traject met een uitkomst.")
    if visit is not None:
        visit.left_on = on
        visit.save(update_fields=["left_on"])
    _enter(trajectory, following, on, user)
    trajectory.save()
    return trajectory


@transaction.atomic
def go_back(
    trajectory: Trajectory, phase: Phase, reason: str, user, on: datetime.date | None = None
) -> Trajectory:
    """Return to an earlier phase; the reason is kept in the history."""
    trajectory = _locked(trajectory)
    _check_running(trajectory)
    reason = (reason or "").strip()
    if not reason:
        raise RuleError("Geef een reden om terug te gaan.")
    if phase.method_id != trajectory.method_id or phase.order >= trajectory.current_phase.order:
        raise RuleError("Kies een eerdere fase van deze methode.")
    on = on or timezone.localdate()
    visit = _current_visit(trajectory)
    _check_date(trajectory, on, visit)
    if visit is not None:
        visit.left_on = on
        visit.save(update_fields=["left_on"])
    _enter(trajectory, phase, on, user, reason=reason[:300], backwards=True)
    trajectory.save()
    return trajectory


@transaction.atomic
def end_trajectory(
    trajectory: Trajectory, ended_on, outcome: str, end_reason: str, user
) -> Trajectory:
    """End the trajectory with an end reason and (if the method has outcomes) an outcome."""
    trajectory = _locked(trajectory)
    _check_running(trajectory)
    method = trajectory.method
    reasons = {r["code"] for r in method.end_reasons}
    outcomes = {o["code"] for o in method.outcomes}
    if end_reason not in reasons:
        raise RuleError("Kies een reden van beëindigen uit de lijst van deze methode.")
    if outcomes and outcome not in outcomes:
        raise RuleError("Kies een uitkomst uit de lijst van deze methode.")
    if not outcomes and outcome:
        raise RuleError("Deze methode kent geen uitkomsten.")
    visit = _current_visit(trajectory)
    _check_date(trajectory, ended_on, visit)
    if visit is not None:
        visit.left_on = ended_on
        visit.save(update_fields=["left_on"])
    trajectory.ended_on = ended_on
    trajectory.outcome = outcome or ""
    trajectory.end_reason = end_reason
    trajectory.next_action = ""
    trajectory.next_action_due = None
    trajectory.save()
    _notify(trajectory, ENDED)
    return trajectory


@transaction.atomic
def set_checklist(trajectory: Trajectory, checked: list[int]) -> PhaseVisit:
    """Tick the current phase's checklist (indexes into the phase's checklist)."""
    trajectory = _locked(trajectory)
    _check_running(trajectory)
    visit = _current_visit(trajectory)
    if visit is None:
        raise RuleError("Dit traject staat niet in een fase.")
    size = len(visit.phase.checklist)
    if any(not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < size for i in checked):
        raise RuleError("Onbekend punt op de checklist.")
    visit.checked = sorted(set(checked))
    visit.save(update_fields=["checked"])
    trajectory.next_action = _next_action(visit.phase, visit.checked)
    trajectory.save(update_fields=["next_action", "updated_at"])
    return visit


@transaction.atomic
def plan_next_action(trajectory: Trajectory, action: str, due: datetime.date | None) -> Trajectory:
    trajectory = _locked(trajectory)
    _check_running(trajectory)
    action = (action or "").strip()
    if not action:
        raise RuleError("Beschrijf de volgende actie.")
    trajectory.next_action = action[:200]
    trajectory.next_action_due = due
    trajectory.save(update_fields=["next_action", "next_action_due", "updated_at"])
    return trajectory


@transaction.atomic
def set_data(trajectory: Trajectory, values: dict, activity=None) -> Trajectory:
    """Store the method's fields (already checked by the form or serializer)."""
    trajectory = _locked(trajectory)
    trajectory.data = {**trajectory.data, **values}
    if activity is not None:
        trajectory.activity = activity
    trajectory.save(update_fields=["data", "activity", "updated_at"])
    return trajectory


def add_review_note(trajectory: Trajectory, text: str, user, written_on=None) -> ReviewNote:
    text = (text or "").strip()
    if not text:
        raise RuleError("De notitie is leeg.")
    if len(text) > 5000:
        raise RuleError("De notitie is langer dan 5000 tekens.")
    written_on = written_on or timezone.localdate()
    if written_on > timezone.localdate():
        raise RuleError("De datum ligt in de toekomst.")
    return ReviewNote.objects.create(
        trajectory=trajectory,
        text=text,
        author=user if getattr(user, "is_authenticated", False) else None,
        written_on=written_on,
    )
