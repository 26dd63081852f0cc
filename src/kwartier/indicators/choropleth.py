"""A choropleth of one indicator: areas coloured by their value's class, drawn with
core/maps.py from the areas' GeoJSON outlines. Pure Python, no Django.

Classes are quintiles (`quantile_bounds`): each of the five classes holds about a fifth of
the areas. A comparison of buurten asks where a buurt stands among the others, and
neighbourhood figures are skewed (one buurt with a business park has ten times the
inhabitants of the rest): with equal intervals most buurten would share one or two
colours and the map would show only the outliers. Equal values always share a class, so
with many ties there are fewer than five; the legend gives each class's lowest and
highest value as they occur, with the number of areas in it.

Colours (ColorBrewer schemes marked safe for colour-blind readers): when higher is better
or worse, a diverging red–yellow–blue scheme with red for the unfavourable end, so
direction reads the same on every map; a neutral indicator gets a single-hue blue scale
(light is low). An area without a value is hatched grey on white ("geen gegevens"), never
a colour of the scale. Colour is not the only carrier: each area's title (a tooltip, read
by screen readers) states its value and class, a map of few areas writes the values on
it, and the page shows the same figures as a sorted table.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from kwartier.core import maps

from .charts import MISSING_TEXT, quantity

CLASSES = 5
# Lowest value's class first. RdYlBu (5): red is unfavourable, blue favourable.
FAVOURABLE_HIGH = ("#d7191c", "#fdae61", "#ffffbf", "#abd9e9", "#2c7bb6")
UNFAVOURABLE_HIGH = tuple(reversed(FAVOURABLE_HIGH))
NEUTRAL = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")  # Blues (5)
PALETTES = {"beter": FAVOURABLE_HIGH, "slechter": UNFAVOURABLE_HIGH, "neutraal": NEUTRAL}
HATCH_ID = "wm-geen-gegevens"
HATCH = "#6b6b6b"
HATCH_DEFS = (
    f'<pattern id="{HATCH_ID}" patternUnits="userSpaceOnUse" width="7" height="7" '
    f'patternTransform="rotate(45)"><rect width="7" height="7" fill="#ffffff"/>'
    f'<line x1="0" y1="0" x2="0" y2="7" stroke="{HATCH}" stroke-width="2.5"/></pattern>'
)
SWATCH = 'x="0.5" y="0.5" width="19" height="13"'
LABELLED_AT_MOST = 12  # more areas than this: values in titles and the table only


@dataclass(frozen=True)
class ValueClass:
    number: int  # 1 = lowest values
    low: float
    high: float
    count: int
    colour: str


@dataclass(frozen=True)
class LegendEntry:
    text: str
    count: int
    colour: str = ""  # "" for the hatched "geen gegevens"

    @property
    def swatch(self) -> str:
        """A small SVG square in the entry's colour or hatching (decorative)."""
        head = (
            '<svg class="wm-swatch" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 14" '
            'width="20" height="14" aria-hidden="true" focusable="false">'
        )
        if self.colour:
            return head + f'<rect {SWATCH} fill="{self.colour}" stroke="#1a1a1a"/></svg>'
        lines = "".join(
            f'<line x1="{x}" y1="14" x2="{x + 14}" y2="0" stroke="{HATCH}" stroke-width="2"/>'
            for x in (-10, -3, 4, 11)
        )
        return (
            head + f'<rect {SWATCH} fill="#ffffff"/>{lines}'
            f'<rect {SWATCH} fill="none" stroke="#1a1a1a"/></svg>'
        )


@dataclass
class Classification:
    classes: list[ValueClass]
    by_code: dict[str, ValueClass | None] = field(default_factory=dict)

    def legend(self, unit: str = "") -> list[LegendEntry]:
        entries = []
        for value_class in self.classes:
            low, high = quantity(value_class.low, unit), quantity(value_class.high, unit)
            text = low if low == high else f"{low} – {high}"
            entries.append(LegendEntry(text, value_class.count, value_class.colour))
        missing = sum(1 for c in self.by_code.values() if c is None)
        if missing:
            entries.append(LegendEntry(MISSING_TEXT, missing))
        return entries


def quantile_bounds(values: Sequence[float], count: int = CLASSES) -> list[float]:
    """The upper bound of each class: the value at each `count`-th of the sorted values,
    without repeats (ties share a class, so there may be fewer classes)."""
    ordered = sorted(values)
    if not ordered:
        return []
    n = len(ordered)
    uppers = [ordered[max(math.ceil(k * n / count) - 1, 0)] for k in range(1, count)]
    return sorted({*uppers, ordered[-1]})


def classify(
    values: Mapping[str, float | Decimal | None], higher_is: str = "neutraal"
) -> Classification:
    """Each area code's class (None without a value), quintiles of the known values;
    the colours run from the lowest class to the highest in the direction's palette."""
    known = {code: float(v) for code, v in values.items() if v is not None}
    uppers = quantile_bounds(list(known.values()))
    palette = PALETTES.get(higher_is, NEUTRAL)
    members: list[list[float]] = [[] for _ in uppers]
    place: dict[str, int] = {}
    for code, value in known.items():
        index = next(i for i, upper in enumerate(uppers) if value <= upper)
        members[index].append(value)
        place[code] = index
    classes = [
        ValueClass(
            number=i + 1,
            low=min(group),
            high=max(group),
            count=len(group),
            colour=palette[_spread(i, len(uppers))],
        )
        for i, group in enumerate(members)
    ]
    by_code = {code: (classes[place[code]] if code in place else None) for code in values}
    return Classification(classes, by_code)


def _spread(index: int, count: int) -> int:
    """With fewer classes than colours, use colours spread over the palette (three
    classes: the first, middle and last), so the ends keep their meaning."""
    if count <= 1:
        return CLASSES // 2
    return round(index * (CLASSES - 1) / (count - 1))


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    outline: dict | None


def draw(
    places: Sequence[Place],
    values: Mapping[str, float | Decimal | None],
    *,
    title: str,
    unit: str = "",
    higher_is: str = "neutraal",
    reasons: Mapping[str, str] | None = None,
    description: str = "",
) -> tuple[str, Classification]:
    """The choropleth SVG of `places` (those without an outline are left out; the table
    still lists them) and its classification, for the legend."""
    classification = classify({p.code: values.get(p.code) for p in places}, higher_is)
    total = len(classification.classes)
    reasons = reasons or {}
    drawn = [p for p in places if p.outline]
    labelled = len(drawn) <= LABELLED_AT_MOST
    areas = []
    for place in drawn:
        value_class = classification.by_code.get(place.code)
        if value_class is None:
            why = reasons.get(place.code)
            tooltip = f"{place.name}: {MISSING_TEXT}" + (f" ({why})" if why else "")
            fill, css, label = f"url(#{HATCH_ID})", "wm-map__area--geen", "–"
        else:
            text = quantity(values[place.code], unit)
            tooltip = f"{place.name}: {text} (klasse {value_class.number} van {total})"
            fill, css, label = value_class.colour, f"wm-map__area--{value_class.number}", text
        areas.append(maps.MapArea(tooltip, place.outline, css, label, fill))
    svg = maps.draw(
        areas,
        title=title,
        description=description,
        labels=labelled,
        css_class="wm-map",
        defs=HATCH_DEFS,
    )
    return svg, classification
