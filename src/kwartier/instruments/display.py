"""What the pages show of an instrument and its scores: labels, bands and charts.

Pure (no Django): reads the definitions and anything with the attributes of a
stored measurement (``measured_on``, ``total``, ``band``, ``subscales``,
``answers``, ``rule_version``), so it serves the pages, the API and the tests alike.
Bands and their labels follow each score's own ``rule_version``: a score keeps the
reading of the rules it was computed with until it is recomputed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import chart, definitions, scoring
from .definitions import Band, Instrument, Method, Target

SETTING_TITLES = {
    Target.BANDS: "Uitkomstcategorieën",
    Target.MAX_MISSING: "Ontbrekende antwoorden",
    Target.RISE: "Stijgende belasting",
}


def bands_of(instrument: Instrument, settings: Mapping[str, str] | None = None) -> tuple[Band, ...]:
    """The bands of the total under `settings` (name → choice; absent: the default)."""
    for setting in instrument.settings:
        if setting.target is Target.BANDS:
            choice = setting.choice((settings or {}).get(setting.name, setting.default))
            return (choice or setting.choice(setting.default)).value
    return instrument.bands


def bands_for(instrument: Instrument, rule_version: str) -> tuple[Band, ...]:
    """The bands a stored score was computed with (its own rule version)."""
    return bands_of(instrument, scoring.settings_of(rule_version))


def band_label(instrument: Instrument, code: str, rule_version: str = "") -> str:
    """The Dutch label of a band code, as the score's own rules named it."""
    for band in bands_for(instrument, rule_version):
        if band.code == code:
            return band.label
    # A rule version that no longer names the choice: any choice's band with this code.
    for setting in instrument.settings:
        if setting.target is Target.BANDS:
            for band in (b for choice in setting.choices for b in choice.value):
                if band.code == code:
                    return band.label
    return code


def rule_text(instrument: Instrument, rule_version: str) -> str:
    """A stored ``rule_version`` in words: the edition, the version of the scoring rules
    and each setting's chosen reading by its Dutch labels ("" when none is stored)."""
    if not rule_version:
        return ""
    head, *chosen = rule_version.split(";")
    _, edition, scoring_version = (head.split("/") + ["", ""])[:3]
    words = instrument.name
    if edition:  # a year ("uitgave 1985") or a description ("6 treden")
        words += f", uitgave {edition}" if edition.isdigit() else f", {edition}"
    words += f", rekenregels versie {scoring_version.removeprefix('v') or '?'}"
    parts = [words]
    for part in chosen:
        name, _, value = part.partition("=")
        setting = definitions.SETTINGS.get(name)
        choice = setting.choice(value.rpartition("@")[0]) if setting else None
        if choice is None:
            parts.append("een keuze die niet meer bestaat")
        else:
            parts.append(f"{SETTING_TITLES.get(setting.target, 'instelling')}: {choice.label}")
    return "; ".join(parts)


def setting_instrument(name: str) -> str:
    """The Dutch name of the instrument a setting (``djg11.banden``) belongs to."""
    for instrument in definitions.INSTRUMENTS.values():
        if any(setting.name == name for setting in instrument.settings):
            return instrument.name
    return name


def subscale_labels(instrument: Instrument) -> dict[str, str]:
    """Subscale code → label; for the ZRM, domain → label."""
    if instrument.method is Method.PROFILE:
        return {item.id: item.text for item in instrument.items}
    return {sub.code: sub.label for sub in instrument.subscales}


def subscale_rows(instrument: Instrument, subscales: dict[str, Any]) -> list[tuple[str, Any]]:
    """(label, value) in the order of the definition; None stays None ("geen score")."""
    return [(label, subscales.get(code)) for code, label in subscale_labels(instrument).items()]


@dataclass(frozen=True)
class AnswerRow:
    item: definitions.Item | None
    text: str
    answer: str  # the option's label, or "niet beantwoord"
    points: int | None


def answer_rows(instrument: Instrument, answers: dict[str, Any]) -> list[AnswerRow]:
    rows = []
    for item in instrument.items:
        option = item.option(answers[item.id]) if item.id in answers else None
        rows.append(
            AnswerRow(
                item,
                item.text,
                option.label if option else "niet beantwoord",
                option.points if option else None,
            )
        )
    for field in instrument.context_fields:
        if field.id in answers:
            value = chart.number(answers[field.id])
            rows.append(AnswerRow(None, field.label, f"{value} {field.unit}", None))
    return rows


def total_text(instrument: Instrument, measurement) -> str:
    """The headline result: the total (or level) with its band, or why there is none."""
    if instrument.method is Method.PROFILE:
        levels = [v for v in (measurement.subscales or {}).values() if v is not None]
        if not levels:
            return "profiel per domein (geen totaalscore)"
        lowest = min(levels)
        count = levels.count(lowest)
        where = "1 domein" if count == 1 else f"{count} domeinen"
        return f"profiel per domein; laagste niveau {lowest} ({where})"
    if measurement.total is None:
        return "geen score (te veel vragen niet beantwoord)"
    total = chart.number(float(measurement.total))
    if instrument.method is Method.LEVEL:
        option = instrument.items[0].option(int(measurement.total))
        return f"trede {total}: {option.label}" if option else f"trede {total}"
    low, high = instrument.total_range
    label = band_label(instrument, measurement.band, measurement.rule_version)
    band = f" – {label}" if measurement.band else ""
    return f"{total} (van {low} tot {high}){band}"


def _option_bands(item: definitions.Item) -> list[chart.BandArea]:
    # Levels and rungs have no bands of their own: each option is one, with its label.
    return [chart.BandArea(f"{o.code} {o.label}", o.points, o.points) for o in item.options]


@dataclass(frozen=True)
class Chart:
    heading: str
    svg: str


def charts_for(instrument: Instrument, measurements: Sequence, id_prefix: str) -> list[Chart]:
    """One line chart of the total; for the ZRM one small chart per domain."""
    if instrument.method is Method.PROFILE:
        return [
            Chart(
                item.text,
                chart.line_chart(
                    [chart.Point(m.measured_on, m.subscales.get(item.id)) for m in measurements],
                    title=f"{instrument.name}: {item.text} per meting",
                    y_min=1,
                    y_max=len(item.options),
                    bands=_option_bands(item),
                    y_label="niveau",
                    height=200,
                    id_prefix=f"{id_prefix}-{item.id}",
                ),
            )
            for item in instrument.items
        ]
    points = [
        chart.Point(m.measured_on, None if m.total is None else float(m.total))
        for m in measurements
    ]
    if instrument.method is Method.LEVEL:
        item = instrument.items[0]
        bands, y_label = _option_bands(item), "trede"
        low, high = item.options[0].points, item.options[-1].points
    else:
        # The shaded bands are those of the latest score (see `mixed_band_rules`).
        latest = measurements[-1].rule_version if measurements else ""
        bands = [
            chart.BandArea(b.label, b.low, b.high, b.code in instrument.alert_bands)
            for b in bands_for(instrument, latest)
        ]
        (low, high), y_label = instrument.total_range, "totaalscore"
    svg = chart.line_chart(
        points,
        title=f"{instrument.name}: {y_label} per meting",
        y_min=low,
        y_max=high,
        bands=bands,
        y_label=y_label,
        id_prefix=id_prefix,
    )
    return [Chart("Verloop", svg)]


def direction_note(instrument: Instrument) -> str:
    if instrument.method is Method.PROFILE:
        return "Per domein: een hoger niveau is zelfredzamer."
    return (
        "Een hogere score is gunstiger."
        if instrument.higher_is_better
        else ("Een lagere score is gunstiger.")
    )


def mixed_band_rules(instrument: Instrument, measurements: Sequence) -> bool:
    """True when the scores in the series were not all banded by the same rules."""
    return len({bands_for(instrument, m.rule_version) for m in measurements}) > 1


def signals(instrument: Instrument, measurements: Sequence) -> list[str]:
    """Signals for a professional on the latest measurement (the carer scale): high
    burden and/or rising burden since the one before, as labels; empty when none.
    Both scores are computed with the rules of the latest one."""
    if not instrument.alert_bands or not measurements:
        return []
    settings = scoring.settings_of(measurements[-1].rule_version)
    try:
        scores = [scoring.score(instrument.code, m.answers, settings) for m in measurements[-2:]]
    except scoring.InvalidAnswer:  # stored answers the current definition refuses
        return []
    previous = scores[0] if len(scores) == 2 else None
    found = scoring.flags(instrument.code, scores[-1], previous, settings)
    return [scoring.FLAG_LABELS[flag] for flag in found]
