"""Maps of areas as inline SVG, drawn on the server from the areas' GeoJSON outlines.

No tile server and no script: `draw()` returns SVG text with one `<path>` per area (its
name in a `<title>`, a tooltip that screen readers read too) and optional points
(circles with a title). Pure Python (no Django), so the drawing is tested on its own;
shared by the modules that draw a buurt or a municipality (signals' maps, later the
wijkmonitor's choropleth).

Projection: longitude and latitude as a plane, with longitude scaled by the cosine of the
middle latitude. At Dutch latitudes (about 52°) a degree of longitude is 0.62 of a degree
of latitude on the ground; drawing both at the same scale would stretch every buurt
sideways by 60 %. Over the extent of a municipality this equirectangular view keeps
shapes right to well under a pixel.

Size: the viewBox is fixed (VIEW_WIDTH × VIEW_HEIGHT); the areas are fitted into it with
a margin and centred, and the `<svg>` has no width or height of its own, so it scales with
the width of the page (a phone at 375 px included). Coordinates are rounded to whole
units and repeated points dropped: a buurt's outline of hundreds of vertices shrinks to
what can be seen, and the SVG stays small.

Colours are presentation attributes, so the drawing looks right without a stylesheet and
under the strict Content-Security-Policy; each area and point also carries classes
(`map__area` plus its own, `map__point` plus its own) that a page's CSS may colour (CSS
rules win over presentation attributes), as a choropleth would.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from . import geo, svg_text

VIEW_WIDTH = 480
VIEW_HEIGHT = 360
MARGIN = 10
POINT_RADIUS = 6
# 17 units are 12 px on a phone of 375 px (the map about 340 px wide)
LABEL_SIZE = 17
AREA_FILL = "#e6f0f1"
AREA_STROKE = "#0b5563"
POINT_FILL = "#0b5563"
POINT_STROKE = "#ffffff"
CLASS_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*( [A-Za-z][A-Za-z0-9_-]*)*$")


@dataclass(frozen=True)
class MapArea:
    """An area to draw: `name` is its title; `css_class` names its fill (a choropleth's
    class, say); `fill` is its own colour or a pattern from the drawing's defs
    ("url(#id)"), else AREA_FILL; `label` is written on the map when labels are on."""

    name: str
    outline: dict
    css_class: str = ""
    label: str = ""
    fill: str = ""


@dataclass(frozen=True)
class MapPoint:
    lon: float
    lat: float
    title: str
    css_class: str = ""


@dataclass(frozen=True)
class Frame:
    """The projection of one drawing: longitude and latitude → viewBox units."""

    west: float
    north: float
    scale: float  # viewBox units per degree of latitude
    x_factor: float  # cos(middle latitude)
    offset_x: float
    offset_y: float

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.offset_x + (lon - self.west) * self.x_factor * self.scale
        y = self.offset_y + (self.north - lat) * self.scale
        return x, y

    def inside(self, x: float, y: float) -> bool:
        return 0 <= x <= VIEW_WIDTH and 0 <= y <= VIEW_HEIGHT


def frame(outlines: Iterable[dict]) -> Frame | None:
    """The projection that fits the outlines into the viewBox (None without any)."""
    box = geo.bounds(outlines)
    if box is None:
        return None
    west, south, east, north = box
    x_factor = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * x_factor, 1e-9)
    span_y = max(north - south, 1e-9)
    room_x, room_y = VIEW_WIDTH - 2 * MARGIN, VIEW_HEIGHT - 2 * MARGIN
    scale = min(room_x / span_x, room_y / span_y)
    # Centre the drawing in the room the narrower side leaves.
    offset_x = MARGIN + (room_x - span_x * scale) / 2
    offset_y = MARGIN + (room_y - span_y * scale) / 2
    return Frame(west, north, scale, x_factor, offset_x, offset_y)


def path_data(outline: dict, projection: Frame) -> str:
    """The SVG path of an outline: each ring a closed subpath in whole units."""
    parts = []
    for rings in geo.polygons(outline):
        for ring in rings:
            points: list[tuple[int, int]] = []
            for lon, lat in ring:
                x, y = projection.xy(lon, lat)
                point = (round(x), round(y))
                if not points or points[-1] != point:
                    points.append(point)
            if len(points) > 1 and points[0] == points[-1]:
                points.pop()
            if len(points) < 3:  # smaller than a unit: nothing to see
                continue
            head, *rest = points
            parts.append(f"M{head[0]} {head[1]}L" + " ".join(f"{x} {y}" for x, y in rest) + "Z")
    return "".join(parts)


def _classes(base: str, extra: str) -> str:
    if extra and not CLASS_NAME.match(extra):
        raise ValueError(f"not a CSS class name: {extra!r}")
    return f"{base} {extra}".strip()


def _label_at(outline: dict, projection: Frame) -> tuple[float, float] | None:
    """Where to write an area's label: the centroid of its largest polygon."""
    centroids = [c for c in map(geo.ring_centroid, geo.outer_rings(outline)) if c is not None]
    if not centroids:
        return None
    _, lon, lat = max(centroids, key=lambda c: abs(c[0]))
    return projection.xy(lon, lat)


def draw(
    areas: Sequence[MapArea],
    points: Sequence[MapPoint] = (),
    *,
    title: str,
    description: str = "",
    labels: bool = False,
    css_class: str = "",
    defs: str = "",
) -> str:
    """The map as SVG text: areas, then points on top; `title` names the drawing
    (`<title>` and aria-label), `description` is its `<desc>`; `defs` is SVG markup
    (patterns an area's fill refers to), written as the caller gives it.

    Points outside the viewBox are left out (they lie outside the areas shown).
    All text is escaped; a class that is not a CSS class name is refused (ValueError).
    """
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW_WIDTH} {VIEW_HEIGHT}" '
        f'class={quoteattr(_classes("map", css_class))} role="img" '
        f'aria-label={quoteattr(title)} focusable="false">'
        f"<title>{escape(title)}</title>"
        + (f"<desc>{escape(description)}</desc>" if description else "")
        + (f"<defs>{defs}</defs>" if defs else "")
    )
    projection = frame(area.outline for area in areas)
    if projection is None:
        return head + "</svg>"
    body = []
    for area in areas:
        data = path_data(area.outline, projection)
        if not data:
            continue
        body.append(
            f'<path class={quoteattr(_classes("map__area", area.css_class))} d="{data}" '
            f"fill={quoteattr(area.fill or AREA_FILL)} "
            f'stroke="{AREA_STROKE}" stroke-width="1" '
            f'fill-rule="evenodd" vector-effect="non-scaling-stroke">'
            f"<title>{escape(area.name)}</title></path>"
        )
    if labels:
        body.extend(_labels(areas, projection))
    for point in points:
        x, y = projection.xy(point.lon, point.lat)
        if not projection.inside(x, y):
            continue
        body.append(
            f"<circle class={quoteattr(_classes('map__point', point.css_class))} "
            f'cx="{x:.1f}" cy="{y:.1f}" r="{POINT_RADIUS}" fill="{POINT_FILL}" '
            f'stroke="{POINT_STROKE}" stroke-width="2">'
            f"<title>{escape(point.title)}</title></circle>"
        )
    return head + "".join(body) + "</svg>"


def _labels(areas: Sequence[MapArea], projection: Frame) -> list[str]:
    """Each area's label at its centroid, shortened to fit a third of the width (the
    full name stays in the area's title)."""
    out = []
    room = VIEW_WIDTH / 3
    for area in areas:
        text = area.label or area.name
        at = _label_at(area.outline, projection)
        if not text or at is None:
            continue
        shown = svg_text.shorten(text, room, LABEL_SIZE)
        x, y = at
        out.append(
            f'<text class="map__label" x="{x:.0f}" y="{y:.0f}" font-size="{LABEL_SIZE}" '
            f'text-anchor="middle" dominant-baseline="middle" fill="#1a1a1a" '
            f'stroke="#ffffff" stroke-width="4" paint-order="stroke" aria-hidden="true">'
            f"{escape(shown)}</text>"
        )
    return out
