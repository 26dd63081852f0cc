"""What the support module opens to a volunteer, and what the volunteer sees of a resident.

`matched_persons` is registered as the person scope of the role vrijwilliger
(its grant provider in core.access.grants): the residents of the volunteer's own active
matches whose consent still holds. `volunteer_view` is everything a volunteer may see of
such a resident: the first name, the buurt, the question, and contact details only when
the resident agreed to share them with the helper.
"""

from __future__ import annotations

from dataclasses import dataclass

from kwartier.core.access.log import Action, log_event
from kwartier.privacy.access import CONSENT_BASIS
from kwartier.privacy.models import Consent

from .models import CONTACT_CATEGORY, MATCH_PURPOSE, REQUEST_CATEGORY, Match

CONFIRMED_BASIS = "toestemming bewoner, bevestigd bij de koppeling (AVG art. 6 lid 1a)"


def matched_persons(user):
    """Ids of the residents of `user`'s active matches (a queryset of person ids)."""
    return Match.objects.for_volunteer(user).values("request__person_id")


def match_consent(match: Match) -> Consent | None:
    """The consent in force that allows this match with another organisation, if any."""
    if match.consent_organisation_id is None:
        return None
    return (
        Consent.objects.valid()
        .filter(
            person_id=match.request.person_id,
            organisation_id=match.consent_organisation_id,
            purpose__code=MATCH_PURPOSE,
            categories__code=REQUEST_CATEGORY,
        )
        .prefetch_related("categories")
        .order_by("-valid_from", "-pk")
        .first()
    )


def legal_basis(match: Match) -> tuple[str, int | None]:
    """(legal basis, consent id) on which a helper sees this match's resident."""
    if match.consent_organisation_id is None:
        return CONFIRMED_BASIS, None
    consent = match_consent(match)
    return CONSENT_BASIS, consent.pk if consent else None


def log_volunteer_read(request, match: Match, object_type: str) -> None:
    """A volunteer's read of their own match, logged on the match's legal basis: the
    access layer logs reads on the user's grant, and a volunteer has none."""
    basis, consent_id = legal_basis(match)
    log_event(request, Action.READ, object_type, match, legal_basis=basis, consent_id=consent_id)


def contact_shared(match: Match) -> bool:
    if match.consent_organisation_id is None:
        return match.share_contact
    consent = match_consent(match)
    return consent is not None and any(c.code == CONTACT_CATEGORY for c in consent.categories.all())


@dataclass(frozen=True)
class VolunteerView:
    """The resident as a volunteer sees them: no more than the match needs."""

    match_id: int
    first_name: str
    buurt: str
    category: str
    question: str
    slots: list[str]
    recurrence: str
    start_date: object
    introduction_on: object
    phone: str | None
    email: str | None
    contact_shared: bool


def volunteer_view(match: Match) -> VolunteerView:
    request = match.request
    person = request.person
    shared = contact_shared(match)
    buurt = request.buurt
    return VolunteerView(
        match_id=match.pk,
        first_name=person.given_name,
        buurt=buurt.name if buurt else "",
        category=str(request.category),
        question=request.description,
        slots=request.slot_labels(),
        recurrence=request.get_recurrence_display(),
        start_date=request.start_date,
        introduction_on=match.introduction_on,
        phone=(person.phone or None) if shared else None,
        email=(person.email or None) if shared else None,
        contact_shared=shared,
    )
