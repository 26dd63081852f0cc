"""The wijkmonitor's charts as inline SVG, drawn on the server: pure Python, no Django.

Two drawings: a line chart of one or more series over years (a buurt against its wijk,
the municipality and the country) and a horizontal bar chart (areas on one indicator).
Both are told apart without colour: every series has its own dash pattern and marker
shape, shown in the legend; a highlighted bar has a bold label. Numbers are written the
Dutch way (`number`: 14.510 and 11,5). The drawing has no width of its own, only a
viewBox, so it scales with the page; its text is sized so that it stays about 12 px on a
phone of 375 px (the page shows it at most 34 rem wide on a laptop). Every text is
escaped; a label that had to be shortened keeps its full wording in a `<title>`
(core/svg_text.py). Pages show the same figures in a table, the accessible alternative.

The same input gives the same bytes (fixed layout, rounded coordinates), so tests can
check the drawing by its content.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from kwartier.core import svg_text

WIDTH = 400
FONT = 14  # 400 units on a 340 px phone chart: 14 units are 12 px
SMALL = 13
TEXT = "#1a1a1a"
MUTED = "#545454"
AXIS = "#545454"
GRID = "#d6d6d6"
NO_VALUE = "–"
MISSING_TEXT = "geen gegevens"

# Decimals shown per unit of an indicator (Indicator.Unit values).
DECIMALS = {"aantal": 0, "procent": 1, "score": 1, "per_1000": 1}
SUFFIX = {"procent": " %"}


@dataclass(frozen=True)
class Style:
    """How one series is drawn: colour, dash pattern (SVG stroke-dasharray) and marker."""

    colour: str
    dash: str
    marker: str  # "circle" | "square" | "triangle" | "diamond"


# Colours with at least 3:1 contrast on white that stay apart for colour-blind readers
# (petrol, orange-brown, purple, grey); the dash and the marker tell them apart anyway.
STYLES = (
    Style("#0b5563", "", "circle"),
    Style("#a6400f", "7 4", "square"),
    Style("#5e3c99", "2 3", "triangle"),
    Style("#4d4d4d", "10 3 2 3", "diamond"),
)


@dataclass(frozen=True)
class Series:
    """A line: `values` by year; None is a known gap (missing or hidden), which breaks
    the line; a year that is absent is simply not drawn."""

    label: str
    values: Mapping[int, float | Decimal | None]
    style: int | None = None  # index in STYLES; None: by position (a role keeps its look)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | Decimal | None  # None: no value (written as "geen gegevens")
    highlight: bool = False


# Numbers -------------------------------------------------------------------------------


def number(value, decimals: int = 1) -> str:
    """Dutch notation: a dot between thousands, a decimal comma ("14.510", "11,5");
    None is "–"."""
    if value is None:
        return NO_VALUE
    text = f"{float(value):,.{decimals}f}"
    text = text.translate(str.maketrans({",": ".", ".": ","}))
    return "0" + text[2:] if text.startswith("-0") and not text.strip("-0,") else text


def quantity(value, unit: str = "") -> str:
    """A value with the decimals and sign of its unit: "11,5 %", "14.510", "3,2"."""
    if value is None:
        return NO_VALUE
    return number(value, DECIMALS.get(unit, 1)) + SUFFIX.get(unit, "")


def ticks(low: float, high: float, most: int = 6) -> list[float]:
    """Round tick values from `low` to `high` (at most `most` of them): steps of 1, 2,
    2.5 or 5 times a power of ten."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / (most - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    count = math.floor((high - first) / step + 1e-9) + 1
    return [round(first + i * step, 10) for i in range(count)]


def value_range(values, low=None, high=None) -> tuple[float, float]:
    """The axis range: from `low` (default 0, or the lowest value below 0) to `high`
    (default the highest value rounded up to a tick); never empty."""
    present = [float(v) for v in values if v is not None]
    lo = float(low) if low is not None else min([0.0, *present])
    if high is not None:
        return lo, max(float(high), lo + 1e-9)
    hi = max([lo + 1, *present]) if not present or max(present) <= lo else max(present)
    steps = ticks(lo, hi)
    if steps[-1] < hi - 1e-9:
        hi = steps[-1] + (steps[1] - steps[0])
    return lo, hi


def tick_text(value: float) -> str:
    """A tick value with as few decimals as it needs (0, 2,5, 0,25)."""
    decimals = 0 if float(value).is_integer() else len(f"{value:g}".split(".")[-1])
    return number(value, min(decimals, 3))


# Shared pieces -------------------------------------------------------------------------


def _f(value: float) -> str:
    """A coordinate with at most one decimal: short, stable output."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _open(height: float, title: str, description: str, chart_id: str, css: str) -> str:
    title_id, desc_id = f"{chart_id}-titel", f"{chart_id}-beschrijving"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_f(height)}" '
        f'class="wm-chart {css}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="system-ui, sans-serif" font-size="{FONT}">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>'
    )


def _text(x: float, y: float, full: str, room: float, size: float = FONT, **attrs) -> str:
    """A `<text>` shortened to `room`, with the full wording as its title when cut."""
    bold = attrs.get("font_weight") == "700"
    shown = svg_text.shorten(full, room, size, bold)
    tooltip = svg_text.title(full) if svg_text.was_shortened(shown) else ""
    extra = "".join(f" {k.replace('_', '-')}={quoteattr(str(v))}" for k, v in attrs.items())
    return (
        f'<text x="{_f(x)}" y="{_f(y)}" font-size="{size}" fill="{TEXT}"{extra}>'
        f"{tooltip}{escape(shown)}</text>"
    )


def marker(shape: str, x: float, y: float, colour: str, tooltip: str = "") -> str:
    """A marker of `shape` centred on (x, y), white-edged so it stands out on a line."""
    inner = f"<title>{escape(tooltip)}</title>" if tooltip else ""
    paint = f'fill="{colour}" stroke="#fff" stroke-width="1.5"'
    if shape == "square":
        return f'<rect x="{_f(x - 4)}" y="{_f(y - 4)}" width="8" height="8" {paint}>{inner}</rect>'
    corners = {
        "triangle": ((0, -5.5), (5, 4), (-5, 4)),
        "diamond": ((0, -5.5), (5.5, 0), (0, 5.5), (-5.5, 0)),
    }.get(shape)
    if corners:
        points = " ".join(f"{_f(x + dx)},{_f(y + dy)}" for dx, dy in corners)
        return f'<polygon points="{points}" {paint}>{inner}</polygon>'
    return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="4.5" {paint}>{inner}</circle>'


def _style(series: Series, index: int) -> Style:
    return STYLES[(index if series.style is None else series.style) % len(STYLES)]


def _legend(series: Sequence[Series], top: float) -> tuple[list[str], float]:
    """Legend items (a line sample with dash and marker, then the label), wrapped over
    as many lines as needed; returns the parts and the y below the legend."""
    parts, x, y = [], 0.0, top
    for index, line in enumerate(series):
        label, style = line.label, _style(line, index)
        shown = svg_text.shorten(label, WIDTH - 40, FONT)
        item_width = 36 + svg_text.width(shown, FONT) + 16
        if x and x + item_width > WIDTH:
            x, y = 0.0, y + 22
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        parts.append(
            f'<g class="wm-chart__legend-item">'
            f'<line x1="{_f(x + 1)}" x2="{_f(x + 29)}" y1="{_f(y + 9)}" y2="{_f(y + 9)}" '
            f'stroke="{style.colour}" stroke-width="2.5"{dash}/>'
            + marker(style.marker, x + 15, y + 9, style.colour)
            + _text(x + 36, y + 14, label, WIDTH - 40 - x)
            + "</g>"
        )
        x += item_width
    return parts, y + 28


# Line chart ----------------------------------------------------------------------------


def describe_series(series: Sequence[Series], unit: str = "") -> str:
    """One sentence per series: its first and last value, for `<desc>`."""
    sentences = []
    for line in series:
        known = sorted((year, v) for year, v in line.values.items() if v is not None)
        if not known:
            sentences.append(f"{line.label}: geen gegevens.")
        elif len(known) == 1:
            year, value = known[0]
            sentences.append(f"{line.label}: {quantity(value, unit)} in {year}.")
        else:
            (first, start), (last, end) = known[0], known[-1]
            sentences.append(
                f"{line.label}: van {quantity(start, unit)} in {first} "
                f"tot {quantity(end, unit)} in {last}."
            )
    return " ".join(sentences) or "Geen gegevens."


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    unit: str = "",
    unit_label: str = "",
    y_min=None,
    y_max=None,
    height: int = 300,
    chart_id: str = "grafiek",
) -> str:
    """An SVG line chart of `series` over the years they have (at most four series
    styles; a fifth repeats the first). `unit` is an Indicator.Unit value (decimals and
    "%"); `unit_label` is written above the axis. The y axis runs from `y_min` (default
    0) to `y_max` (default: the highest value, rounded up); a score passes its scale."""
    years = sorted({year for line in series for year in line.values})
    values = [v for line in series for v in line.values.values()]
    low, high = value_range(values, y_min, y_max)
    tick_values = ticks(low, high)
    tick_texts = [tick_text(t) for t in tick_values]

    legend, top = _legend(series, 0)
    if unit_label:
        top += 4
    plot_top = top + (16 if unit_label else 8)
    left = max(svg_text.width(t, SMALL) for t in tick_texts) + 10
    right = WIDTH - 14
    bottom = height - 28
    if bottom - plot_top < 120:  # a long legend: make room instead of squeezing the plot
        bottom = plot_top + 120
        height = bottom + 28

    def y_of(value) -> float:
        return bottom - (float(value) - low) / (high - low) * (bottom - plot_top)

    def x_of(year: int) -> float:
        if len(years) < 2:
            return (left + right) / 2
        return left + 10 + (year - years[0]) / (years[-1] - years[0]) * (right - left - 20)

    out = [_open(height, title, describe_series(series, unit), chart_id, "wm-chart--line")]
    out.extend(legend)
    if unit_label:
        out.append(_text(0, top + 6, unit_label, WIDTH, SMALL, fill=MUTED))
    for tick, text in zip(tick_values, tick_texts, strict=True):
        y = _f(y_of(tick))
        out.append(
            f'<line x1="{_f(left)}" x2="{_f(right)}" y1="{y}" y2="{y}" stroke="{GRID}" '
            f'stroke-width="1"/>'
            f'<text x="{_f(left - 6)}" y="{y}" font-size="{SMALL}" text-anchor="end" '
            f'dominant-baseline="middle" fill="{TEXT}">{text}</text>'
        )
    out.append(
        f'<path d="M{_f(left)} {_f(plot_top)}V{_f(bottom)}H{_f(right)}" fill="none" '
        f'stroke="{AXIS}"/>'
    )
    for year in _year_labels(years, right - left):
        out.append(
            f'<text x="{_f(x_of(year))}" y="{_f(bottom + 20)}" font-size="{SMALL}" '
            f'text-anchor="middle" fill="{TEXT}">{year}</text>'
        )
    for index, line in enumerate(series):
        style = _style(line, index)
        points = sorted(line.values.items())
        out.extend(_polylines(points, style, x_of, y_of))
        for year, value in points:
            if value is None:
                continue
            tooltip = f"{line.label}, {year}: {quantity(value, unit)}"
            out.append(marker(style.marker, x_of(year), y_of(value), style.colour, tooltip))
    out.append("</svg>")
    return "".join(out)


def _year_labels(years: Sequence[int], room: float) -> list[int]:
    """The years written under the axis: every year while they fit, else every 2nd, 5th
    or 10th (a label is about 40 units wide), always with the last year."""
    if not years:
        return []
    fit = max(int(room // 44), 2)
    span = years[-1] - years[0]
    step = next((s for s in (1, 2, 5, 10, 20) if span // s + 1 <= fit), 50)
    shown = [y for y in years if (years[-1] - y) % step == 0]
    return shown


def _polylines(points, style: Style, x_of, y_of) -> list[str]:
    """One polyline per run of values: a known gap (None) breaks the line."""
    runs: list[list[tuple[int, float]]] = [[]]
    for year, value in points:
        if value is None:
            runs.append([])
        else:
            runs[-1].append((year, value))
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    return [
        f'<polyline fill="none" stroke="{style.colour}" stroke-width="2.5"{dash} '
        f'stroke-linejoin="round" points="'
        + " ".join(f"{_f(x_of(year))},{_f(y_of(value))}" for year, value in run)
        + '"/>'
        for run in runs
        if len(run) > 1
    ]


# Bar chart -----------------------------------------------------------------------------

ROW = 24
BAR = 15
BAR_FILL = "#0b5563"
BAR_HIGHLIGHT = "#a6400f"
REFERENCE = "#1a1a1a"
VALUE_ROOM = 74  # right of a bar: room for "14.510" or "11,5 %"


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    unit: str = "",
    reference: tuple[str, float | Decimal] | None = None,
    x_max=None,
    description: str = "",
    chart_id: str = "staafgrafiek",
) -> str:
    """Horizontal bars in the given order, each with its label at the left and its
    value at the end; a bar without a value says "geen gegevens". A highlighted bar (the
    buurt the reader came from) is darker and has a bold label. `reference` (label,
    value) is drawn as a dashed line across the bars, e.g. the municipality's value."""
    values = [b.value for b in bars] + ([reference[1]] if reference else [])
    low, high = value_range(values, None, x_max)
    longest = max((svg_text.width(b.label, SMALL, bold=True) for b in bars), default=0)
    label_room = min(longest + 8, WIDTH * 0.42)
    start, end = label_room, WIDTH - VALUE_ROOM
    top = 24 if reference else 4

    def x_of(value) -> float:
        return start + (float(value) - low) / (high - low) * (end - start)

    zero = x_of(max(low, 0))
    summary = description or _describe_bars(bars, unit)
    height = top + ROW * max(len(bars), 1) + 6
    out = [_open(height, title, summary, chart_id, "wm-chart--bars")]
    for index, bar in enumerate(bars):
        y = top + index * ROW
        weight = {"font_weight": "700"} if bar.highlight else {}
        out.append(_text(0, y + 16, bar.label, label_room - 8, SMALL, **weight))
        if bar.value is None:
            out.append(
                f'<text x="{_f(zero + 4)}" y="{y + 16}" font-size="{SMALL}" font-style="italic" '
                f'fill="{MUTED}">{MISSING_TEXT}</text>'
            )
            continue
        x = x_of(bar.value)
        fill = BAR_HIGHLIGHT if bar.highlight else BAR_FILL
        text = quantity(bar.value, unit)
        out.append(
            f'<rect x="{_f(min(x, zero))}" y="{y + 4}" width="{_f(abs(x - zero))}" '
            f'height="{BAR}" fill="{fill}"><title>{escape(bar.label)}: {escape(text)}</title>'
            f"</rect>"
            f'<text x="{_f(max(x, zero) + 4)}" y="{y + 16}" font-size="{SMALL}" '
            f'fill="{TEXT}">{escape(text)}</text>'
        )
    if reference:
        label, value = reference
        x = x_of(value)
        caption = f"{label}: {quantity(value, unit)}"
        anchor = "end" if x > WIDTH / 2 else "start"
        out.append(
            f'<line class="wm-chart__reference" x1="{_f(x)}" x2="{_f(x)}" y1="18" '
            f'y2="{_f(height - 2)}" stroke="{REFERENCE}" stroke-width="1.5" '
            f'stroke-dasharray="5 3"/>'
            + _text(x, 13, caption, WIDTH / 2, SMALL, text_anchor=anchor)
        )
    out.append("</svg>")
    return "".join(out)


def _describe_bars(bars: Sequence[Bar], unit: str) -> str:
    known = [b for b in bars if b.value is not None]
    if not known:
        return "Geen gegevens."
    top, bottom = max(known, key=lambda b: b.value), min(known, key=lambda b: b.value)
    missing = len(bars) - len(known)
    text = (
        f"{len(known)} gebieden, van {quantity(bottom.value, unit)} ({bottom.label}) "
        f"tot {quantity(top.value, unit)} ({top.label})."
    )
    return text + (f" Geen gegevens voor {missing}." if missing else "")
