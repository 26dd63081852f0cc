"""The personal data of referrals that never became a dossier: retention and erasure.

A referral that was declined, or was never decided, is linked to no resident, so neither
the erasure of a resident nor the retention of dossiers reaches it. Here:
- retention: `KWARTIER_RETENTION_DECLINED_REFERRAL_MONTHS` (default 12) after the
  decision, or after the receipt while undecided, the resident's data is erased (a step
  of the nightly `kwartier retention`, registered in apps.py);
- erasure on request of one such referral, by a coördinator or beheerder of the
  receiving organisation (page and API).
Both blank the same fields as the erasure of a resident (subject_data.strip_personal_data)
and leave an ErasureRecord; it has no kenmerk (there is no resident), the referral's
number is in its summary.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from kwartier.core.errors import RuleError
from kwartier.privacy.models import ErasureRecord

from .figures import months_before
from .models import Referral
from .subject_data import PERSONAL_FIELDS, PROVIDER_NAME, strip_personal_data

DEFAULT_MONTHS = 12
UNLINKED = (Referral.Status.NIEUW, Referral.Status.AFGEWEZEN)
STEP_NAME = "Verwijzingen zonder dossier"
RETENTION_REASON = "Bewaartermijn verwijzing zonder dossier verstreken"
REQUEST_REASON = "Verzoek van de bewoner (AVG art. 17)"
# What stays for the figures and to answer questions about the decision.
KEPT_FIELDS = (
    "received_on",
    "status",
    "decided_on",
    "decline_reason",
    "referrer_organisation",
    "organisation",
    "method",
    "birth_year",
    "consent_obtained",
    "consent_on",
    "feedback_scope",
)


def retention_months() -> int:
    return getattr(settings, "KWARTIER_RETENTION_DECLINED_REFERRAL_MONTHS", DEFAULT_MONTHS)


# Where a field's own name would read as if its data stayed or went.
LABELS = {"feedback_scope": "afspraak over terugkoppeling (niet de berichten zelf)"}


def _labels(names) -> list[str]:
    return [LABELS.get(name) or str(Referral._meta.get_field(name).verbose_name) for name in names]


def _feedback_phrase(count: int) -> str:
    return f"{count} terugkoppeling{'en' if count > 1 else ''} aan de verwijzer"


def plan(referral: Referral) -> dict[str, list[str]]:
    """What an erasure removes and what it keeps (field names only, never values)."""
    count = referral.feedback.count()
    erases = _labels(PERSONAL_FIELDS)
    if count:
        erases.append(_feedback_phrase(count))
    return {"erases": erases, "keeps": _labels(KEPT_FIELDS)}


def check_erasable(referral: Referral) -> None:
    """A RuleError (Dutch) when this referral's data cannot be erased here."""
    if referral.anonymised_at is not None:
        when = timezone.localtime(referral.anonymised_at)
        raise RuleError(
            f"De persoonsgegevens van deze verwijzing zijn al gewist op {when:%d-%m-%Y}."
        )
    if referral.person_id is not None or referral.status not in UNLINKED:
        raise RuleError(
            "Deze verwijzing hoort bij het dossier van een bewoner: wis haar gegevens met "
            "die van de bewoner (Gegevens wissen op de pagina van de bewoner)."
        )


def is_erasable(referral: Referral) -> bool:
    try:
        check_erasable(referral)
    except RuleError:
        return False
    return True


def _erase(pk: int, *, requested_on: datetime.date, reason: str, by: str) -> ErasureRecord:
    """Erase one referral's personal data, with the row locked, and record it."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=pk)
        check_erasable(referral)
        feedback = referral.feedback.count()
        line = (
            f"Verwijzing {referral.pk} ({referral.get_status_display().lower()}, ontvangen "
            f"{referral.received_on:%d-%m-%Y}): naam, adres, telefoon, vraag, "
            "vertegenwoordiger en toelichting"
        )
        if feedback:
            line += f"; {_feedback_phrase(feedback)}"
        strip_personal_data(Referral.objects.filter(pk=pk))
        return ErasureRecord.objects.create(
            person_public_id="",
            requested_on=requested_on,
            reason=reason,
            performed_by=by,
            organisation_id=referral.organisation_id,
            organisation_name=str(referral.organisation),
            summary=[{"onderdeel": PROVIDER_NAME, "wat": [line]}],
        )


def erase(referral: Referral, *, user, requested_on: datetime.date, reason: str):
    """Erasure on request (page and API); RuleError when it is not possible."""
    return _erase(referral.pk, requested_on=requested_on, reason=reason, by=user.username)


def due(today: datetime.date | None = None, months: int | None = None):
    """Unlinked referrals whose decision (or receipt, while undecided) is older than the
    period and whose data is still there."""
    today = today or timezone.localdate()
    limit = months_before(today, retention_months() if months is None else months)
    return (
        Referral.objects.filter(
            status__in=UNLINKED, person__isnull=True, anonymised_at__isnull=True
        )
        .alias(since=Coalesce("decided_on", "received_on"))
        .filter(since__lt=limit)
        .order_by("pk")
    )


def run_retention(*, dry_run: bool, today: datetime.date) -> tuple[str, list[int]]:
    """The step of `kwartier retention`: the period in words, and the referrals' ids."""
    months = retention_months()
    rule = f"{months} maanden na het besluit, of na de ontvangst zolang er geen besluit is"
    ids = list(due(today, months).values_list("pk", flat=True))
    if dry_run:
        return rule, ids
    done = []
    for pk in ids:
        try:
            _erase(pk, requested_on=today, reason=RETENTION_REASON, by="bewaartermijn")
        except (RuleError, Referral.DoesNotExist):  # decided or erased meanwhile
            continue
        done.append(pk)
    return rule, done
