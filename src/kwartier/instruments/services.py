"""Recording and rescoring measurements: the only code that writes a Measurement.

Pages, the API and the demo all go through `record_measurement`, so every stored
score was computed by :mod:`kwartier.instruments.scoring` from the stored answers.
Access (who may record for whom) is checked by the callers, see ``access.py``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import definitions, org_settings, scoring
from .models import Measurement, birth_problems

ANSWERS_KEY = "answers"  # error key for a problem with the answers as a whole


def score_answers(
    instrument: str, answers: Any, settings: Mapping[str, str] | None = None
) -> scoring.Score:
    """Score `answers` under `settings` (name → choice; absent: the default), raising a
    ValidationError keyed by the item that is wrong, or by "settings"."""
    try:
        definitions.get(instrument)
    except definitions.UnknownInstrument as error:
        raise ValidationError({"instrument": error.message}, code="unknown") from None
    try:
        return scoring.score(instrument, answers, settings)
    except scoring.InvalidAnswer as error:
        raise ValidationError({error.item or ANSWERS_KEY: error.message}, code="invalid") from None
    except scoring.InvalidSetting as error:
        raise ValidationError({"settings": str(error)}, code="invalid") from None


def stored_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers as entered, without the unanswered items (absent, never null)."""
    return {key: value for key, value in answers.items() if value is not None}


def apply_score(measurement: Measurement, score: scoring.Score) -> None:
    measurement.total = None if score.total is None else Decimal(score.total)
    measurement.band = score.band.code if score.band else ""
    measurement.subscales = dict(score.subscales)
    measurement.rule_version = score.rule_version


def check_date(measured_on: Any, person=None) -> datetime.date:
    """The date's range (the model field's), and not before the resident's birth."""
    if not isinstance(measured_on, datetime.date) or isinstance(measured_on, datetime.datetime):
        raise ValidationError({"measured_on": "Geef de datum van de meting."}, code="invalid")
    if measured_on > timezone.localdate():
        raise ValidationError(
            {"measured_on": "De datum van de meting mag niet in de toekomst liggen."},
            code="future",
        )
    try:
        Measurement._meta.get_field("measured_on").run_validators(measured_on)
    except ValidationError as error:
        raise ValidationError({"measured_on": error.messages}, code="range") from None
    problems = birth_problems(person, measured_on)
    if problems:
        raise ValidationError(problems, code="before_birth")
    return measured_on


def record_measurement(person, instrument: str, answers, measured_on, user) -> Measurement:
    """Validate, score and save one measurement of `person`.

    Raises ValidationError naming the item (or "instrument", "measured_on") in Dutch.
    The registering organisation is the user's; without one (a script), the resident's.
    The score follows the settings chosen by the resident's organisation.
    """
    check_date(measured_on, person)
    score = score_answers(instrument, answers, org_settings.chosen_for(person.organisation_id))
    measurement = Measurement(
        person=person,
        organisation_id=getattr(user, "organisation_id", None) or person.organisation_id,
        instrument=instrument,
        measured_on=measured_on,
        answers=stored_answers(answers),
        recorded_by=user if getattr(user, "pk", None) else None,
    )
    apply_score(measurement, score)
    if measurement.recorded_by is not None:
        measurement._history_user = measurement.recorded_by  # also outside a request
    with transaction.atomic():
        measurement.save()
    return measurement


def rescore(
    measurement: Measurement,
    user=None,
    settings: Mapping[str, str] | None = None,
    reason: str = "opnieuw berekend",
) -> bool:
    """Recompute the stored score from the stored answers; True if anything changed.

    The rules are the settings of the resident's organisation unless `settings` is
    given (a recompute of many measurements reads them once). Only saves (and adds a
    history version) when the score differs, so recomputing an up-to-date measurement
    leaves no trace but the access log.
    """
    if settings is None:
        settings = org_settings.chosen_for(measurement.person.organisation_id)
    before = (measurement.total, measurement.band, measurement.subscales, measurement.rule_version)
    apply_score(measurement, score_answers(measurement.instrument, measurement.answers, settings))
    after = (measurement.total, measurement.band, measurement.subscales, measurement.rule_version)
    if before == after:
        return False
    measurement._change_reason = reason
    if getattr(user, "pk", None):
        measurement._history_user = user
    measurement.save(update_fields=["total", "band", "subscales", "rule_version"])
    return True
