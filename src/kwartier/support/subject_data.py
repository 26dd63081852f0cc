"""Hulpvragen, proposals and matches in the data-subject registry (export and erasure).

Registered from SupportConfig.ready() with an order below 900, so they are erased before
the consents (900) and the resident (1000) they refer to.
"""

from kwartier.core.history import history_rows, local_iso
from kwartier.core.wording import count
from kwartier.privacy import subject

from .categories import language_name
from .models import HelpRequest, Match, Proposal, StatusChange, UnmatchedRequest


def _date(value):
    return value.isoformat() if value else None


def export_support(person) -> list[dict]:
    out = []
    requests = (
        HelpRequest.objects.filter(person=person)
        .select_related("category")
        .prefetch_related("changes__changed_by")
        .order_by("registered_on", "pk")
    )
    for request in requests:
        proposals = (
            Proposal.objects.filter(request=request)
            .select_related("helper", "run")
            .order_by("run__created_at", "pk")
        )
        matches = Match.objects.filter(request=request).select_related("helper")
        out.append(
            {
                "hulpvraag": request.pk,
                "soort_hulp": str(request.category),
                "vraag": request.description,
                "dagdelen": request.slot_labels(),
                "hoe_vaak": request.get_recurrence_display(),
                "vanaf": _date(request.start_date),
                "urgentie": request.get_urgency_display(),
                "talen": [language_name(code) for code in request.languages],
                "voorkeur_helper": request.get_helper_gender_display(),
                "vog_nodig": request.needs_vog,
                "plek": [request.lat, request.lon] if request.lat is not None else None,
                "status": request.get_status_display(),
                "reden_gestopt": request.stop_reason or None,
                "aangemeld_op": _date(request.registered_on),
                "wachttijd_dagen": request.waiting_days,
                "statusverloop": [
                    {
                        "wanneer": local_iso(change.changed_at),
                        "van": change.get_from_status_display() or None,
                        "naar": change.get_to_status_display(),
                        "reden": change.reason or None,
                        "door": change.changed_by.username if change.changed_by else None,
                    }
                    for change in request.changes.all()
                ],
                "voorstellen": [
                    {
                        "koppelronde": proposal.run_id,
                        "helper": str(proposal.helper),
                        "score": proposal.score,
                        "waarom": proposal.reasons,
                        "besluit": proposal.get_status_display(),
                        "reden_afwijzing": proposal.rejection_reason or None,
                        "toestemming_bevestigd": proposal.consent_confirmed,
                        "toestemming_verkregen": proposal.get_consent_obtained_display() or None,
                    }
                    for proposal in proposals
                ],
                "koppelingen": [
                    {
                        "helper": str(match.helper),
                        "status": match.get_status_display(),
                        "grond": match.get_consent_basis_display(),
                        "contact_gedeeld": match.share_contact,
                        "gekoppeld_op": _date(match.started_on),
                        "kennismaking": _date(match.introduction_on),
                        "opvolgen_op": _date(match.followup_due_on),
                        "opvolging": match.get_followup_result_display() or None,
                        "toelichting_opvolging": match.followup_note or None,
                        "beeindigd_op": _date(match.ended_on),
                        "reden_beeindigen": match.end_reason or None,
                        "wijzigingen": history_rows(Match.history.filter(id=match.pk)),
                    }
                    for match in matches
                ],
                "wijzigingen": history_rows(HelpRequest.history.filter(id=request.pk)),
            }
        )
    return out


def erase_support(person, dry_run: bool) -> list[str]:
    requests = HelpRequest.objects.filter(person=person)
    request_ids = list(requests.values_list("pk", flat=True))
    matches = Match.objects.filter(request_id__in=request_ids)
    match_ids = list(matches.values_list("pk", flat=True))
    proposals = Proposal.objects.filter(request_id__in=request_ids)
    unmatched = UnmatchedRequest.objects.filter(request_id__in=request_ids)
    changes = StatusChange.objects.filter(request_id__in=request_ids)
    request_history = HelpRequest.history.filter(id__in=request_ids)
    match_history = Match.history.filter(id__in=match_ids)
    what = [
        f"{count(len(request_ids), 'hulpvraag', 'hulpvragen')} met "
        f"{count(changes.count(), 'statuswijziging', 'statuswijzigingen')}",
        f"{count(proposals.count(), 'koppelvoorstel', 'koppelvoorstellen')} en "
        f"{count(unmatched.count(), 'reden', 'redenen')} zonder voorstel",
        count(len(match_ids), "koppeling", "koppelingen"),
        f"{count(request_history.count() + match_history.count(), 'versie', 'versies')} "
        "in de wijzigingshistorie "
        "van hulpvragen en koppelingen",
    ]
    if not dry_run:
        matches.delete()
        proposals.delete()
        unmatched.delete()
        changes.delete()
        requests.delete()
        # Deleting writes a last "deleted" version; the history goes after the records.
        HelpRequest.history.filter(id__in=request_ids).delete()
        Match.history.filter(id__in=match_ids).delete()
    return what


def register() -> None:
    subject.register("Hulpvragen en koppelingen", export_support, erase_support, order=500)
