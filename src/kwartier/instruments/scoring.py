"""Scoring of the outcome instruments: pure functions over the data in ``definitions``.

``score(code, answers)`` validates the per-item answers and returns a :class:`Score`;
``change(code, before, after)`` gives the difference between two scores;
``flags(code, current, previous)`` tells whether a carer's burden is high or rising.

"Not assessed" is always ``None``, never 0: a missing answer leaves a hole, and a
total or subscale is only computed when the instrument's missing-answer rule allows
it. Every score records the rule version it was computed with, so that stored
answers can be rescored when a rule is corrected.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kwartier.instruments import definitions
from kwartier.instruments.definitions import (
    Band,
    ContextField,
    Instrument,
    Item,
    Method,
    Target,
)

HIGH = "hoog"
RISING = "stijgend"
FLAG_LABELS = {HIGH: "Hoge belasting", RISING: "Belasting stijgt"}

_TYPE_NAMES = {str: "tekst", int: "een geheel getal", float: "een getal", bool: "ja/nee-waarde"}


class InvalidAnswer(ValueError):
    """An answer that cannot be scored. ``item`` names the question (None: the whole set)."""

    def __init__(self, item: str | None, message: str) -> None:
        super().__init__(message)
        self.item = item
        self.message = message


class InvalidSetting(ValueError):
    """A setting name or choice that does not exist: a configuration error."""


@dataclass(frozen=True)
class Score:
    instrument: str
    version: str
    rule_version: str
    settings: dict[str, str]  # setting name -> "choice@vN"
    total: int | None
    subscales: dict[str, int | None]
    band: Band | None
    subscale_bands: dict[str, Band | None]
    profile: dict[str, int] | None  # ZRM only: the level per domain
    missing: tuple[str, ...]  # ids of the items not answered
    context: dict[str, float | int | None]

    def as_api(self) -> dict[str, Any]:
        """The stable API encoding: total, subscales and the band code."""
        return {
            "total": self.total,
            "subscales": dict(self.subscales),
            "band": self.band.code if self.band else None,
        }


@dataclass(frozen=True)
class Change:
    """``after`` minus ``before``; None where either side was not assessed."""

    instrument: str
    total: int | None
    subscales: dict[str, int | None]  # for the ZRM: one entry per domain
    band_before: str | None
    band_after: str | None


@dataclass(frozen=True)
class _Rules:
    bands: tuple[Band, ...]
    max_missing: int
    rise: int | None
    chosen: dict[str, str]


def score(
    code: str, answers: Mapping[str, Any], settings: Mapping[str, str] | None = None
) -> Score:
    """Score one assessment.

    ``answers`` maps item ids (and, for the carer scale, context field ids) to
    answer codes; an absent key or ``None`` is a missing answer. ``settings`` picks
    choices for the named settings, by setting name; names of settings that belong
    to other instruments are ignored, so one organisation-wide mapping can be
    passed to every call.
    """
    instrument = definitions.get(code)
    rules = _resolve_rules(instrument, settings or {})
    points, context = _read_answers(instrument, answers)
    total, subscales = _total_and_subscales(instrument, points, rules)
    return Score(
        instrument=instrument.code,
        version=instrument.version,
        rule_version=_rule_version(instrument, rules),
        settings=dict(rules.chosen),
        total=total,
        subscales=subscales,
        band=_band(rules.bands, total),
        subscale_bands={
            sub.code: _band(sub.bands, subscales[sub.code])
            for sub in instrument.subscales
            if sub.bands
        },
        profile=dict(subscales) if instrument.method is Method.PROFILE else None,
        missing=tuple(item.id for item in instrument.items if item.id not in points),
        context=context,
    )


def change(code: str, before: Score, after: Score) -> Change:
    """Difference per total and per subscale (per domain for the ZRM) between two scores."""
    _check_same_instrument(code, before, after)
    names = list(dict.fromkeys([*before.subscales, *after.subscales]))
    return Change(
        instrument=code,
        total=_difference(before.total, after.total),
        subscales={
            name: _difference(before.subscales.get(name), after.subscales.get(name))
            for name in names
        },
        band_before=before.band.code if before.band else None,
        band_after=after.band.code if after.band else None,
    )


def flags(
    code: str,
    current: Score,
    previous: Score | None = None,
    settings: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """Signals for a professional: ``HIGH`` and/or ``RISING``; empty when none apply.

    Only instruments with alert bands (the carer scale) raise flags. Rising compares
    the total with the previous assessment, using the instrument's rise setting.
    """
    instrument = definitions.get(code)
    _check_same_instrument(code, current, previous)
    if not instrument.alert_bands:
        return ()
    rules = _resolve_rules(instrument, settings or {})
    found = []
    if current.band is not None and current.band.code in instrument.alert_bands:
        found.append(HIGH)
    rise = _difference(previous.total, current.total) if previous is not None else None
    if rules.rise is not None and rise is not None and rise >= rules.rise:
        found.append(RISING)
    return tuple(found)


# --- settings ---------------------------------------------------------------------


def check_settings(requested: Mapping[str, str]) -> None:
    """Raise :class:`InvalidSetting` (Dutch) for an unknown setting name or choice."""
    for name, choice in requested.items():
        setting = definitions.SETTINGS.get(name)
        if setting is None:
            raise InvalidSetting(f"Onbekende instelling '{_shorten(name)}'.")
        if not isinstance(choice, str) or setting.choice(choice) is None:
            allowed = ", ".join(option.code for option in setting.choices)
            raise InvalidSetting(
                f"Onbekende keuze '{_shorten(choice)}' voor instelling '{name}'. "
                f"Toegestaan: {allowed}."
            )


def settings_of(rule_version: str) -> dict[str, str]:
    """The setting choices a stored ``rule_version`` names, as ``score`` takes them.

    Parts naming a setting or choice that no longer exists are left out (the default
    then applies), so an old stored score can always be shown.
    """
    found = {}
    for part in (rule_version or "").split(";")[1:]:
        name, _, chosen = part.partition("=")
        setting = definitions.SETTINGS.get(name)
        code = chosen.rpartition("@")[0]
        if setting is not None and setting.choice(code) is not None:
            found[name] = code
    return found


def rule_version(code: str, settings: Mapping[str, str] | None = None) -> str:
    """The ``rule_version`` every score of `code` gets under `settings`: it depends on the
    rules only, not on the answers."""
    instrument = definitions.get(code)
    return _rule_version(instrument, _resolve_rules(instrument, settings or {}))


def _resolve_rules(instrument: Instrument, requested: Mapping[str, str]) -> _Rules:
    check_settings(requested)
    values: dict[Target, Any] = {
        Target.BANDS: instrument.bands,
        Target.MAX_MISSING: instrument.max_missing,
        Target.RISE: None,
    }
    chosen = {}
    for setting in instrument.settings:
        choice = setting.choice(requested.get(setting.name, setting.default))
        if choice is None:  # requested choices were checked: only a faulty default gets here
            raise InvalidSetting(f"Standaardkeuze van '{setting.name}' bestaat niet.")
        values[setting.target] = choice.value
        chosen[setting.name] = f"{choice.code}@v{setting.version}"
    return _Rules(
        bands=values[Target.BANDS],
        max_missing=values[Target.MAX_MISSING],
        rise=values[Target.RISE],
        chosen=chosen,
    )


def _rule_version(instrument: Instrument, rules: _Rules) -> str:
    parts = [f"{instrument.code}/{instrument.version}/v{instrument.scoring_version}"]
    parts += [f"{name}={choice}" for name, choice in rules.chosen.items()]
    return ";".join(parts)


# --- reading and validating answers -----------------------------------------------


def _read_answers(
    instrument: Instrument, answers: Mapping[str, Any]
) -> tuple[dict[str, int], dict[str, float | int | None]]:
    """Item id -> points for the answered items, and the context values."""
    if not isinstance(answers, Mapping):
        raise InvalidAnswer(
            None, "De antwoorden moeten een object zijn met per vraag een antwoord."
        )
    points: dict[str, int] = {}
    context: dict[str, float | int | None] = {f.id: None for f in instrument.context_fields}
    for key, value in answers.items():
        if not isinstance(key, str):
            raise InvalidAnswer(str(key), f"Vraag '{key}': de vraagcode moet tekst zijn.")
        item, context_field = instrument.item(key), instrument.context_field(key)
        if item is not None:
            answered = _item_points(item, value)
            if answered is not None:
                points[item.id] = answered
        elif context_field is not None:
            context[key] = _context_value(context_field, value)
        else:
            raise InvalidAnswer(key, f"Onbekende vraag '{key}' voor {instrument.name}.")
    _check_required(instrument, points)
    return points, context


def _item_points(item: Item, value: Any) -> int | None:
    if value is None:
        return None
    # type() rather than isinstance(): True must not pass for the answer 1.
    if type(value) is not item.answer_type:
        raise InvalidAnswer(
            item.id,
            f"Vraag '{item.id}': het antwoord is {_type_name(value)}, "
            f"verwacht is {_TYPE_NAMES[item.answer_type]}.",
        )
    option = item.option(value)
    if option is None:
        allowed = ", ".join(str(code) for code in item.codes)
        raise InvalidAnswer(
            item.id,
            f"Vraag '{item.id}': '{_shorten(value)}' is geen toegestaan antwoord. "
            f"Toegestaan: {allowed}.",
        )
    return option.points


def _context_value(context_field: ContextField, value: Any) -> float | int | None:
    if value is None:
        return None
    expected = (int,) if context_field.integer else (int, float)
    if type(value) not in expected:
        wanted = _TYPE_NAMES[int] if context_field.integer else _TYPE_NAMES[float]
        raise InvalidAnswer(
            context_field.id,
            f"'{context_field.id}': de waarde is {_type_name(value)}, verwacht is {wanted}.",
        )
    if not (math.isfinite(value) and context_field.minimum <= value <= context_field.maximum):
        raise InvalidAnswer(
            context_field.id,
            f"'{context_field.id}': {_shorten(value)} ligt niet tussen "
            f"{context_field.minimum:g} en {context_field.maximum:g} {context_field.unit}.",
        )
    return value


def _check_required(instrument: Instrument, points: Mapping[str, int]) -> None:
    # Profiles and single levels have no missing-answer rule: the whole result is the
    # answers, so an assessment without one of them is incomplete.
    if instrument.method is Method.SUM:
        return
    for item in instrument.items:
        if item.id not in points:
            raise InvalidAnswer(item.id, f"Vraag '{item.id}' ({item.text}) is verplicht.")


def _type_name(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), f"van het type {type(value).__name__}")


def _shorten(value: Any, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- computing ---------------------------------------------------------------------


def _total_and_subscales(
    instrument: Instrument, points: Mapping[str, int], rules: _Rules
) -> tuple[int | None, dict[str, int | None]]:
    if instrument.method is Method.SUM:
        return _sum_scores(instrument, points, rules.max_missing)
    if instrument.method is Method.PROFILE:
        # No total is defined for the ZRM: the profile of levels is the result.
        return None, {item.id: points[item.id] for item in instrument.items}
    return points[instrument.items[0].id], {}


def _sum_scores(
    instrument: Instrument, points: Mapping[str, int], max_missing: int
) -> tuple[int | None, dict[str, int | None]]:
    missing = sum(1 for item in instrument.items if item.id not in points)
    # The total counts the answered items as long as the rule tolerates the gaps.
    total = sum(points.values()) if missing <= max_missing else None
    subscales = {
        sub.code: _complete_sum(instrument.subscale_items(sub.code), points)
        for sub in instrument.subscales
    }
    return total, subscales


def _complete_sum(items: tuple[Item, ...], points: Mapping[str, int]) -> int | None:
    """Sum of the items, or None if any of them is missing (the rule for every subscale)."""
    if any(item.id not in points for item in items):
        return None
    return sum(points[item.id] for item in items)


def _band(bands: tuple[Band, ...], value: int | None) -> Band | None:
    if value is None or not bands:
        return None
    for band in bands:
        if band.contains(value):
            return band
    raise LookupError(f"no band covers the value {value}")  # a gap in the definitions


def _difference(before: int | None, after: int | None) -> int | None:
    if before is None or after is None:
        return None
    return after - before


def _check_same_instrument(code: str, *scores: Score | None) -> None:
    definitions.get(code)
    for other in scores:
        if other is not None and other.instrument != code:
            raise ValueError(
                f"Een score van '{other.instrument}' kan niet vergeleken worden met '{code}'."
            )
