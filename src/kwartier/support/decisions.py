"""Deciding on proposals and following matches: accept (with consent), reject, follow up, end.

The consent rule (docs/support.md): a hulpvraag is shared with a helper only with the
resident's consent for that.
A decision that cannot be taken raises `RuleError` naming the fields (core/errors.py).
- A helper coordinated by the resident's own organisation (volunteer, neighbour, buddy):
  the data stay with the organisation that holds the dossier, so no consent *to another
  organisation* is involved; the worker confirms on the proposal that the resident agreed
  to this match (purpose koppeling-vrijwilliger), how, and whether contact details may be
  passed on. Who confirmed it and when is kept.
- A helper of another organisation (a club, a professional service, a volunteer of a
  partner): a consent in force recorded in the privacy module for that organisation, with
  purpose koppeling-vrijwilliger and at least the category hulpvraag. Contact details go
  along only if that consent covers contactgegevens. Withdrawing it closes the helper's
  view at once.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from kwartier.core.errors import RuleError
from kwartier.privacy.models import Consent

from . import workflow
from .models import (
    MATCH_PURPOSE,
    REQUEST_CATEGORY,
    Helper,
    HelpRequest,
    Match,
    Proposal,
    followup_weeks,
)

Status = HelpRequest.Status


def consent_for(help_request: HelpRequest, helper: Helper) -> Consent | None:
    """The consent in force to share this hulpvraag with the helper's organisation."""
    return (
        Consent.objects.valid()
        .filter(
            person_id=help_request.person_id,
            organisation_id=helper.provider_organisation_id,
            purpose__code=MATCH_PURPOSE,
            categories__code=REQUEST_CATEGORY,
        )
        .prefetch_related("categories")
        .order_by("-valid_from", "-pk")
        .first()
    )


def is_internal(help_request: HelpRequest, helper: Helper) -> bool:
    return helper.provider_organisation_id == help_request.organisation_id


def accept(
    proposal: Proposal,
    *,
    user,
    consent_confirmed: bool = False,
    consent_obtained: str = "",
    share_contact: bool = False,
    introduction_on: datetime.date | None = None,
) -> Match:
    """Turn an open proposal into a match, if the resident's consent allows it."""
    with transaction.atomic():
        locked = (
            Proposal.objects.select_for_update()
            .select_related("request", "helper")
            .get(pk=proposal.pk)
        )
        if locked.status != Proposal.Status.OPEN:
            raise RuleError({"status": "Over dit voorstel is al besloten."})
        help_request, helper = locked.request, locked.helper
        consent = None
        if is_internal(help_request, helper):
            errors = {}
            if not consent_confirmed:
                errors["consent_confirmed"] = (
                    "Bevestig dat de bewoner toestemming heeft gegeven om de hulpvraag met "
                    "deze helper te delen."
                )
            if consent_obtained not in Proposal.Obtained.values:
                errors["consent_obtained"] = "Kies hoe de toestemming is verkregen."
            if errors:
                raise RuleError(errors)
        else:
            consent = consent_for(help_request, helper)
            if consent is None:
                raise RuleError(
                    {
                        "consent": (
                            f"Er is geen geldige toestemming van de bewoner om de hulpvraag te "
                            f"delen met {helper.provider_organisation} (doel: koppeling met "
                            "vrijwilliger, gegevens: hulpvraag). Leg die eerst vast."
                        )
                    }
                )
        load = helper.matches.filter(status=Match.Status.ACTIEF).count()
        if load >= helper.capacity:
            raise RuleError(
                {"helper": f"{helper} zit al vol ({load} van {helper.capacity} koppelingen)."}
            )
        now = timezone.now()
        locked.status = Proposal.Status.GEACCEPTEERD
        locked.decided_by = user
        locked.decided_at = now
        if consent is None:
            locked.consent_confirmed = True
            locked.consent_obtained = consent_obtained
            locked.consent_share_contact = share_contact
        locked.save()
        workflow.transition(
            help_request, Status.GEKOPPELD, user=user, reason=f"gekoppeld met {helper}"
        )
        Proposal.objects.filter(request=help_request, status=Proposal.Status.OPEN).exclude(
            pk=locked.pk
        ).update(status=Proposal.Status.VERVALLEN, decided_by=user, decided_at=now)
        match = Match(
            request=help_request,
            helper=helper,
            proposal=locked,
            introduction_on=introduction_on,
            created_by=user,
        )
        if consent is None:
            match.consent_basis = Match.ConsentBasis.BEVESTIGD
            match.consent_obtained = consent_obtained
            match.share_contact = share_contact
        else:
            match.consent_basis = Match.ConsentBasis.TOESTEMMING
            match.consent_organisation_id = helper.provider_organisation_id
            match.consent_id_at_start = consent.pk
            match.consent_obtained = consent.obtained
            match.share_contact = any(c.code == "contact" for c in consent.categories.all())
        match._history_user = user
        match.save()
    proposal.refresh_from_db()
    return match


def reject(proposal: Proposal, *, user, reason: str) -> Proposal:
    """Reject a proposal: the hulpvraag searches again and the helper is excluded for it."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleError({"reason": "Geef een reden op, zodat de volgende ronde die kent."})
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != Proposal.Status.OPEN:
            raise RuleError({"status": "Over dit voorstel is al besloten."})
        locked.status = Proposal.Status.AFGEWEZEN
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.rejection_reason = reason[:200]
        locked.save()
        help_request = locked.request
        if not Proposal.objects.filter(request=help_request, status=Proposal.Status.OPEN).exists():
            workflow.transition(
                help_request, Status.ZOEKEN, user=user, reason=f"voorstel afgewezen: {reason}"
            )
    proposal.refresh_from_db()
    return proposal


def _locked_active(match: Match) -> Match:
    locked = Match.objects.select_for_update().get(pk=match.pk)
    if locked.status != Match.Status.ACTIEF:
        raise RuleError({"status": "Deze koppeling is al beëindigd."})
    return locked


def set_introduction(match: Match, *, user, introduction_on: datetime.date | None) -> Match:
    with transaction.atomic():
        locked = _locked_active(match)
        locked.introduction_on = introduction_on
        locked._history_user = user
        locked.save()
    return locked


def end(match: Match, *, user, reason: str, outcome: str, on: datetime.date | None = None):
    """End a match; the hulpvraag is then afgerond, searches again, or stops."""
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = "Geef een reden op."
    if outcome not in Match.Outcome.values:
        errors["outcome"] = "Kies wat er met de hulpvraag gebeurt."
    if errors:
        raise RuleError(errors)
    with transaction.atomic():
        locked = _locked_active(match)
        locked.status = Match.Status.BEEINDIGD
        locked.ended_on = on or timezone.localdate()
        locked.end_reason = reason[:200]
        locked.end_outcome = outcome
        locked._history_user = user
        locked.save()
        workflow.transition(
            locked.request, outcome, user=user, reason=f"koppeling beëindigd: {reason}"
        )
    return locked


def follow_up(match: Match, *, user, result: str, note: str = "") -> Match:
    """Answer 'heeft dit tot een koppeling geleid?'.

    ja: done. nog-niet: ask again after the same number of weeks. nee: the match ends and
    the hulpvraag searches again, without this helper.
    """
    if result not in Match.FollowUp.values:
        raise RuleError({"result": "Kies een antwoord."})
    note = (note or "").strip()
    with transaction.atomic():
        locked = _locked_active(match)
        today = timezone.localdate()
        locked.followup_result = result
        locked.followup_note = note[:300]
        locked._history_user = user
        if result == Match.FollowUp.NOG_NIET:
            locked.followup_due_on = today + datetime.timedelta(weeks=followup_weeks())
        else:
            locked.followup_on = today
        locked.save()
        if result == Match.FollowUp.NEE:
            return end(
                locked,
                user=user,
                reason=note or "geen koppeling ontstaan (opvolging)",
                outcome=Match.Outcome.ZOEKEN,
            )
    return locked
