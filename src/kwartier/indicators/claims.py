"""The claim check: does a sentence about a buurt hold against the figures?

Pure Python, no Django: ``check(series, claims)`` takes the values per area and
indicator (:class:`Series`) and the structured claims (:class:`Claim`) and returns a
:class:`Verdict` per claim: ``supported``, ``not_supported`` or ``insufficient_data``,
one Dutch sentence stating the figures, and the figures themselves.

Three kinds of claim:

* ``worse_than`` / ``better_than``: the area against another area in one year
  (default: the latest year both have);
* ``getting_worse`` / ``getting_better``: the area between two years (default: its
  first and last year);
* ``above`` / ``below``: the area against a value in one year (default: its latest).

"Worse" is higher when higher is worse and lower when higher is better; for a
neutral indicator (a population count) worse and better mean nothing, so such a
claim has insufficient data. A difference within the indicator's margin (a survey's
sampling margin) supports no claim at all: the figures do not tell the two apart.
Values are compared to four decimals, the precision in which they are stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

SUPPORTED = "supported"
NOT_SUPPORTED = "not_supported"
INSUFFICIENT_DATA = "insufficient_data"
VERDICTS = (SUPPORTED, NOT_SUPPORTED, INSUFFICIENT_DATA)

WORSE = "worse"
BETTER = "better"
NEUTRAL = "neutral"
HIGHER_IS = (WORSE, BETTER, NEUTRAL)

COMPARISONS = ("worse_than", "better_than")
TRENDS = ("getting_worse", "getting_better")
THRESHOLDS = ("above", "below")
SAYS = COMPARISONS + TRENDS + THRESHOLDS

PERCENT = "%"
COUNT = "aantal"
SCORE = "score"
PER_1000 = "per_1000"
UNITS = (PERCENT, COUNT, SCORE, PER_1000)

PRECISION = Decimal("0.0001")


@dataclass(frozen=True)
class Series:
    """The values of one indicator in one area, by year."""

    area: str
    indicator: str
    unit: str
    higher_is: str
    values: Mapping[int, Decimal | float | int | str]
    margin: Decimal | float | int | str | None = None


@dataclass(frozen=True)
class Claim:
    """What a sentence says, in fields. ``than`` only for comparisons, ``value`` only
    for thresholds, ``from_year``/``to_year`` only for trends; all years optional."""

    id: str
    indicator: str
    area: str
    says: str
    than: str | None = None
    year: int | None = None
    from_year: int | None = None
    to_year: int | None = None
    value: Decimal | float | int | str | None = None


@dataclass(frozen=True)
class Verdict:
    id: str
    verdict: str
    explanation: str
    figures: dict[str, Any] = field(default_factory=dict)

    def as_api(self) -> dict[str, Any]:
        """The API encoding: figures' decimals as JSON numbers."""
        return {
            "id": self.id,
            "verdict": self.verdict,
            "explanation": self.explanation,
            "figures": {key: _json(value) for key, value in self.figures.items()},
        }


def check(
    series: Iterable[Series],
    claims: Iterable[Claim],
    area_names: Mapping[str, str] | None = None,
    indicator_names: Mapping[str, str] | None = None,
) -> list[Verdict]:
    """A verdict per claim, in the claims' order.

    ``area_names`` and ``indicator_names`` give the names the sentences use instead
    of the keys (a buurt's name instead of its code). Two series for the same area
    and indicator are a programming error (the API refuses them first).
    """
    index: dict[tuple[str, str], _Values] = {}
    for one in series:
        key = (one.indicator, one.area)
        if key in index:
            raise ValueError(f"Twee reeksen voor {one.indicator} in {one.area}.")
        index[key] = _Values.of(one)
    words = _Words(area_names or {}, indicator_names or {})
    return [_check_one(claim, index, words) for claim in claims]


# --- the three kinds of claim ---------------------------------------------------------


def _check_one(claim: Claim, index: Mapping[tuple[str, str], _Values], words: _Words) -> Verdict:
    if claim.says not in SAYS:
        raise ValueError(f"Onbekende claim: {claim.says!r}.")
    own = index.get((claim.indicator, claim.area))
    if own is None:
        return _insufficient(
            claim,
            f"Er zijn geen cijfers over {words.indicator(claim.indicator)} "
            f"in {words.area(claim.area)}.",
        )
    if claim.says in COMPARISONS + TRENDS and own.higher_is == NEUTRAL:
        return _insufficient(
            claim,
            f"Bij {words.indicator(claim.indicator)} is hoger niet beter of slechter, "
            "dus een claim over beter of slechter valt niet te toetsen.",
        )
    if claim.says in COMPARISONS:
        return _comparison(claim, own, index, words)
    if claim.says in TRENDS:
        return _trend(claim, own, words)
    return _threshold(claim, own, words)


def _comparison(
    claim: Claim, own: _Values, index: Mapping[tuple[str, str], _Values], words: _Words
) -> Verdict:
    subject = words.subject(claim)
    if not claim.than:
        return _insufficient(claim, "De claim noemt geen gebied om mee te vergelijken.")
    if claim.than == claim.area:
        return _insufficient(claim, f"De claim vergelijkt {words.area(claim.area)} met zichzelf.")
    other = index.get((claim.indicator, claim.than))
    if other is None:
        return _insufficient(
            claim,
            f"Er zijn geen cijfers over {words.indicator(claim.indicator)} "
            f"in {words.area(claim.than)}.",
        )
    if other.unit != own.unit:
        return _insufficient(
            claim,
            f"De cijfers over {words.indicator(claim.indicator)} in {words.area(claim.area)} "
            f"en in {words.area(claim.than)} hebben verschillende eenheden.",
        )
    years = {"years": sorted(own.values), "than_years": sorted(other.values)}
    if claim.year is None:
        common = set(own.values) & set(other.values)
        if not common:
            return _insufficient(
                claim,
                f"{words.area(claim.area)} en {words.area(claim.than)} hebben geen jaar "
                f"met cijfers over {words.indicator(claim.indicator)} gemeen.",
                years,
            )
        year = max(common)
    else:
        year = claim.year
        for area, values in ((claim.area, own), (claim.than, other)):
            if year not in values.values:
                return _insufficient(
                    claim,
                    f"Er zijn geen cijfers over {words.indicator(claim.indicator)} "
                    f"in {words.area(area)} in {year}.",
                    years,
                )
    value, than_value = own.values[year], other.values[year]
    difference = value - than_value
    # Both areas' margins count: the larger one decides whether they differ.
    margin = max(own.margin, other.margin)
    unit = own.unit
    figures = {
        "year": year,
        "value": value,
        "than_value": than_value,
        "difference": difference,
        "margin": margin if margin else None,
        "unit": unit,
    }
    start = f"{subject} is in {year} {with_unit(value, unit)}"
    than = words.area(claim.than)
    if difference == 0:
        return _verdict(claim, False, f"{start}, even hoog als in {than}.", figures)
    direction = _direction(difference, own.higher_is)
    comparison = (
        f"{start} en daarmee {_difference(difference, unit)} "
        f"{_higher(difference)}{_judgement(direction)} dan in {than} "
        f"({with_unit(than_value, unit)})"
    )
    if abs(difference) <= margin:
        return _verdict(claim, False, comparison + _within(margin, unit) + ".", figures)
    wanted = WORSE if claim.says == "worse_than" else BETTER
    return _verdict(claim, direction == wanted, comparison + ".", figures)


def _trend(claim: Claim, own: _Values, words: _Words) -> Verdict:
    years = sorted(own.values)
    start_year = years[0] if claim.from_year is None else claim.from_year
    end_year = years[-1] if claim.to_year is None else claim.to_year
    known = {"years": years}
    for year in (start_year, end_year):
        if year not in own.values:
            return _insufficient(
                claim,
                f"Er zijn geen cijfers over {words.indicator(claim.indicator)} "
                f"in {words.area(claim.area)} in {year}.",
                known,
            )
    if start_year >= end_year:
        reason = (
            f"Er is maar één jaar met cijfers over {words.indicator(claim.indicator)} "
            f"in {words.area(claim.area)}, dus geen ontwikkeling."
            if len(years) == 1
            else "Het beginjaar moet vóór het eindjaar liggen."
        )
        return _insufficient(claim, reason, known)
    first, last = own.values[start_year], own.values[end_year]
    difference = last - first
    margin, unit = own.margin, own.unit
    figures = {
        "from": start_year,
        "to": end_year,
        "from_value": first,
        "to_value": last,
        "difference": difference,
        "margin": margin if margin else None,
        "unit": unit,
    }
    subject = f"{words.subject(claim)} is tussen {start_year} en {end_year}"
    if difference == 0:
        return _verdict(
            claim, False, f"{subject} gelijk gebleven op {with_unit(first, unit)}.", figures
        )
    direction = _direction(difference, own.higher_is)
    movement = (
        f"{subject} met {_difference(difference, unit)} "
        f"{'gestegen' if difference > 0 else 'gedaald'} "
        f"van {with_unit(first, unit)} naar {with_unit(last, unit)}"
    )
    if abs(difference) <= margin:
        return _verdict(claim, False, movement + _within(margin, unit) + ".", figures)
    change = "een verslechtering" if direction == WORSE else "een verbetering"
    wanted = WORSE if claim.says == "getting_worse" else BETTER
    return _verdict(claim, direction == wanted, f"{movement}, {change}.", figures)


def _threshold(claim: Claim, own: _Values, words: _Words) -> Verdict:
    if claim.value is None:
        return _insufficient(claim, "De claim noemt geen waarde om mee te vergelijken.")
    threshold = _decimal(claim.value)
    years = sorted(own.values)
    year = years[-1] if claim.year is None else claim.year
    if year not in own.values:
        return _insufficient(
            claim,
            f"Er zijn geen cijfers over {words.indicator(claim.indicator)} "
            f"in {words.area(claim.area)} in {year}.",
            {"years": years},
        )
    value = own.values[year]
    difference = value - threshold
    margin, unit = own.margin, own.unit
    figures = {
        "year": year,
        "value": value,
        "threshold": threshold,
        "difference": difference,
        "margin": margin if margin else None,
        "unit": unit,
    }
    start = f"{words.subject(claim)} is in {year}"
    if difference == 0:
        return _verdict(claim, False, f"{start} precies {with_unit(value, unit)}.", figures)
    comparison = (
        f"{start} {with_unit(value, unit)} en daarmee {_difference(difference, unit)} "
        f"{_higher(difference)} dan {with_unit(threshold, unit)}"
    )
    if abs(difference) <= margin:
        return _verdict(claim, False, comparison + _within(margin, unit) + ".", figures)
    wanted = 1 if claim.says == "above" else -1
    return _verdict(claim, (difference > 0) == (wanted > 0), comparison + ".", figures)


# --- helpers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Values:
    unit: str
    higher_is: str
    margin: Decimal  # 0 when there is none
    values: dict[int, Decimal]

    @classmethod
    def of(cls, series: Series) -> _Values:
        if series.unit not in UNITS:
            raise ValueError(f"Onbekende eenheid: {series.unit!r}.")
        if series.higher_is not in HIGHER_IS:
            raise ValueError(f"Onbekende richting: {series.higher_is!r}.")
        margin = Decimal(0) if series.margin is None else abs(_decimal(series.margin))
        values = {int(year): _decimal(value) for year, value in series.values.items()}
        return cls(series.unit, series.higher_is, margin, values)


@dataclass(frozen=True)
class _Words:
    areas: Mapping[str, str]
    indicators: Mapping[str, str]

    def area(self, key: str) -> str:
        return self.areas.get(key, key)

    def indicator(self, key: str) -> str:
        """The name within a sentence: "Jeugdoverlast" → "jeugdoverlast", but an
        abbreviation stays ("WOZ-waarde")."""
        name = self.indicators.get(key, key)
        return name if name[1:2].isupper() else f"{name[:1].lower()}{name[1:]}"

    def subject(self, claim: Claim) -> str:
        """ "Jeugdoverlast in Kwartiersveen-Noord": the start of every sentence."""
        name = self.indicator(claim.indicator)
        return f"{name[:1].upper()}{name[1:]} in {self.area(claim.area)}"


def _decimal(value: Decimal | float | int | str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise ValueError(f"Geen getal: {value!r}.") from error
    if not number.is_finite():
        raise ValueError(f"Geen eindig getal: {value!r}.")
    return number.quantize(PRECISION, rounding=ROUND_HALF_EVEN) + 0  # + 0: no "-0"


def _direction(difference: Decimal, higher_is: str) -> str:
    """Whether a positive or negative difference is a worsening."""
    higher = difference > 0
    return WORSE if higher == (higher_is == WORSE) else BETTER


def _higher(difference: Decimal) -> str:
    return "hoger" if difference > 0 else "lager"


def _judgement(direction: str) -> str:
    return " (slechter)" if direction == WORSE else " (beter)"


def _within(margin: Decimal, unit: str) -> str:
    return f"; het verschil valt binnen de marge van {_difference(margin, unit)}"


def _verdict(claim: Claim, supported: bool, explanation: str, figures: dict) -> Verdict:
    return Verdict(claim.id, SUPPORTED if supported else NOT_SUPPORTED, explanation, figures)


def _insufficient(claim: Claim, reason: str, figures: dict | None = None) -> Verdict:
    return Verdict(claim.id, INSUFFICIENT_DATA, reason, figures or {})


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# --- Dutch numbers ----------------------------------------------------------------------


def number(value: Decimal | float | int) -> str:
    """Dutch notation: ``Decimal("1234.5")`` → "1.234,5"; no trailing zeros."""
    decimal = Decimal(str(value)).normalize() + 0
    text = format(decimal, ",f")
    return text.translate(str.maketrans({",": ".", ".": ","}))


def with_unit(value: Decimal, unit: str) -> str:
    """A value with its unit: "11,5 %", "12,3 per 1.000 inwoners", "1.234"."""
    if unit == PERCENT:
        return f"{number(value)} %"
    if unit == PER_1000:
        return f"{number(value)} per 1.000 inwoners"
    return number(value)


def _difference(difference: Decimal, unit: str) -> str:
    """The size of a difference: percentages differ in percentage points."""
    size = number(abs(difference))
    if unit == PERCENT:
        return f"{size} procentpunt"
    if unit == PER_1000:
        return f"{size} per 1.000 inwoners"
    if unit == SCORE:
        return f"{size} {'punt' if abs(difference) == 1 else 'punten'}"
    return size
