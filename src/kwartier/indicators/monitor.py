"""The figures behind the wijkmonitor's pages: an area's profile (each indicator for the
area, the areas it lies in and the country, per year) and a comparison of all buurten or
wijken on one indicator; and both as CSV for Dutch Excel.

Figures per area are not about persons, so nothing here is scoped or logged; own
figures arrive already suppressed (own.py stores a small cell as a missing value with
its reason).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.safestring import mark_safe

from kwartier.core.models import Area

from . import charts, choropleth
from .models import Indicator, IndicatorValue

COUNTRY = "Nederland"
NO_FIGURE = "geen cijfer bekend"
# charts.STYLES index of an area the profiled area lies in (0 is the area itself)
STYLE_OF_LEVEL = {Area.Level.WIJK: 1, Area.Level.GEMEENTE: 2, None: 3}


@dataclass(frozen=True)
class Cell:
    """One figure: a value, or a missing one with the reason the source gave."""

    value: Decimal | None = None
    reason: str = ""
    known: bool = False  # a row exists (a value, or a missing value with a reason)
    unit: str = ""

    @property
    def text(self) -> str:
        return charts.quantity(self.value, self.unit)

    @property
    def why(self) -> str:
        """Why the value is not there ("" when it is)."""
        if self.value is not None:
            return ""
        return self.reason or NO_FIGURE


EMPTY = Cell()


def label_of(area: Area | None) -> str:
    if area is None:
        return COUNTRY
    return f"{area.name} ({area.get_level_display().lower()})"


def chain(area: Area) -> list[Area | None]:
    """The area, the areas it lies in (wijk, gemeente) and the country (None)."""
    areas: list[Area | None] = []
    current: Area | None = area
    while current is not None:
        areas.append(current)
        current = current.parent
    return [*areas, None]


@dataclass
class IndicatorProfile:
    """One indicator for an area and its surroundings: columns are the areas of the
    chain that have figures (the area itself always), rows the years."""

    indicator: Indicator
    columns: list[Area | None]
    years: list[int]
    cells: dict[tuple[int, int], Cell]  # (column index, year) → cell
    chart: str = ""

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def latest_year(self) -> int | None:
        """The latest year the area itself has a row for (without any: the latest year
        of its surroundings)."""
        own = [year for year in self.years if self.cells.get((0, year), EMPTY).known]
        return own[-1] if own else (self.years[-1] if self.years else None)

    def cell(self, column: int, year: int | None) -> Cell:
        return self.cells.get((column, year), EMPTY) if year is not None else EMPTY

    def latest(self) -> list[tuple[str, Cell]]:
        """Each column's cell in the area's latest year."""
        year = self.latest_year
        return [(label_of(area), self.cell(i, year)) for i, area in enumerate(self.columns)]

    def overview(self, areas: list[Area | None]) -> list[Cell]:
        """The latest year's cells aligned with `areas` (the whole chain)."""
        year = self.latest_year
        return [
            self.cell(self.columns.index(area), year) if area in self.columns else EMPTY
            for area in areas
        ]

    def rows(self) -> list[tuple[int, list[Cell]]]:
        return [
            (year, [self.cell(i, year) for i in range(len(self.columns))]) for year in self.years
        ]

    @property
    def labels(self) -> list[str]:
        return [label_of(area) for area in self.columns]

    def series(self) -> list[charts.Series]:
        """The columns as lines; each role keeps its look on every chart (the area
        itself, a wijk, a gemeente, the country), also when one of them has no figures."""
        lines = []
        for i, area in enumerate(self.columns):
            values = {y: self.cells[(i, y)].value for y in self.years if (i, y) in self.cells}
            if values:
                style = 0 if i == 0 else STYLE_OF_LEVEL[area.level if area else None]
                lines.append(charts.Series(label_of(area), values, style))
        return lines


def _axis(indicator: Indicator) -> tuple:
    if indicator.unit == Indicator.Unit.SCORE and indicator.scale_min is not None:
        return indicator.scale_min, indicator.scale_max
    return None, None


def profile(area: Area, indicators=None) -> list[IndicatorProfile]:
    """Every indicator (or those given) for `area`, with a line chart each; an indicator
    without any figure for the area or its surroundings is left out."""
    areas = chain(area)
    ids = {a.pk: i for i, a in enumerate(areas) if a is not None}
    country = len(areas) - 1
    indicators = list(indicators if indicators is not None else Indicator.objects.all())
    units = {indicator.pk: indicator.unit for indicator in indicators}
    rows = IndicatorValue.objects.filter(
        Q(area_id__in=ids) | Q(area__isnull=True), indicator__in=indicators
    ).values_list("indicator_id", "area_id", "year", "value", "missing_reason")
    found: dict[int, dict[tuple[int, int], Cell]] = defaultdict(dict)
    for indicator_id, area_id, year, value, reason in rows:
        column = country if area_id is None else ids[area_id]
        found[indicator_id][(column, year)] = Cell(value, reason, True, units[indicator_id])
    profiles = []
    for indicator in indicators:
        cells = found.get(indicator.pk, {})
        if all(column == country for column, _ in cells):
            continue  # nothing for the area or the areas it lies in
        used = sorted({0} | {column for column, _ in cells})
        renumber = {old: new for new, old in enumerate(used)}
        item = IndicatorProfile(
            indicator,
            [areas[c] for c in used],
            sorted({year for _, year in cells}),
            {(renumber[c], y): cell for (c, y), cell in cells.items()},
        )
        low, high = _axis(indicator)
        item.chart = mark_safe(  # noqa: S308 - charts.py escapes every text
            charts.line_chart(
                item.series(),
                title=f"{indicator.name}: {area.name} en omgeving",
                unit=indicator.unit,
                unit_label=indicator.get_unit_display(),
                y_min=low,
                y_max=high,
                chart_id=f"grafiek-{indicator.code}",
            )
        )
        profiles.append(item)
    return profiles


# Comparison -----------------------------------------------------------------------------


@dataclass
class ComparisonRow:
    area: Area
    cell: Cell
    rank: int | None = None


@dataclass
class Comparison:
    indicator: Indicator
    level: str
    within: Area | None
    year: int | None
    rows: list[ComparisonRow] = field(default_factory=list)
    references: list[tuple[str, Cell]] = field(default_factory=list)
    map_svg: str = ""
    legend: list[choropleth.LegendEntry] = field(default_factory=list)
    bars: str = ""

    @property
    def with_value(self) -> int:
        return sum(1 for row in self.rows if row.cell.value is not None)


def areas_at(level: str, within: Area | None):
    """The buurten or wijken in `within` (a gemeente or wijk), or all of them."""
    areas = Area.objects.filter(level=level)
    if within is None:
        return areas
    if within.level == Area.Level.GEMEENTE and level == Area.Level.BUURT:
        return areas.filter(parent__parent=within)
    return areas.filter(parent=within)


def years_of(indicator: Indicator, level: str, within: Area | None) -> list[int]:
    """The years with at least one value at this level, latest first."""
    years = (
        IndicatorValue.objects.filter(
            indicator=indicator, area__in=areas_at(level, within), value__isnull=False
        )
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(set(years), reverse=True)


def municipalities_with(indicator: Indicator, level: str) -> list[Area]:
    """The gemeenten with values of this indicator for their buurten or wijken."""
    link = "children__children" if level == Area.Level.BUURT else "children"
    return list(
        Area.objects.filter(
            level=Area.Level.GEMEENTE,
            **{f"{link}__indicator_values__indicator": indicator},
            **{f"{link}__indicator_values__value__isnull": False},
        )
        .distinct()
        .order_by("name")
    )


def compare(indicator: Indicator, level: str, within: Area | None, year: int | None) -> Comparison:
    """All buurten or wijken in `within` on `indicator` in `year`: sorted highest first
    (ties by name, missing last), with the choropleth and the values of `within` and the
    country as references."""
    result = Comparison(indicator, level, within, year)
    areas = list(areas_at(level, within).select_related("parent").order_by("name"))
    values = {
        area_id: Cell(value, reason, True, indicator.unit)
        for area_id, value, reason in IndicatorValue.objects.filter(
            indicator=indicator, year=year, area__in=[a.pk for a in areas]
        ).values_list("area_id", "value", "missing_reason")
    }
    rows = [ComparisonRow(area, values.get(area.pk, EMPTY)) for area in areas]
    rows.sort(key=lambda r: (r.cell.value is None, -(r.cell.value or 0), r.area.name))
    rank, previous = 0, None
    for position, row in enumerate(rows, start=1):
        if row.cell.value is None:
            continue
        if row.cell.value != previous:  # equal values share a rank
            rank, previous = position, row.cell.value
        row.rank = rank
    result.rows = rows
    for area in [within, None] if within is not None else [None]:
        found = IndicatorValue.objects.filter(indicator=indicator, year=year).of_area(area)
        cell = next((Cell(v.value, v.missing_reason, True, indicator.unit) for v in found), EMPTY)
        if cell.known:
            result.references.append((label_of(area), cell))
    if not rows:
        return result
    noun = "buurten" if level == Area.Level.BUURT else "wijken"
    where = f" in {within.name}" if within else ""
    title = f"{indicator.name}{where} per {'buurt' if noun == 'buurten' else 'wijk'}, {year}"
    svg, classification = choropleth.draw(
        [choropleth.Place(r.area.code, r.area.name, r.area.outline) for r in rows],
        {r.area.code: r.cell.value for r in rows},
        title=title,
        unit=indicator.unit,
        higher_is=indicator.higher_is,
        reasons={r.area.code: r.cell.why for r in rows},
        description=f"Kaart van {len(rows)} {noun}{where} in vijf klassen (kwintielen).",
    )
    if any(r.area.outline for r in rows):
        result.map_svg = mark_safe(svg)  # noqa: S308 - choropleth/maps escape every text
    result.legend = classification.legend(indicator.unit)
    reference = next(((label, c.value) for label, c in result.references if c.value), None)
    result.bars = mark_safe(  # noqa: S308 - charts.py escapes every text
        charts.bar_chart(
            [charts.Bar(r.area.name, r.cell.value) for r in rows],
            title=title,
            unit=indicator.unit,
            reference=reference,
            chart_id=f"staaf-{indicator.code}",
        )
    )
    return result


# CSV ------------------------------------------------------------------------------------


def csv_number(value) -> str:
    """A value for Dutch Excel: a decimal comma, no thousands separator, no trailing
    zeros ("11,5", "14510"); empty when missing."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


def text_cell(text: str) -> str:
    """A name as a spreadsheet shows it: a leading =, +, - or @ would start a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(header: list[str], rows) -> str:
    """`;`-separated with CRLF and a byte order mark, as Excel in a Dutch locale opens
    a file by double-clicking it (a `,` there is the decimal separator)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()


PROFILE_HEADER = [
    "indicator",
    "naam",
    "eenheid",
    "gebiedscode",
    "gebied",
    "niveau",
    "jaar",
    "waarde",
    "reden ontbreekt",
]


def profile_csv(profiles: list[IndicatorProfile]) -> str:
    rows = []
    for item in profiles:
        indicator = item.indicator
        for year, cells in item.rows():
            for area, cell in zip(item.columns, cells, strict=True):
                if not cell.known:
                    continue
                rows.append(
                    [
                        indicator.code,
                        text_cell(indicator.name),
                        indicator.get_unit_display(),
                        area.code if area else "",
                        text_cell(area.name) if area else COUNTRY,
                        area.level if area else "land",
                        year,
                        csv_number(cell.value),
                        cell.why,
                    ]
                )
    return csv_text(PROFILE_HEADER, rows)


def comparison_csv(result: Comparison) -> str:
    header = ["rang", "gebiedscode", "gebied", "ligt in", "jaar", "waarde", "reden ontbreekt"]
    rows = [
        [
            row.rank or "",
            row.area.code,
            text_cell(row.area.name),
            text_cell(row.area.parent.name) if row.area.parent else "",
            result.year,
            csv_number(row.cell.value),
            row.cell.why,
        ]
        for row in result.rows
    ]
    return csv_text(header, rows)
