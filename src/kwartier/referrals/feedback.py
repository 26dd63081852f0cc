"""Feedback to the referrer: what is written, only what the resident's consent covers.

A decline is always reported (it says nothing about the resident the referrer did not
send). The start and end of the trajectory are reported only under a feedback consent in
force: its categories decide whether the message holds the dates and contact person
(verloop) and also the reason of ending and the outcome (uitkomst). A consent withdrawn
in the meantime stops all further feedback.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from kwartier.privacy.models import Consent

from . import mail
from .models import OUTCOME_CATEGORY, PROGRESS_CATEGORY, Feedback, Referral


def consented_categories(referral: Referral, on: datetime.date | None = None) -> set[str]:
    """The data categories the feedback consent covers today (none once withdrawn)."""
    if referral.feedback_consent_id is None:
        return set()
    consent = Consent.objects.valid(on).filter(pk=referral.feedback_consent_id).first()
    if consent is None:
        return set()
    return set(consent.categories.values_list("code", flat=True))


def _date(day: datetime.date) -> str:
    return f"{day:%d-%m-%Y}"


def decline_text(referral: Referral) -> str:
    text = f"Afgewezen op {_date(referral.decided_on)}: {referral.get_decline_reason_display()}."
    note = referral.decline_note.strip()
    return f"{text} Toelichting: {note}" if note else text


def start_text(referral: Referral) -> str:
    trajectory = referral.trajectory
    organisation = trajectory.organisation
    text = f"Gestart op {_date(trajectory.started_on)} bij {organisation}"
    text += f" ({trajectory.method.name})."
    worker = trajectory.worker
    if worker is not None:
        text += f" Contactpersoon: {worker.get_full_name() or worker.username}"
        text += f", telefoon {organisation.phone}." if organisation.phone else "."
    return text


def end_text(referral: Referral, categories: set[str]) -> str:
    trajectory = referral.trajectory
    text = f"Beëindigd op {_date(trajectory.ended_on)}."
    if OUTCOME_CATEGORY in categories:
        if trajectory.end_reason:
            text += f" Reden: {trajectory.end_reason_label}."
        if trajectory.outcome:
            text += f" Uitkomst: {trajectory.outcome_label}."
    return text


def _record(
    referral: Referral, kind: str, text: str, on: datetime.date, notify: bool
) -> Feedback | None:
    """Write one feedback of a kind (once) and mail it after the commit (with `notify`)."""
    if Feedback.objects.filter(referral=referral, kind=kind).exists():
        return None
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                referral=referral, kind=kind, text=text, written_on=on
            )
    except IntegrityError:  # written at the same moment by the other path (hook or service)
        return None
    if notify:
        transaction.on_commit(lambda: mail.send_feedback(feedback.pk))
    return feedback


# `notify=False` writes the feedback without mailing it (the demo's history).


def record_decline(referral: Referral, notify: bool = True) -> Feedback | None:
    text = decline_text(referral)
    return _record(referral, Feedback.Kind.AFGEWEZEN, text, referral.decided_on, notify)


def record_start(referral: Referral, notify: bool = True) -> Feedback | None:
    trajectory = referral.trajectory
    if trajectory is None or PROGRESS_CATEGORY not in consented_categories(referral):
        return None
    text = start_text(referral)
    return _record(referral, Feedback.Kind.GESTART, text, trajectory.started_on, notify)


def record_end(referral: Referral, notify: bool = True) -> Feedback | None:
    trajectory = referral.trajectory
    if trajectory is None or trajectory.ended_on is None:
        return None
    categories = consented_categories(referral)
    if PROGRESS_CATEGORY not in categories:
        return None
    text = end_text(referral, categories)
    return _record(referral, Feedback.Kind.BEEINDIGD, text, trajectory.ended_on, notify)


def on_trajectory_event(trajectory, event: str) -> None:
    """Listener of kwartier.methods.services: a referred trajectory started or ended."""
    from kwartier.methods.services import ENDED, STARTED

    referral = (
        Referral.objects.filter(trajectory_id=trajectory.pk)
        .select_related("trajectory__organisation", "trajectory__method", "trajectory__worker")
        .first()
    )
    if referral is None:
        return
    if event == STARTED:
        record_start(referral)
    elif event == ENDED:
        record_end(referral)
