"""A line chart of scores over time, drawn as SVG text: pure and deterministic.

The same input always gives the same bytes (fixed layout, no random ids, numbers
rounded to one decimal), so the drawing can be tested by its content. The chart is
accessible on its own: ``role="img"`` with a ``<title>`` and a ``<desc>`` that
lists every point; the page shows the same numbers in a table next to it.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from kwartier.core import svg_text

WIDTH = 480
MARGIN_LEFT = 48
MARGIN_RIGHT = 16
MARGIN_TOP = 14
MARGIN_BOTTOM = 44
MAX_DATE_LABELS = 5
BAND_FONT = 10.5
# The points start right of the band labels, so a label never hides a point; the labels
# take at most this share of the width (a longer one is shortened).
MAX_LABEL_SHARE = 0.4

BAND_FILLS = ("#eef3f8", "#f7f7f2")  # alternate, so neighbouring bands are told apart
ALERT_FILL = "#fbe9e4"
LINE = "#1d5c8c"
AXIS = "#444"
GRID = "#d5d5d5"
TEXT = "#222"


@dataclass(frozen=True)
class Point:
    day: datetime.date
    value: float | None  # None: measured, but the answers give no score (gap in the line)


@dataclass(frozen=True)
class BandArea:
    """A range of scores shaded behind the line; both ends inclusive, whole numbers."""

    label: str
    low: float
    high: float
    alert: bool = False


def number(value: float) -> str:
    """Dutch notation: a whole number without decimals, else one decimal with a comma."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")


def date_label(day: datetime.date) -> str:
    return f"{day.day}-{day.month}-{day.year}"


def _fmt(value: float) -> str:
    """Coordinates with one decimal: short and stable output."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _ticks(low: float, high: float, most: int = 7) -> list[float]:
    span = max(high - low, 1)
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100) if span / s <= most - 1)
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) // step) + 1)]


def _date_label_indexes(count: int) -> list[int]:
    if count <= MAX_DATE_LABELS:
        return list(range(count))
    last = count - 1
    return sorted({round(i * last / (MAX_DATE_LABELS - 1)) for i in range(MAX_DATE_LABELS)})


def description(points: Sequence[Point], unit: str = "score") -> str:
    """The points as text, for ``<desc>`` and screen readers."""
    if not points:
        return "Nog geen metingen."
    parts = [
        f"{date_label(p.day)}: {unit} {number(p.value) if p.value is not None else 'onbekend'}"
        for p in points
    ]
    return "; ".join(parts) + "."


def line_chart(
    points: Sequence[Point],
    *,
    title: str,
    y_min: float,
    y_max: float,
    bands: Sequence[BandArea] = (),
    y_label: str = "score",
    height: int = 260,
    id_prefix: str = "chart",
) -> str:
    """An SVG line chart of `points` (sorted by day) between `y_min` and `y_max`.

    Bands are shaded across the width with their label at the left; alert bands
    (e.g. overbelast) get a warm colour. Points without a value break the line and
    are marked on the axis as "geen score".
    """
    points = sorted(points, key=lambda p: p.day)
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = height - MARGIN_TOP - MARGIN_BOTTOM
    bottom = MARGIN_TOP + plot_h
    # Half a unit of room above and below, so the extremes are not on the frame.
    low, high = y_min - 0.5, y_max + 0.5

    def y_of(value: float) -> float:
        return MARGIN_TOP + (high - value) / (high - low) * plot_h

    first_day = points[0].day if points else None
    days = (points[-1].day - first_day).days if points else 0
    labelled = [b for b in bands if (b.high - b.low + 1) / (high - low) * plot_h >= 11]
    longest = max((svg_text.width(b.label, BAND_FONT) for b in labelled), default=0)
    gutter = min(MAX_LABEL_SHARE * plot_w, 8 + longest) if longest else 0
    start, span = MARGIN_LEFT + max(gutter, 16), plot_w - max(gutter, 16) - 16

    def x_of(day: datetime.date) -> float:
        if days == 0:
            return start + span / 2
        return start + (day - first_day).days / days * span

    title_id, desc_id = f"{id_prefix}-titel", f"{id_prefix}-beschrijving"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'class="score-chart" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description(points, y_label))}</desc>',
    ]
    for index, band in enumerate(bands):
        top = y_of(min(band.high + 0.5, high))
        base = y_of(max(band.low - 0.5, low))
        fill = ALERT_FILL if band.alert else BAND_FILLS[index % 2]
        out.append(
            f'<rect class="band" x="{MARGIN_LEFT}" y="{_fmt(top)}" width="{plot_w}" '
            f'height="{_fmt(base - top)}" fill="{fill}"><title>{escape(band.label)}: '
            f"{number(band.low)}–{number(band.high)}</title></rect>"
        )
        if band.high + 0.5 < high:  # the boundary with the band above, marked
            out.append(
                f'<line class="band-edge" x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" '
                f'y1="{_fmt(top)}" y2="{_fmt(top)}" stroke="#8a8a8a" stroke-dasharray="4 3"/>'
            )
        if band in labelled:
            # Shortened to the gutter left of the points; the whole label in a <title>.
            label = svg_text.shorten(band.label, gutter - 8, BAND_FONT)
            tooltip = svg_text.title(band.label) if label != " ".join(band.label.split()) else ""
            out.append(
                f'<text class="band-label" x="{MARGIN_LEFT + 4}" y="{_fmt((top + base) / 2)}" '
                f'dominant-baseline="middle" font-size="{BAND_FONT}" fill="#444">'
                f"{tooltip}{escape(label)}</text>"
            )
    for tick in _ticks(y_min, y_max):
        y = _fmt(y_of(tick))
        out.append(
            f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y}" y2="{y}" '
            f'stroke="{GRID}" stroke-width="0.5"/>'
        )
        out.append(
            f'<text x="{MARGIN_LEFT - 6}" y="{y}" text-anchor="end" dominant-baseline="middle" '
            f'fill="{TEXT}">{number(tick)}</text>'
        )
    out.append(
        f'<path d="M{MARGIN_LEFT} {MARGIN_TOP}V{bottom}H{WIDTH - MARGIN_RIGHT}" '
        f'fill="none" stroke="{AXIS}"/>'
    )
    out.append(
        f'<text x="12" y="{_fmt(MARGIN_TOP + plot_h / 2)}" text-anchor="middle" '
        f'transform="rotate(-90 12 {_fmt(MARGIN_TOP + plot_h / 2)})" fill="{TEXT}">'
        f"{escape(y_label)}</text>"
    )
    for index in _date_label_indexes(len(points)):
        x = _fmt(x_of(points[index].day))
        out.append(
            f'<text x="{x}" y="{bottom + 16}" text-anchor="middle" fill="{TEXT}">'
            f"{date_label(points[index].day)}</text>"
        )
    out.append(
        f'<text x="{_fmt(MARGIN_LEFT + plot_w / 2)}" y="{height - 6}" text-anchor="middle" '
        f'fill="{TEXT}">datum meting</text>'
    )
    out.extend(_line(points, x_of, y_of))
    for point in points:
        x = _fmt(x_of(point.day))
        if point.value is None:
            out.append(
                f'<text class="no-score" x="{x}" y="{bottom - 4}" text-anchor="middle" '
                f'font-size="10" fill="{TEXT}">geen score</text>'
            )
            continue
        label = f"{date_label(point.day)}: {number(point.value)}"
        out.append(
            f'<circle class="point" cx="{x}" cy="{_fmt(y_of(point.value))}" r="4.5" '
            f'fill="{LINE}" stroke="#fff" stroke-width="1.5" '
            f"data-value={quoteattr(number(point.value))}>"
            f"<title>{escape(label)}</title></circle>"
        )
    out.append("</svg>")
    return "".join(out)


def _line(points: Sequence[Point], x_of, y_of) -> list[str]:
    """One polyline per run of points with a value: a missing score breaks the line."""
    runs: list[list[Point]] = [[]]
    for point in points:
        if point.value is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [
        f'<polyline class="line" fill="none" stroke="{LINE}" stroke-width="2.5" points="'
        + " ".join(f"{_fmt(x_of(p.day))},{_fmt(y_of(p.value))}" for p in run)
        + '"/>'
        for run in runs
        if len(run) > 1
    ]
