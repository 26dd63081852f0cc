"""Retention: find dossiers whose retention period has passed, and erase them.

A dossier's last change is the latest of the person's own change, their address's
change and a consent recorded or withdrawn. The erasure itself is the same as on
request (subject.erase_person), so it leaves the same erasure record.

Personal data that belongs to no dossier (e.g. a referral that was declined and never
linked to a resident) has its own period: modules register a step for it, and the
`retention` command runs those steps after the dossiers.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from kwartier.core.models import Person

from . import subject


@dataclass
class Due:
    person: Person
    plan: list[dict]


def cutoff(today: date | None = None, years: int | None = None) -> datetime:
    today = today or timezone.localdate()
    years = settings.KWARTIER_RETENTION_DOSSIER_YEARS if years is None else years
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year that has none
        day = today.replace(year=today.year - years, day=28)
    return timezone.make_aware(datetime.combine(day, time.min))


def due_persons(today: date | None = None, years: int | None = None):
    """Residents whose every record is older than the retention period."""
    limit = cutoff(today, years)
    recent = (
        Q(household__updated_at__gte=limit)
        | Q(consents__recorded_at__gte=limit)
        | Q(consents__withdrawn_at__gte=limit)
    )
    recent_ids = Person.objects.filter(recent).values("pk")
    return (
        Person.objects.filter(updated_at__lt=limit)
        .exclude(pk__in=recent_ids)
        .select_related("organisation", "household")
        .order_by("updated_at")
    )


def run(*, dry_run: bool, today: date | None = None, years: int | None = None) -> list[Due]:
    results = []
    for person in due_persons(today, years):
        plan = subject.erasure_plan(person)
        if not dry_run:
            subject.erase_person(
                person,
                user=None,
                requested_on=today or timezone.localdate(),
                reason="Bewaartermijn verstreken",
            )
        results.append(Due(person, plan))
    return results


# Steps for personal data outside the dossiers -------------------------------------------


@dataclass(frozen=True)
class StepResult:
    name: str  # Dutch label of what the step handles, e.g. "Verwijzingen zonder dossier"
    rule: str  # the period in words, for the command's output
    ids: list[int]  # what was (or in a dry run would be) anonymised; ids, never names


# label → step(dry_run=..., today=...) -> (rule, ids)
_STEPS: dict[str, Callable[..., tuple[str, list[int]]]] = {}


def register_step(name: str, step: Callable[..., tuple[str, list[int]]]) -> None:
    _STEPS[name] = step


def run_steps(*, dry_run: bool, today: date | None = None) -> list[StepResult]:
    today = today or timezone.localdate()
    results = []
    for name, step in _STEPS.items():
        rule, ids = step(dry_run=dry_run, today=today)
        results.append(StepResult(name, rule, ids))
    return results
