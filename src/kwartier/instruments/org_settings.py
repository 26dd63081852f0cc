"""An organisation's choices for the named scoring rules (``definitions.SETTINGS``).

Each choice is an `InstrumentSetting` row; a setting without a row has its default.
`chosen_for` gives the mapping that `scoring.score(..., settings)` takes,
`change_settings` stores new choices (with who and when, and a history version;
`change_settings_logged` also writes the access log),
`chosen_on` reads the history: which rules applied at a given moment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from kwartier.core.access.log import Action, log_event

from . import definitions, scoring
from .models import InstrumentSetting

LOG_TYPE = "meetinstelling"  # the access log's object type for a changed setting


@dataclass(frozen=True)
class SettingChange:
    name: str
    before: str
    after: str


def _valid(name: str, choice: str) -> bool:
    setting = definitions.SETTINGS.get(name)
    return setting is not None and setting.choice(choice) is not None


def chosen_for(organisation_id) -> dict[str, str]:
    """Setting name → choice the organisation made; a choice that no longer exists is
    left out, so the default applies and scoring never fails on an old row."""
    if organisation_id is None:
        return {}
    rows = InstrumentSetting.objects.filter(organisation_id=organisation_id)
    return {
        name: choice for name, choice in rows.values_list("name", "choice") if _valid(name, choice)
    }


def chosen_on(organisation_id, moment) -> dict[str, str]:
    """The choices in force at `moment`, from the history (for reports)."""
    rows = InstrumentSetting.history.as_of(moment).filter(organisation_id=organisation_id)
    return {row.name: row.choice for row in rows if _valid(row.name, row.choice)}


def in_force(chosen: Mapping[str, str]) -> dict[str, str]:
    """Every setting name → the choice that applies: the chosen one or the default."""
    return {name: chosen.get(name, s.default) for name, s in definitions.SETTINGS.items()}


def change_settings(organisation, requested: Mapping[str, str], user) -> list[SettingChange]:
    """Store the requested choices; names not in `requested` keep theirs.

    Raises `scoring.InvalidSetting` (Dutch) for an unknown name or choice, before
    anything is stored. Returns the settings whose choice actually changed.
    """
    scoring.check_settings(requested)
    current = in_force(chosen_for(organisation.pk))
    changes = [
        SettingChange(name, current[name], choice)
        for name, choice in requested.items()
        if current[name] != choice
    ]
    now = timezone.now()
    try:
        with transaction.atomic():
            for change in changes:
                row = InstrumentSetting.objects.filter(
                    organisation=organisation, name=change.name
                ).first() or InstrumentSetting(organisation=organisation, name=change.name)
                row.choice = change.after
                row.changed_by = user if getattr(user, "pk", None) else None
                row.changed_at = now
                row._history_user = row.changed_by
                row._change_reason = f"{change.before} → {change.after}"
                row.full_clean()
                row.save()
    except IntegrityError:  # someone else stored the same setting at the same moment
        raise scoring.InvalidSetting(
            "De instellingen zijn tegelijk door iemand anders gewijzigd. Probeer het opnieuw."
        ) from None
    return changes


def change_settings_logged(request, requested: Mapping[str, str]) -> list[SettingChange]:
    """`change_settings` for the requesting user's organisation, with one access-log
    entry per changed setting: the choices decide how residents' scores read, so who
    changed them belongs with the other changes. (Several settings in one request, and
    none of them a resident's: the page gate's one entry per request cannot say it.)"""
    changes = change_settings(request.user.organisation, requested, request.user)
    for change in changes:
        log_event(
            request,
            Action.CHANGE,
            LOG_TYPE,
            object_id=change.name,
            detail=f"{change.before} → {change.after}",
        )
    return changes


def setting_rows(organisation_id) -> list[dict]:
    """Per setting, in the definitions' order: the setting, its instrument, the choice in
    force and the stored row (who changed it and when; None when never changed)."""
    rows = {
        row.name: row
        for row in InstrumentSetting.objects.filter(organisation_id=organisation_id).select_related(
            "changed_by"
        )
    }
    chosen = in_force(chosen_for(organisation_id))
    return [
        {
            "instrument": instrument,
            "setting": setting,
            "choice": chosen[setting.name],
            "row": rows.get(setting.name),
        }
        for instrument in definitions.INSTRUMENTS.values()
        for setting in instrument.settings
    ]


def history_for(organisation_id, limit: int = 50):
    """The latest changes of the organisation's settings, newest first."""
    return (
        InstrumentSetting.history.filter(organisation_id=organisation_id)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
