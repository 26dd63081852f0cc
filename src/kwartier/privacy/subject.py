"""Data-subject rights: export everything on a resident (art. 15) and erase it (art. 17).

Each module registers what it holds on a person, so one screen and one API call
cover every module. A provider gives an export (plain JSON-able data) and an eraser
that removes its records and returns a description of what went (or would go).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class Provider:
    name: str  # Dutch label shown in the export and the erasure plan
    export: Callable  # (person) -> list[dict] | dict
    erase: Callable  # (person, dry_run: bool) -> list[str]
    order: int = 100  # erasers run from low to high; the person itself goes last


_PROVIDERS: dict[str, Provider] = {}


def register(name: str, export: Callable, erase: Callable, order: int = 100) -> None:
    _PROVIDERS[name] = Provider(name, export, erase, order)


def providers() -> list[Provider]:
    return sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.name))


def export_person(person) -> dict:
    return {
        "kenmerk": person.public_id,
        "aangemaakt_op": timezone.localtime().isoformat(timespec="seconds"),
        "gegevens": {p.name: p.export(person) for p in providers()},
    }


def erasure_plan(person) -> list[dict]:
    """What an erasure would remove, per module, without removing anything."""
    return [{"onderdeel": p.name, "wat": p.erase(person, True)} for p in providers()]


def erase_person(person, *, user, requested_on, reason: str):
    """Erase all data on `person` in one transaction and keep an erasure record."""
    from .models import ErasureRecord

    public_id = person.public_id
    organisation = person.organisation
    with transaction.atomic():
        summary = [{"onderdeel": p.name, "wat": p.erase(person, False)} for p in providers()]
        return ErasureRecord.objects.create(
            person_public_id=public_id,
            requested_on=requested_on,
            reason=reason,
            performed_by=user.username if user else "bewaartermijn",
            organisation_id=organisation.pk,
            organisation_name=str(organisation),
            summary=summary,
        )
