"""Referrals in the data-subject registry (privacy/subject.py): export and erasure.

Export (AVG art. 15): each referral of the resident as the referrer sent it, the decision
and the feedback. Erasure (AVG art. 17): the referral keeps only what the figures need
(dates, status, organisations, method, reason of declining); the resident's data, the
question and the feedback texts go, and the link to the resident is cut.
"""

from django.utils import timezone

from kwartier.core.wording import count
from kwartier.privacy import subject

from .models import Feedback, Referral

PROVIDER_NAME = "Verwijzingen"
ORDER = 510  # before the trajectories (520): the link to them is cut here first

PERSONAL_FIELDS = {
    "given_name": "",
    "infix": "",
    "family_name": "",
    "postcode": "",
    "house_number": None,
    "house_number_suffix": "",
    "phone": "",
    "reason": "",
    "representative": "",
    "decline_note": "",
}


def _date(value):
    return value.isoformat() if value else None


def export_referrals(person) -> list[dict]:
    referrals = (
        Referral.objects.filter(person=person)
        .select_related("referrer_organisation", "organisation", "method")
        .prefetch_related("feedback")
        .order_by("received_on", "pk")
    )
    return [
        {
            "verwijzing": r.pk,
            "van": str(r.referrer_organisation),
            "contactpersoon_verwijzer": r.referrer_contact or None,
            "naar": str(r.organisation),
            "methode": r.method.name,
            "ontvangen_op": _date(r.received_on),
            "naam": r.full_name,
            "geboortejaar": r.birth_year,
            "adres": r.address or None,
            "telefoon": r.phone or None,
            "reden_of_vraag": r.reason,
            "toestemming": f"{r.get_consent_obtained_display()}, {_date(r.consent_on)}",
            "terugkoppeling": r.get_feedback_scope_display(),
            "status": r.get_status_display(),
            "besluit_op": _date(r.decided_on),
            "reden_afwijzen": r.get_decline_reason_display() or None,
            "terugkoppelingen": [
                {"datum": _date(f.written_on), "soort": f.get_kind_display(), "tekst": f.text}
                for f in r.feedback.all()
            ],
        }
        for r in referrals
    ]


def strip_personal_data(referrals, **also) -> int:
    """Blank the resident's data on `referrals` (a queryset) and delete their feedback.

    Shared by the erasure of a resident, the erasure of one unlinked referral and
    retention, so all three leave the same thing behind. Referrals keep no change
    history, so no old values survive elsewhere.
    """
    Feedback.objects.filter(referral__in=referrals).delete()
    return referrals.update(**PERSONAL_FIELDS, anonymised_at=timezone.now(), **also)


def erase_referrals(person, dry_run: bool) -> list[str]:
    referrals = Referral.objects.filter(person=person)
    feedback = Feedback.objects.filter(referral__person=person)
    what = [
        f"{count(referrals.count(), 'verwijzing', 'verwijzingen')}: naam, adres, telefoon "
        "en vraag (de datum en "
        "status blijven zonder bewoner over voor de cijfers)",
        f"{count(feedback.count(), 'terugkoppeling', 'terugkoppelingen')} aan verwijzers",
    ]
    if not dry_run:
        strip_personal_data(referrals, person=None)
    return what


def register() -> None:
    subject.register(PROVIDER_NAME, export_referrals, erase_referrals, order=ORDER)
