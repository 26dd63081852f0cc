"""A match run: engine input from the database, the engine, proposals and reasons stored."""

from __future__ import annotations

import dataclasses
import time

from django.db import transaction

from kwartier.core.errors import RuleError

from . import engine_input, matching, workflow
from .models import HelpRequest, MatchRun, Proposal, UnmatchedRequest

Status = HelpRequest.Status


def run_matching(user, area, weights: matching.Weights = matching.DEFAULT_WEIGHTS) -> MatchRun:
    """Run the engine for the hulpvragen in `area` the user may see; store the outcome.

    Every proposed hulpvraag goes from zoeken to voorgesteld. A hulpvraag that another
    run proposed in the meantime (its status is no longer zoeken) is left out.
    """
    started = time.monotonic()
    data = engine_input.build(user, area)
    result = matching.match(data.requests, data.offers, weights)
    elapsed = int((time.monotonic() - started) * 1000)
    with transaction.atomic():
        run = MatchRun.objects.create(
            organisation_id=user.organisation_id,
            area=area,
            run_by=user,
            request_count=len(data.requests) + len(data.not_located),
            offer_count=len(data.offers),
            weights=dataclasses.asdict(weights),
            duration_ms=elapsed,
        )
        proposed = 0
        for found in result.matches:
            help_request = data.help_requests[found.request]
            try:
                workflow.transition(
                    help_request,
                    Status.VOORGESTELD,
                    user=user,
                    reason=f"voorstel uit koppelronde {run.pk}",
                )
            except RuleError:
                continue  # proposed or stopped meanwhile
            Proposal.objects.create(
                run=run,
                request=help_request,
                helper=data.helpers[found.offer],
                score=found.score,
                reasons=list(found.reasons),
            )
            proposed += 1
        UnmatchedRequest.objects.bulk_create(
            [
                UnmatchedRequest(
                    run=run,
                    request=data.help_requests[missing.request],
                    code=missing.code,
                    reason=(
                        engine_input.explain_exclusion(data, missing.request)
                        if missing.code == "uitgesloten"
                        else missing.reason
                    )[:300],
                )
                for missing in result.unmatched
            ]
            + [
                UnmatchedRequest(run=run, request=help_request, code="locatie", reason=reason)
                for help_request, reason in data.not_located
            ]
        )
        run.proposal_count = proposed
        run.save(update_fields=["proposal_count"])
    return run
