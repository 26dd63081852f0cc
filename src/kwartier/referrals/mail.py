"""E-mail to referrers through Django's e-mail backend (the console in development).

A message names the referral by its number and date, never the resident: the referrer
reads who it is about in Kwartier, after logging in. A failing mail server does not
undo the feedback: it stays visible in Kwartier and is marked as not mailed.
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.utils import timezone

from kwartier.core.access.roles import PARTNERS

log = logging.getLogger(__name__)


def referrer_addresses(referral) -> list[str]:
    """Whoever entered the referral, else the referring organisation's general address."""
    if referral.referred_by_id and referral.referred_by.email:
        return [referral.referred_by.email]
    email = referral.referrer_organisation.email
    return [email] if email else []


def organisation_addresses(organisation) -> list[str]:
    """The organisation's general address, else those of its partner accounts."""
    if organisation.email:
        return [organisation.email]
    members = organisation.members.filter(role__in=PARTNERS, is_active=True).exclude(email="")
    return sorted(members.values_list("email", flat=True))


def _send(subject: str, body: str, to: list[str]) -> bool:
    if not to:
        return False
    try:
        send_mail(subject, body, None, to)
    except Exception:  # noqa: BLE001 - any transport failure; the page keeps the feedback
        log.warning("mail to the referrer could not be sent: %s", subject, exc_info=True)
        return False
    return True


def send_feedback(feedback_id: int) -> bool:
    from .models import Feedback

    feedback = (
        Feedback.objects.select_related(
            "referral__referred_by", "referral__referrer_organisation", "referral__method"
        )
        .filter(pk=feedback_id)
        .first()
    )
    if feedback is None:
        return False
    referral = feedback.referral
    to = referrer_addresses(referral)
    subject = f"Terugkoppeling verwijzing {referral.pk}: {feedback.get_kind_display().lower()}"
    body = (
        f"Over uw verwijzing nr. {referral.pk} van {referral.received_on:%d-%m-%Y} "
        f"naar {referral.method.name}:\n\n{feedback.text}\n\n"
        "U vindt de verwijzing in Kwartier onder Verwijzingen. Deze terugkoppeling bevat "
        "alleen wat de bewoner met u wilde delen.\n"
    )
    if not _send(subject, body, to):
        return False
    feedback.emailed_to = ", ".join(to)[:254]
    feedback.emailed_at = timezone.now()
    feedback.save(update_fields=["emailed_to", "emailed_at"])
    return True


def send_overview(organisation, subject: str, body: str) -> list[str]:
    """Mail a periodic overview; returns the addresses it went to (empty: not sent)."""
    to = organisation_addresses(organisation)
    return to if _send(subject, body, to) else []
