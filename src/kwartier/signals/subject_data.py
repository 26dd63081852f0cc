"""Signals in the privacy rules: a linked resident's export and erasure, and the
retention of reporters' contact details.

A signal is about the buurt, not about a resident: it names one only when a worker links
one. Export (AVG art. 15) lists the signals linked to the resident; erasure (AVG art. 17)
cuts the link and leaves the signal, which the buurt's figures and handling still need.
The history never names the linked resident (handling.link_person), so nothing of them
stays behind.

Reporters are not residents in a dossier: they gave their contact only to be called back.
`run_retention`, a step of the nightly `kwartier retention`, blanks it
`KWARTIER_SIGNAL_CONTACT_DAYS` (default 90) days after the signal was closed.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kwartier.core.wording import count
from kwartier.privacy import subject

from .models import Signal, SignalEvent

PROVIDER_NAME = "Meldingen"
ORDER = 530  # with the other modules' records, before consents (900) and the person (1000)
DEFAULT_CONTACT_DAYS = 90
STEP_NAME = "Contactgegevens van melders"
CONTACT_FIELDS = {"reporter_name": "", "reporter_email": "", "reporter_phone": ""}
ERASED = "Bewoner ontkoppeld: gegevens van de bewoner gewist"


def _moment(value):
    return timezone.localtime(value).isoformat(timespec="minutes") if value else None


def export_signals(person) -> list[dict]:
    signals = (
        Signal.objects.filter(person=person)
        .select_related("category", "area", "organisation")
        .order_by("reported_at", "pk")
    )
    return [
        {
            "melding": s.number,
            "categorie": str(s.category),
            "buurt": s.area.name,
            "adres": s.address or None,
            "omschrijving": s.description,
            "gemeld_op": _moment(s.reported_at),
            "behandeld_door": str(s.organisation),
            "status": s.get_status_display(),
            "afgesloten_op": _moment(s.closed_at),
        }
        for s in signals
    ]


def erase_signals(person, dry_run: bool) -> list[str]:
    signals = Signal.objects.filter(person=person)
    what = [
        f"{count(signals.count(), 'melding', 'meldingen')}: de koppeling aan de bewoner "
        "(de melding zelf gaat over de buurt en blijft)"
    ]
    if not dry_run:
        for pk in signals.values_list("pk", flat=True):
            SignalEvent.objects.create(signal_id=pk, kind=SignalEvent.Kind.LINKED, text=ERASED)
        signals.update(person=None)
    return what


def register() -> None:
    subject.register(PROVIDER_NAME, export_signals, erase_signals, order=ORDER)


# Retention of reporters' contact details ---------------------------------------------


def contact_days() -> int:
    return getattr(settings, "KWARTIER_SIGNAL_CONTACT_DAYS", DEFAULT_CONTACT_DAYS)


def contact_due(today: datetime.date, days: int):
    """Closed signals whose contact details are still there `days` after closing."""
    limit = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time.min)
    )
    has_contact = ~Q(reporter_name="") | ~Q(reporter_email="") | ~Q(reporter_phone="")
    return (
        Signal.objects.filter(closed_at__lt=limit, contact_removed_at__isnull=True)
        .filter(has_contact)
        .order_by("pk")
    )


def run_retention(*, dry_run: bool, today: datetime.date) -> tuple[str, list[int]]:
    """The step of `kwartier retention`: the period in words, and the signals' ids."""
    days = contact_days()
    rule = f"{days} dagen na het afsluiten van de melding"
    with transaction.atomic():
        due = contact_due(today, days)
        ids = list(due.values_list("pk", flat=True))
        if not dry_run:
            Signal.objects.filter(pk__in=ids).update(
                **CONTACT_FIELDS, contact_removed_at=timezone.now()
            )
    return rule, ids
