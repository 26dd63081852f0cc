"""What the referrals app adds to shared pages: the start page and a resident's page."""

from __future__ import annotations

from django.db.models import Min

from kwartier.core.access.log import log_search
from kwartier.core.access.roles import PARTNERS, WORKERS, has_role

from .models import Referral


def home_block(request) -> dict | None:
    """Workers: referrals waiting for a decision. Referrers: their latest referrals."""
    user = request.user
    referrals = Referral.objects.visible_to(user)
    if has_role(user, PARTNERS):
        recent = list(referrals.select_related("method").prefetch_related("feedback")[:5])
        if not recent:
            return None
        # The start page is not about a referral: the block logs the names it shows.
        log_search(request, "verwijzing", len(recent))
        return {"is_referrer": True, "recent": recent}
    waiting = referrals.waiting()
    summary = waiting.aggregate(oldest=Min("received_on"))
    count = waiting.count()
    if not count:
        return None
    return {"is_referrer": False, "waiting": count, "oldest": summary["oldest"]}


def person_block(request, person, grant) -> dict | None:
    """The resident's referrals: all of them for the workers of the resident's own
    organisation, a referrer's own (with their feedback) for a partner under consent."""
    user = request.user
    if grant is None:
        return None
    referrals = Referral.objects.filter(person=person).select_related(
        "referrer_organisation", "organisation", "method"
    )
    if user.role in WORKERS and person.organisation_id == user.organisation_id:
        referrals = referrals.filter(organisation_id=user.organisation_id)
    elif has_role(user, PARTNERS):
        referrals = referrals.filter(referrer_organisation_id=user.organisation_id)
    else:
        return None
    referrals = list(referrals.prefetch_related("feedback").order_by("-received_on", "-pk"))
    if not referrals:
        return None
    return {"referrals": referrals, "is_referrer": has_role(user, PARTNERS)}
