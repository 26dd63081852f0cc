"""Server-side SVG bar charts for the results page (no JavaScript, prints well).

Horizontal bars in groups: each group has a label line and one or more bars with their value
written beside them, so the chart reads on a 375 px phone as well as on a laptop. Pages show
the same figures in a table too; the SVG has a title and description for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from kwartier.core import svg_text

# A narrow canvas, shown at most 26rem wide (budgets.css): the text stays readable both when
# the phone shrinks it and when a laptop enlarges it.
WIDTH = 340
LABEL_HEIGHT = 18
BAR_HEIGHT = 14
BAR_GAP = 4
GROUP_GAP = 10
VALUE_SPACE = 170  # room right of the longest bar for its value text
FONT = 13
TEXT = "#1a1a1a"

# Colours with at least 3:1 contrast on white (graphics) and told apart by the legend.
COLOURS = {
    "primary": "#0b5563",
    "muted": "#6b7479",
    "accent": "#8a4b08",
    "danger": "#a3261b",
}


@dataclass(frozen=True)
class Bar:
    value: float
    text: str  # written beside the bar, e.g. "€ 4.000" or "12 van 80 (15%)"
    colour: str = "primary"


@dataclass(frozen=True)
class Group:
    label: str
    bars: tuple[Bar, ...]


def bar_chart(
    title: str,
    description: str,
    groups: list[Group],
    legend: list[tuple[str, str]] | None = None,
    max_value: float | None = None,
    chart_id: str = "chart",
) -> str:
    """An SVG document fragment; `legend` is a list of (colour key, label)."""
    top = 0
    parts: list[str] = []
    if legend:
        x = 0
        for colour, label in legend:
            shown = svg_text.shorten(label, WIDTH - 17, FONT)
            width = 30 + svg_text.width(shown, FONT)
            if x and x + width > WIDTH:  # wrap to the next legend line
                x, top = 0, top + 20
            parts.append(
                f'<rect x="{x:.1f}" y="{top + 2}" width="12" height="12" '
                f'fill="{COLOURS[colour]}"/>'
                f'<text x="{x + 17:.1f}" y="{top + 12}" font-size="{FONT}" fill="{TEXT}">'
                f"{_tooltip(label, shown)}{escape(shown)}</text>"
            )
            x += width
        top += 26
    largest = max_value or max((b.value for g in groups for b in g.bars), default=0) or 1
    scale = (WIDTH - VALUE_SPACE) / largest
    for bar in (b for g in groups for b in g.bars if b.value > 0):
        # A long value text beside a long bar: shorter bars, so the text stays inside.
        room = WIDTH - 5 - svg_text.width(bar.text, FONT - 1)
        if room > 0:
            scale = min(scale, room / bar.value)
    y = top
    for group in groups:
        label = svg_text.shorten(group.label, WIDTH, FONT, bold=True)
        parts.append(
            f'<text x="0" y="{y + 13}" font-size="{FONT}" font-weight="600" fill="{TEXT}">'
            f"{_tooltip(group.label, label)}{escape(label)}</text>"
        )
        y += LABEL_HEIGHT + 2
        for bar in group.bars:
            width = max(bar.value * scale, 0)
            text = svg_text.shorten(bar.text, WIDTH - width - 5, FONT - 1)
            parts.append(
                f'<rect x="0" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{COLOURS[bar.colour]}"/>'
                f'<text x="{width + 5:.1f}" y="{y + 11}" font-size="{FONT - 1}" fill="{TEXT}">'
                f"{_tooltip(bar.text, text)}{escape(text)}</text>"
            )
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP
    height = max(y, top + 20)
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    return (
        f'<svg class="budget-chart" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>'
        f"{''.join(parts)}</svg>"
    )


def _tooltip(full: str, shown: str) -> str:
    """The full text as a `<title>` when the drawing had to shorten it."""
    return svg_text.title(full) if shown != " ".join(full.split()) else ""
