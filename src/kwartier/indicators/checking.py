"""The claim check on the stored figures: the bridge between the models and the pure
engine (claims.py), used by the claim API and the feitencheck pages.

Areas are named by their code (Area.code); the country is "NL" (or "Nederland"), the
values without an area. The unit, direction and margin come from the Indicator; years
without a value (missing or suppressed) are not part of a series.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.utils.safestring import SafeString, mark_safe

from kwartier.core.models import Area

from . import charts, claims
from .models import Claim, FactCheck, Indicator, IndicatorValue

COUNTRY = "NL"
COUNTRY_KEYS = (COUNTRY, "Nederland")
COUNTRY_NAME = "Nederland"

UNITS = {
    Indicator.Unit.PERCENT: claims.PERCENT,
    Indicator.Unit.COUNT: claims.COUNT,
    Indicator.Unit.SCORE: claims.SCORE,
    Indicator.Unit.PER_1000: claims.PER_1000,
}
HIGHER_IS = {
    Indicator.HigherIs.WORSE: claims.WORSE,
    Indicator.HigherIs.BETTER: claims.BETTER,
    Indicator.HigherIs.NEUTRAL: claims.NEUTRAL,
}

# Verdicts in words, with a symbol so that they do not rest on colour alone.
VERDICT_LABELS = {
    claims.SUPPORTED: "ondersteund",
    claims.NOT_SUPPORTED: "niet ondersteund",
    claims.INSUFFICIENT_DATA: "onvoldoende gegevens",
}
VERDICT_SYMBOLS = {claims.SUPPORTED: "✓", claims.NOT_SUPPORTED: "✗", claims.INSUFFICIENT_DATA: "?"}


@dataclass(frozen=True)
class Figures:
    """Stored series and the names the sentences use."""

    series: list[claims.Series]
    area_names: dict[str, str]
    indicator_names: dict[str, str]
    indicators: dict[str, Indicator]

    def values(self, indicator: str, area: str) -> dict[int, object]:
        for one in self.series:
            if (one.indicator, one.area) == (indicator, area):
                return dict(one.values)
        return {}


def area_key(area: Area | None) -> str:
    return area.code if area is not None else COUNTRY


def stored(pairs: Iterable[tuple[str, str]]) -> Figures:
    """The stored series of (indicator code, area key) pairs, in a few queries.

    A pair whose indicator or area is unknown, or which has no values, has no series:
    the engine then says that there are no figures.
    """
    pairs = set(pairs)
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(code__in={code for code, _ in pairs})
    }
    keys = {key for _, key in pairs}
    areas = {area.code: area for area in Area.objects.filter(code__in=keys - set(COUNTRY_KEYS))}
    area_names = {code: area.name for code, area in areas.items()}
    area_names |= {key: COUNTRY_NAME for key in keys & set(COUNTRY_KEYS)}

    where = Q(area__in=areas.values())
    if keys & set(COUNTRY_KEYS):
        where |= Q(area__isnull=True)
    found: dict[tuple[str, str | None], dict] = defaultdict(dict)
    rows = (
        IndicatorValue.objects.filter(where, indicator__in=indicators.values(), value__isnull=False)
        .order_by("year")
        .values_list("indicator__code", "area__code", "year", "value")
    )
    for code, area_code, year, value in rows:
        found[code, area_code][year] = value

    series = []
    for code, key in sorted(pairs):
        indicator = indicators.get(code)
        values = found.get((code, None if key in COUNTRY_KEYS else key))
        if indicator is None or not values:
            continue
        series.append(
            claims.Series(
                area=key,
                indicator=code,
                unit=UNITS[indicator.unit],
                higher_is=HIGHER_IS[indicator.higher_is],
                values=values,
                margin=indicator.margin,
            )
        )
    names = {code: indicator.name for code, indicator in indicators.items()}
    return Figures(series, area_names, names, indicators)


def pairs_of(claim_list: Sequence[claims.Claim]) -> set[tuple[str, str]]:
    """The (indicator, area) pairs the claims are about: their area and what they compare with."""
    pairs = {(claim.indicator, claim.area) for claim in claim_list}
    return pairs | {(claim.indicator, claim.than) for claim in claim_list if claim.than}


def check_stored(claim_list: Sequence[claims.Claim]) -> list[claims.Verdict]:
    """Verdicts on the stored figures of the claims' areas (codes, or "NL")."""
    figures = stored(pairs_of(claim_list))
    return claims.check(figures.series, claim_list, figures.area_names, figures.indicator_names)


# --- a fact check's claims ----------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """One claim of a fact check with its verdict and a chart of the figures involved."""

    claim: Claim
    verdict: claims.Verdict
    chart: SafeString | str  # inline SVG (its text escaped); "" when there are no figures

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self.verdict.verdict]

    @property
    def symbol(self) -> str:
        return VERDICT_SYMBOLS[self.verdict.verdict]

    @property
    def value_text(self) -> str:
        """The claimed value with its unit ("3 %"), for a claim above or below a value."""
        if self.claim.value is None:
            return ""
        return claims.with_unit(self.claim.value, UNITS[self.claim.indicator.unit])


def as_engine_claim(claim: Claim) -> claims.Claim:
    """A stored claim in the engine's terms. A comparison without `than` compares with
    the country, as a claim without `area` is about the country."""
    than = None
    if claim.says in claims.COMPARISONS:
        than = area_key(claim.than)
    return claims.Claim(
        id=str(claim.pk),
        indicator=claim.indicator.code,
        area=area_key(claim.area),
        says=claim.says,
        than=than,
        year=claim.year if claim.says not in claims.TRENDS else None,
        from_year=claim.from_year if claim.says in claims.TRENDS else None,
        to_year=claim.to_year if claim.says in claims.TRENDS else None,
        value=claim.value if claim.says in claims.THRESHOLDS else None,
    )


def check_fact_check(fact_check: FactCheck) -> list[Checked]:
    """Every claim of `fact_check` checked on the stored figures, in its order."""
    stored_claims = list(fact_check.claims.select_related("indicator", "area", "than"))
    engine_claims = [as_engine_claim(claim) for claim in stored_claims]
    figures = stored(pairs_of(engine_claims))
    verdicts = claims.check(
        figures.series, engine_claims, figures.area_names, figures.indicator_names
    )
    return [
        Checked(claim, verdict, mark_safe(chart_of(engine, verdict, figures)))  # noqa: S308
        for claim, engine, verdict in zip(stored_claims, engine_claims, verdicts, strict=True)
    ]


def chart_of(claim: claims.Claim, verdict: claims.Verdict, figures: Figures) -> str:
    """A small chart of the figures behind a verdict: both areas over the years for a
    comparison, the area's line for a trend, its value against the claimed value for a
    threshold. Nothing when the figures are missing."""
    indicator = figures.indicators.get(claim.indicator)
    own = figures.values(claim.indicator, claim.area)
    if indicator is None or not own:
        return ""
    name = figures.area_names.get(claim.area, claim.area)
    unit = indicator.unit
    chart_id = f"bewering-{claim.id}"
    scale = {"y_min": indicator.scale_min, "y_max": indicator.scale_max}
    if claim.says in claims.THRESHOLDS:
        year = verdict.figures.get("year")
        if year is None or claim.value is None:
            return ""
        return charts.bar_chart(
            [charts.Bar(f"{name} ({year})", own[year], highlight=True)],
            title=f"{indicator.name} in {name} in {year} en de genoemde waarde",
            unit=unit,
            reference=("genoemde waarde", claim.value),
            x_max=indicator.scale_max,
            chart_id=chart_id,
        )
    lines = [charts.Series(name, own)]
    if claim.says in claims.COMPARISONS and claim.than:
        other = figures.values(claim.indicator, claim.than)
        if other:
            lines.append(charts.Series(figures.area_names.get(claim.than, claim.than), other))
    return charts.line_chart(
        lines,
        title=f"{indicator.name}: " + " en ".join(line.label for line in lines),
        unit=unit,
        chart_id=chart_id,
        height=220,
        **scale,
    )
