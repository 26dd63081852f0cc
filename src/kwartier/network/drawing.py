"""The ecogram as an SVG drawing, deterministic, accessible and printable.

Pure Python (no Django): `draw()` takes the resident's label and a sequence of
`DrawnTie` values and returns SVG text. The same input always gives the same bytes:
ties are placed by sorting, never by input order, randomness or time, and every
number is written with one decimal.

Layout. The resident is in the centre. Each group (`codes.GROUPS`) is a sector of
the circle, always drawn and labelled, so an empty sector shows what is missing.
Within a sector the ties sit on slots in rows from the centre outwards; who has more
contact (dagelijks before wekelijks before ...) gets a slot nearer the centre. Each
tie is a line from the resident to the contact: its style shows the strength (see
`DEFAULT_STYLES`, configurable because schools differ), arrowheads show the direction
of support. Contact nodes carry their group letter, their label and the letters of
their support functions. A legend below explains every style.

Accessibility: `role="img"` with a `<title>` and a `<desc>` that lists every tie in
words; styles are presentation attributes (no `<style>`, no scripts), so the drawing
prints and survives a strict Content-Security-Policy.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from kwartier.core import svg_text

from .codes import (
    BURDENING,
    DIRECTIONS,
    FREQUENCIES,
    FROM_RESIDENT,
    FUNCTIONS,
    GROUPS,
    MUTUAL,
    NEUTRAL,
    STRENGTHS,
    STRONG,
    TO_RESIDENT,
)


@dataclass(frozen=True)
class DrawnTie:
    """One tie as the drawing needs it. `key` is stable (the database id, say)."""

    key: str
    label: str
    group: str
    strength: str
    direction: str
    functions: str = ""
    frequency: str = ""


@dataclass(frozen=True)
class LineStyle:
    colour: str
    width: float
    dash: str = ""  # stroke-dasharray, "" for a solid line
    zigzag: bool = False
    double: bool = False  # two parallel lines


DEFAULT_STYLES: dict[str, LineStyle] = {
    STRONG: LineStyle(colour="#1a1a1a", width=5.0),
    NEUTRAL: LineStyle(colour="#545454", width=2.0, dash="8 6"),
    BURDENING: LineStyle(colour="#b00020", width=2.5, zigzag=True),
}

# Geometry (SVG user units).
WIDTH = 900
CX, CY = 450.0, 370.0
RADIUS = 310.0  # the circle of sectors
CENTRE_RADIUS = 54.0
NODE_RADIUS = 14.0
INNER_RADIUS = 120.0  # the contact with most contact in a sector
OUTER_RADIUS = 285.0
ROW_STEP = 55.0  # radial distance between successive contacts in a sector
SECTOR_MARGIN = 4.0  # degrees kept free at each side of a sector
# A sector's share of the circle: EMPTY_SECTOR_WEIGHT plus one per tie, so a busy group
# gets room and an empty one stays visible.
EMPTY_SECTOR_WEIGHT = 2
LEGEND_TOP = CY + RADIUS + 95.0
# Group names round the circle: their font size (bold), the widest line they wrap to
# and the margin they keep from the drawing's edge. Widths are estimated by
# `core.svg_text`, for the widest font a browser may use.
SECTOR_FONT = 16
SECTOR_LABEL_MAX = 230.0
SECTOR_LABEL_PADDING = 6.0
FONT = "'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT_COLOUR = "#1a1a1a"
MUTED_COLOUR = "#545454"
ACCENT = "#0b5563"
SECTOR_FILLS = ("#f5f5f3", "#ffffff")
DIVIDER = "#d6d6d6"

FREQUENCY_ORDER = {code: rank for rank, code in enumerate(FREQUENCIES)}
STRENGTH_ORDER = {code: rank for rank, code in enumerate(STRENGTHS)}


# Small helpers -----------------------------------------------------------------------


def _n(value: float) -> str:
    """One decimal, never "-0.0": the same number always gives the same text."""
    rounded = round(value, 1) + 0.0
    return f"{rounded:.1f}"


def _point(angle_deg: float, radius: float) -> tuple[float, float]:
    angle = math.radians(angle_deg)
    return CX + radius * math.cos(angle), CY + radius * math.sin(angle)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text(
    x, y, content, *, size=14, anchor="middle", weight="", fill=TEXT_COLOUR, halo=False, full=""
):
    """A `<text>`; `full` is the whole wording of a shortened `content`, as a `<title>`."""
    attrs = [f'x="{_n(x)}"', f'y="{_n(y)}"', f'font-size="{size}"', f'text-anchor="{anchor}"']
    if weight:
        attrs.append(f'font-weight="{weight}"')
    attrs.append(f'fill="{fill}"')
    if halo:
        attrs.append('stroke="#ffffff" stroke-width="3" paint-order="stroke"')
    tooltip = svg_text.title(full) if full and " ".join(full.split()) != content else ""
    return f"<text {' '.join(attrs)}>{tooltip}{escape(content)}</text>"


# Placement ---------------------------------------------------------------------------


def _sort_key(tie: DrawnTie):
    return (
        FREQUENCY_ORDER.get(tie.frequency, len(FREQUENCY_ORDER)),
        STRENGTH_ORDER.get(tie.strength, len(STRENGTH_ORDER)),
        tie.label.casefold(),
        tie.key,
    )


@dataclass(frozen=True)
class _Sector:
    code: str
    name: str
    start: float  # degrees, clockwise from the positive x axis (SVG coordinates)
    span: float

    @property
    def middle(self) -> float:
        return self.start + self.span / 2


def sectors(ties: Sequence[DrawnTie]) -> list[_Sector]:
    """The groups round the circle, the first one centred at the top."""
    counts = {code: 0 for code in GROUPS}
    for tie in ties:
        counts[tie.group] += 1
    total = sum(EMPTY_SECTOR_WEIGHT + n for n in counts.values())
    spans = [360.0 * (EMPTY_SECTOR_WEIGHT + counts[code]) / total for code in GROUPS]
    start = -90.0 - spans[0] / 2
    result = []
    for (code, name), span in zip(GROUPS.items(), spans, strict=True):
        result.append(_Sector(code, name, start, span))
        start += span
    return result


def _slots(count: int, start: float, span: float) -> list[tuple[float, float]]:
    """Angle and radius of each tie in a sector, in the order of `_sort_key`.

    Every tie gets its own angle, so no line runs through another contact. The first
    tie (most contact) takes the middle of the sector nearest the centre; the next go
    alternately right and left of it and further out, so a line to an outer contact
    never passes an inner one at a neighbouring angle.
    """
    usable = span - 2 * SECTOR_MARGIN
    angles = [start + SECTOR_MARGIN + usable * (i + 0.5) / count for i in range(count)]
    middle_first = sorted(range(count), key=lambda i: (abs(i - (count - 1) / 2), i))
    if count == 1:
        radii = [INNER_RADIUS + ROW_STEP]
    else:
        step = min(ROW_STEP, (OUTER_RADIUS - INNER_RADIUS) / (count - 1))
        radii = [INNER_RADIUS + rank * step for rank in range(count)]
    return [(angles[index], radius) for index, radius in zip(middle_first, radii, strict=True)]


def _label_limit(count: int, span: float) -> int:
    """Characters per label: fewer when the contacts of a sector stand close together."""
    between = math.radians((span - 2 * SECTOR_MARGIN) / count) * (INNER_RADIUS + ROW_STEP)
    return max(6, min(16, int(between / 4)))


@dataclass(frozen=True)
class _Placed:
    tie: DrawnTie
    x: float
    y: float
    angle: float
    radius: float
    label_limit: int


def place(ties: Sequence[DrawnTie]) -> list[_Placed]:
    """Every tie with its position, in drawing order (group by group, nearest first)."""
    placed = []
    for sector in sectors(ties):
        members = sorted((t for t in ties if t.group == sector.code), key=_sort_key)
        if not members:
            continue
        limit = _label_limit(len(members), sector.span)
        for tie, (angle, radius) in zip(
            members, _slots(len(members), sector.start, sector.span), strict=True
        ):
            x, y = _point(angle, radius)
            placed.append(_Placed(tie, x, y, angle, radius, limit))
    return placed


def _check(ties: Sequence[DrawnTie], styles: Mapping[str, LineStyle]) -> None:
    for tie in ties:
        if tie.group not in GROUPS:
            raise ValueError(f"onbekende groep {tie.group!r}")
        if tie.strength not in styles:
            raise ValueError(f"geen lijnstijl voor {tie.strength!r}")
        if tie.direction not in DIRECTIONS:
            raise ValueError(f"onbekende richting {tie.direction!r}")
        if set(tie.functions) - set(FUNCTIONS):
            raise ValueError(f"onbekende functies {tie.functions!r}")
    keys = [tie.key for tie in ties]
    if len(set(keys)) != len(keys):
        raise ValueError("elke band heeft een eigen sleutel nodig")


# Lines and arrows --------------------------------------------------------------------


def _zigzag_points(x1, y1, x2, y2, amplitude=5.0, wavelength=12.0):
    """A line that runs straight at both ends (so arrowheads sit true) and zigzags between."""
    length = math.hypot(x2 - x1, y2 - y1)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    px, py = -uy, ux
    lead = min(18.0, length / 4)
    points = [(x1, y1), (x1 + ux * lead, y1 + uy * lead)]
    steps = max(2, int((length - 2 * lead) // (wavelength / 2)))
    step = (length - 2 * lead) / steps
    for i in range(1, steps):
        side = amplitude if i % 2 else -amplitude
        along = lead + i * step
        points.append((x1 + ux * along + px * side, y1 + uy * along + py * side))
    points.append((x2 - ux * lead, y2 - uy * lead))
    points.append((x2, y2))
    return points


def _path(points) -> str:
    head, *rest = points
    return f"M{_n(head[0])} {_n(head[1])}" + "".join(f" L{_n(x)} {_n(y)}" for x, y in rest)


def _line(x1, y1, x2, y2, style: LineStyle) -> list[str]:
    common = f'fill="none" stroke="{style.colour}" stroke-linejoin="round"'
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    if style.double:
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        ox, oy = -(y2 - y1) / length * 2.5, (x2 - x1) / length * 2.5
        offsets = [(ox, oy), (-ox, -oy)]
        width = max(1.0, style.width / 2)
    else:
        offsets = [(0.0, 0.0)]
        width = style.width
    parts = []
    for dx, dy in offsets:
        a, b = (x1 + dx, y1 + dy), (x2 + dx, y2 + dy)
        points = _zigzag_points(*a, *b) if style.zigzag else [a, b]
        parts.append(f'<path d="{_path(points)}" {common} stroke-width="{_n(width)}"{dash}/>')
    return parts


def _arrowhead(tip_x, tip_y, from_x, from_y, colour, size=13.0) -> str:
    """A filled triangle with its tip at (tip_x, tip_y), pointing away from (from_x, from_y)."""
    length = math.hypot(tip_x - from_x, tip_y - from_y) or 1.0
    ux, uy = (tip_x - from_x) / length, (tip_y - from_y) / length
    bx, by = tip_x - ux * size, tip_y - uy * size
    half = size * 0.45
    points = [(tip_x, tip_y), (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half)]
    coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
    return f'<polygon points="{coords}" fill="{colour}"/>'


def _tie_lines(item: _Placed, style: LineStyle) -> list[str]:
    angle = math.radians(item.angle)
    ux, uy = math.cos(angle), math.sin(angle)
    x1, y1 = CX + ux * CENTRE_RADIUS, CY + uy * CENTRE_RADIUS  # on the resident's circle
    x2, y2 = item.x - ux * NODE_RADIUS, item.y - uy * NODE_RADIUS  # on the contact's circle
    parts = [f"<g>{''.join(_line(x1, y1, x2, y2, style))}"]
    if item.tie.direction in (TO_RESIDENT, MUTUAL):
        parts.append(_arrowhead(x1, y1, x2, y2, style.colour))
    if item.tie.direction in (FROM_RESIDENT, MUTUAL):
        parts.append(_arrowhead(x2, y2, x1, y1, style.colour))
    parts.append("</g>")
    return ["".join(parts)]


# Parts of the drawing ----------------------------------------------------------------


def _sectors(ties: Sequence[DrawnTie]) -> list[str]:
    parts = []
    groups = sectors(ties)
    for index, sector in enumerate(groups):
        x1, y1 = _point(sector.start, RADIUS)
        x2, y2 = _point(sector.start + sector.span, RADIUS)
        large = 1 if sector.span > 180 else 0
        parts.append(
            f'<path d="M{_n(CX)} {_n(CY)} L{_n(x1)} {_n(y1)} '
            f'A{_n(RADIUS)} {_n(RADIUS)} 0 {large} 1 {_n(x2)} {_n(y2)} Z" '
            f'fill="{SECTOR_FILLS[index % 2]}" stroke="{DIVIDER}" stroke-width="1"/>'
        )
    for sector in groups:
        parts.append(_sector_label(sector.code, sector.name, sector.middle))
    return parts


def _sector_label(code: str, name: str, angle: float) -> str:
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    x, y = _point(angle, RADIUS + 14)
    anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
    # Near the left or right edge there is less room: wrap narrower, so the label
    # stays inside the drawing.
    room = {"start": WIDTH - x, "end": x, "middle": 2 * min(x, WIDTH - x)}[anchor]
    width = min(SECTOR_LABEL_MAX, room - SECTOR_LABEL_PADDING)
    label = f"{code} · {name}"
    lines = svg_text.wrap(label, width, SECTOR_FONT, bold=True, max_lines=3)
    tooltip = svg_text.title(label) if svg_text.was_shortened(lines) else ""
    line_height = 17.0
    if sin < -0.3:  # above the circle: the text grows upwards
        y -= line_height * (len(lines) - 1)
    elif sin > 0.3:  # below: the first line hangs under the rim
        y += line_height - 4
    else:
        y -= line_height * (len(lines) - 1) / 2 - 5
    spans = "".join(
        f'<tspan x="{_n(x)}" dy="{0 if i == 0 else _n(line_height)}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{SECTOR_FONT}" font-weight="700" '
        f'text-anchor="{anchor}" fill="{ACCENT}">{tooltip}{spans}</text>'
    )


def _centre(label: str) -> list[str]:
    """The resident in the middle: two lines in the circle, a size smaller when a word
    does not fit, shortened (whole in a <title>) when it still does not."""
    for size in (15, 13):
        lines = svg_text.wrap(label, 2 * CENTRE_RADIUS - 10, size, bold=True)
        if not svg_text.was_shortened(lines):
            break
    top = CY - (len(lines) - 1) * 8 + 5
    full = label if svg_text.was_shortened(lines) else ""
    parts = [
        f'<circle cx="{_n(CX)}" cy="{_n(CY)}" r="{_n(CENTRE_RADIUS)}" fill="#ffffff" '
        f'stroke="{ACCENT}" stroke-width="4"/>'
    ]
    parts += [
        _text(CX, top + i * 17, line, size=size, weight="700", full=full if i == 0 else "")
        for i, line in enumerate(lines)
    ]
    return parts


LABEL_STEP = 15.0  # baseline to baseline within a label


def _label_lines(item: _Placed) -> list[tuple[str, int, str]]:
    """(text, font size, colour): the label, then the letters of the functions."""
    tie = item.tie
    lines = [(_shorten(tie.label, item.label_limit), 14, TEXT_COLOUR)]
    if tie.functions:
        letters = " ".join(code for code in FUNCTIONS if code in tie.functions)
        lines.append((letters, 12, MUTED_COLOUR))
    return lines


def _label_at(item: _Placed, side: str, count: int) -> tuple[str, float, float]:
    """(text-anchor, x, first baseline) of a label of `count` lines on `side` of the node."""
    sin = math.sin(math.radians(item.angle))
    gap = NODE_RADIUS + 5
    if side in ("right", "left"):
        x = item.x + (gap if side == "right" else -gap)
        first = item.y + sin * gap * 0.6 + 5 - LABEL_STEP / 2 * (count - 1)
        return ("start" if side == "right" else "end"), x, first
    if side == "above":
        return "middle", item.x, item.y - gap - LABEL_STEP * (count - 1)
    return "middle", item.x, item.y + gap + 12


def _label_sides(item: _Placed) -> list[str]:
    """Sides to try, best first: the outer side, away from the contact's own line; the
    side facing the resident, where the label would lie on that line, comes last."""
    cos, sin = math.cos(math.radians(item.angle)), math.sin(math.radians(item.angle))
    beside = ["right", "left"] if cos > 0 else ["left", "right"]
    vertical = ["above", "below"] if sin < 0 else ["below", "above"]
    if abs(cos) > 0.45:
        return [beside[0], *vertical, beside[1]]
    return [vertical[0], *beside, vertical[1]]


def _label_box(lines, anchor: str, x: float, first: float) -> tuple[float, ...]:
    width = max(svg_text.width(text, size) for text, size, _ in lines)
    left = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
    return left, first - 12, left + width, first + LABEL_STEP * (len(lines) - 1) + 4


def _overlap(a, b) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def place_labels(placed: Sequence[_Placed]) -> dict[str, tuple[str, float, float]]:
    """Per tie key: (anchor, x, first baseline) of its label.

    A label goes on the outer side of its node unless it would cover another contact,
    the resident or a label placed before it; then the next side that is free is taken
    (or, when none is, the one with least overlap). Deterministic: `placed` order.
    """
    taken = [
        (p.x - NODE_RADIUS, p.y - NODE_RADIUS, p.x + NODE_RADIUS, p.y + NODE_RADIUS) for p in placed
    ]
    taken.append((CX - CENTRE_RADIUS, CY - CENTRE_RADIUS, CX + CENTRE_RADIUS, CY + CENTRE_RADIUS))
    chosen = {}
    for item in placed:
        lines = _label_lines(item)
        own = (
            item.x - NODE_RADIUS,
            item.y - NODE_RADIUS,
            item.x + NODE_RADIUS,
            item.y + NODE_RADIUS,
        )
        best = None
        for side in _label_sides(item):
            layout = _label_at(item, side, len(lines))
            box = _label_box(lines, *layout)
            outside = max(0.0, -box[0]) + max(0.0, box[2] - WIDTH)
            cost = sum(_overlap(box, other) for other in taken if other != own) + outside * 20
            if best is None or cost < best[0]:
                best = (cost, layout, box)
            if cost == 0:
                break
        chosen[item.tie.key] = best[1]
        taken.append(best[2])
    return chosen


def _node(item: _Placed, label: tuple[str, float, float]) -> list[str]:
    """The contact's circle with its group letter, and its label at `label`."""
    tie = item.tie
    anchor, x, first = label
    parts = [
        f'<circle cx="{_n(item.x)}" cy="{_n(item.y)}" r="{_n(NODE_RADIUS)}" fill="#ffffff" '
        f'stroke="{TEXT_COLOUR}" stroke-width="1.5"/>',
        _text(item.x, item.y + 5, tie.group, size=13, weight="700"),
    ]
    for i, (content, size, fill) in enumerate(_label_lines(item)):
        full = tie.label if i == 0 else ""
        parts.append(
            _text(
                x,
                first + i * LABEL_STEP,
                content,
                size=size,
                anchor=anchor,
                fill=fill,
                halo=True,
                full=full,
            )
        )
    return parts


def _legend(styles: Mapping[str, LineStyle]) -> tuple[list[str], float]:
    parts = [_text(40, LEGEND_TOP, "Legenda", size=16, anchor="start", weight="700")]
    columns = (40.0, 330.0, 620.0)
    row = LEGEND_TOP + 32
    for column, (code, label) in zip(columns, STRENGTHS.items(), strict=True):
        style = styles[code]
        parts += _line(column, row - 5, column + 60, row - 5, style)
        parts.append(_text(column + 72, row, label, anchor="start"))
    row += 34
    sample = styles.get(NEUTRAL) or next(iter(styles.values()))
    for column, (code, label) in zip(columns, DIRECTIONS.items(), strict=True):
        # The resident is on the left of each sample, the contact on the right.
        x1, x2, y = column + 12, column + 60, row - 5
        parts.append(
            f'<circle cx="{_n(column + 4)}" cy="{_n(y)}" r="4" fill="{ACCENT}"/>'
            f'<path d="M{_n(x1)} {_n(y)} L{_n(x2)} {_n(y)}" stroke="{sample.colour}" '
            f'stroke-width="2" fill="none"/>'
        )
        if code in (TO_RESIDENT, MUTUAL):
            parts.append(_arrowhead(x1, y, x2, y, sample.colour, size=10))
        if code in (FROM_RESIDENT, MUTUAL):
            parts.append(_arrowhead(x2, y, x1, y, sample.colour, size=10))
        parts.append(_text(column + 72, row, f"Steun: {label.lower()}", anchor="start"))
    row += 34
    functions = " · ".join(f"{code} {name.lower()}" for code, name in FUNCTIONS.items())
    parts.append(_text(40, row, f"Functies: {functions}", anchor="start"))
    row += 26
    parts.append(
        _text(
            40,
            row,
            "Cirkel met letter: de groep van het contact. Dichter bij het midden: vaker contact.",
            anchor="start",
        )
    )
    row += 26
    parts.append(
        _text(
            40,
            row,
            "Het midden is de bewoner; elk vak is een groep, ook als er niemand in staat.",
            anchor="start",
        )
    )
    return parts, row + 24


def describe(centre_label: str, ties: Sequence[DrawnTie]) -> str:
    """The drawing in words, for `<desc>` (screen readers) and the page."""
    count = len(ties)
    sentences = [
        f"{centre_label} in het midden, met {count} {'contact' if count == 1 else 'contacten'}."
    ]
    for code, name in GROUPS.items():
        members = sorted((t for t in ties if t.group == code), key=_sort_key)
        if not members:
            sentences.append(f"{name}: geen.")
            continue
        described = []
        for tie in members:
            details = [
                STRENGTHS[tie.strength].lower() if tie.strength in STRENGTHS else tie.strength,
                f"steun {DIRECTIONS[tie.direction].lower()}",
            ]
            if tie.functions:
                names = ", ".join(FUNCTIONS[c].lower() for c in FUNCTIONS if c in tie.functions)
                details.append(names)
            if tie.frequency in FREQUENCIES:
                details.append(f"contact {FREQUENCIES[tie.frequency].lower()}")
            described.append(f"{tie.label} ({'; '.join(details)})")
        sentences.append(f"{name}: {', '.join(described)}.")
    return " ".join(sentences)


def draw(
    centre_label: str,
    ties: Sequence[DrawnTie],
    *,
    title: str = "",
    styles: Mapping[str, LineStyle] = DEFAULT_STYLES,
    id_prefix: str = "ecogram",
) -> str:
    """The ecogram as SVG text. Raises ValueError on a code the drawing does not know."""
    ties = list(ties)
    _check(ties, styles)
    if not id_prefix.replace("-", "").isalnum():
        raise ValueError("id_prefix: alleen letters, cijfers en streepjes")
    placed = place(ties)
    legend, height = _legend(styles)
    title = title or f"Ecogram van {centre_label}"
    body = [
        f'<rect x="0" y="0" width="{WIDTH}" height="{_n(height)}" fill="#ffffff"/>',
        *_sectors(ties),
    ]
    for item in placed:
        body += _tie_lines(item, styles[item.tie.strength])
    body += _centre(centre_label)
    labels = place_labels(placed)
    for item in placed:
        body += _node(item, labels[item.tie.key])
    body += legend
    header = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'width="{WIDTH}" height="{_n(height)}" role="img" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'font-family={quoteattr(FONT)} class="ecogram">'
    )
    return "\n".join(
        [
            header,
            f'<title id="{id_prefix}-title">{escape(title)}</title>',
            f'<desc id="{id_prefix}-desc">{escape(describe(centre_label, ties))}</desc>',
            *body,
            "</svg>",
            "",
        ]
    )
