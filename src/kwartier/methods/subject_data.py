"""Trajectories in the data-subject registry (privacy/subject.py): export and erasure.

Export (AVG art. 15): every trajectory with its phases, checklist, fields, outcome and
intervisie notes. Erasure (AVG art. 17): the trajectories with all of that, before the
consents (900) and the person (1000) go.
"""

from kwartier.core.wording import count
from kwartier.privacy import subject

from .models import ReviewNote, Trajectory

PROVIDER_NAME = "Trajecten (methoden)"
ORDER = 520


def _date(value):
    return value.isoformat() if value else None


def export_trajectories(person) -> list[dict]:
    out = []
    trajectories = (
        Trajectory.objects.filter(person=person)
        .select_related("method", "current_phase", "worker", "volunteer", "activity")
        .prefetch_related("visits__phase", "notes__author")
        .order_by("started_on", "pk")
    )
    for t in trajectories:
        out.append(
            {
                "traject": t.pk,
                "methode": str(t.method),
                "organisatie": str(t.organisation),
                "begeleider": t.worker.username if t.worker else None,
                "vrijwilliger": t.volunteer.username if t.volunteer else None,
                "gestart_op": _date(t.started_on),
                "bron": t.source or None,
                "huidige_fase": t.current_phase.name if t.current_phase and t.is_running else None,
                "volgende_actie": t.next_action or None,
                "uiterlijk_op": _date(t.next_action_due),
                "activiteit": t.activity.title if t.activity else None,
                "gegevens": t.data,
                "beeindigd_op": _date(t.ended_on),
                "uitkomst": t.outcome_label or None,
                "reden_beeindigen": t.end_reason_label or None,
                "fasen": [
                    {
                        "fase": v.phase.name,
                        "vanaf": _date(v.entered_on),
                        "tot": _date(v.left_on),
                        "afgevinkt": [
                            v.phase.checklist[i] for i in v.checked if i < len(v.phase.checklist)
                        ],
                        "terug_met_reden": v.reason or None,
                    }
                    for v in t.visits.all()
                ],
                "intervisie": [
                    {
                        "datum": _date(n.written_on),
                        "notitie": n.text,
                        "door": n.author.username if n.author else None,
                    }
                    for n in t.notes.all()
                ],
            }
        )
    return out


def erase_trajectories(person, dry_run: bool) -> list[str]:
    trajectories = Trajectory.objects.filter(person=person)
    notes = ReviewNote.objects.filter(trajectory__person=person)
    what = [
        f"{count(trajectories.count(), 'traject', 'trajecten')} met hun fasen en checklists",
        f"{count(notes.count(), 'intervisienotitie', 'intervisienotities')} bij die trajecten",
    ]
    if not dry_run:
        trajectories.delete()  # visits and notes cascade
    return what


def register() -> None:
    subject.register(PROVIDER_NAME, export_trajectories, erase_trajectories, order=ORDER)
