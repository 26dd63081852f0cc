"""Recomputing an organisation's measurements after its settings changed.

`outdated` says how many stored scores were computed with other rules than the
organisation's current choices, and for how many of them the outcome (band) would
read differently; `recompute` rescores those through `services.rescore`.
The measurements are those of the organisation's residents.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from kwartier.core.access.log import Action, log_event

from . import definitions, display, org_settings, scoring, services
from .access import CATEGORY
from .models import Measurement

REASON = "opnieuw berekend na wijziging van de instellingen"


@dataclass(frozen=True)
class Outdated:
    measurements: int  # scores computed with other rules than the current ones
    band_changes: int  # of which the band (code or label) would change
    unscorable: int  # stored answers the current definitions refuse: left as they are


def _measurements(organisation_id):
    return Measurement.objects.filter(person__organisation_id=organisation_id).order_by("pk")


def _band_text(instrument, code: str, rule_version: str) -> tuple[str, str]:
    return (code, display.band_label(instrument, code, rule_version)) if code else ("", "")


def _stale(organisation_id, settings):
    """The measurements not scored with the current rules, found in one query: a rule
    version depends on the instrument and the settings only, never on the answers."""
    current = Q()
    for code in definitions.INSTRUMENTS:
        current |= Q(instrument=code, rule_version=scoring.rule_version(code, settings))
    return _measurements(organisation_id).exclude(current)


def _rescored(organisation_id):
    """(measurement, new score) for every measurement whose rules differ; and the count
    of measurements that cannot be scored any more."""
    settings = org_settings.chosen_for(organisation_id)
    found, unscorable = [], 0
    for measurement in _stale(organisation_id, settings).iterator(chunk_size=500):
        try:
            score = scoring.score(measurement.instrument, measurement.answers, settings)
        except (scoring.InvalidAnswer, KeyError):  # KeyError: an unknown instrument
            unscorable += 1
            continue
        found.append((measurement, score))
    return found, unscorable


def outdated(organisation_id) -> Outdated:
    found, unscorable = _rescored(organisation_id)
    band_changes = 0
    for measurement, score in found:
        instrument = measurement.definition
        before = _band_text(instrument, measurement.band, measurement.rule_version)
        after = (score.band.code, score.band.label) if score.band else ("", "")
        band_changes += before != after
    return Outdated(len(found), band_changes, unscorable)


def recompute(organisation_id, user) -> int:
    """Rescore the outdated measurements with the current choices; how many changed."""
    settings = org_settings.chosen_for(organisation_id)
    changed = 0
    with transaction.atomic():
        for measurement in _stale(organisation_id, settings).iterator(chunk_size=500):
            try:
                changed += services.rescore(measurement, user, settings, REASON)
            except ValidationError:  # answers the definition refuses: left as they are
                continue
    return changed


def recompute_logged(request) -> int:
    """`recompute` for the requesting user's organisation, with one access-log entry
    (the measurements of many residents: no single subject the page gate could log)."""
    changed = recompute(request.user.organisation_id, request.user)
    detail = f"{changed} metingen opnieuw berekend met de instellingen van de organisatie"
    log_event(request, Action.CHANGE, CATEGORY, detail=detail)
    return changed
