"""Areas' GeoJSON outlines as plain geometry: rings, centroids, which buurt holds a point.

Outlines are WGS84 Polygons or MultiPolygons (as CBS/PDOK publish them). The
municipalities' areas are small enough to treat longitude and latitude as a plane for
containment; distances use the haversine formula elsewhere. Pure Python, no GIS stack:
a municipality has some hundred buurten.
"""

from __future__ import annotations

Point = tuple[float, float]  # (lon, lat), GeoJSON's order


def polygons(outline) -> list[list[list[Point]]]:
    """Each polygon of an outline as its rings (the outer ring first, then holes)."""
    if not isinstance(outline, dict):
        return []
    kind, coordinates = outline.get("type"), outline.get("coordinates") or []
    raw = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    out = []
    try:
        for polygon in raw:
            rings = [[(float(p[0]), float(p[1])) for p in ring if len(p) >= 2] for ring in polygon]
            rings = [ring for ring in rings if len(ring) >= 3]
            if rings:
                out.append(rings)
    except (TypeError, ValueError):
        return []
    return out


def outer_rings(outline) -> list[list[Point]]:
    return [rings[0] for rings in polygons(outline)]


def ring_centroid(ring) -> tuple[float, float, float] | None:
    """(signed area, x, y) of a ring with the shoelace formula, in degrees."""
    points = [(float(p[0]), float(p[1])) for p in ring if len(p) >= 2]
    if len(points) < 3:
        return None
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-15:
        return None
    return area / 2, cx / (3 * area), cy / (3 * area)


def _in_ring(lon: float, lat: float, ring: list[Point]) -> bool:
    """Even-odd ray casting."""
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def contains(outline, lon: float, lat: float) -> bool:
    """Whether the point lies inside the outline (inside an outer ring, not in a hole)."""
    for rings in polygons(outline):
        if _in_ring(lon, lat, rings[0]) and not any(_in_ring(lon, lat, h) for h in rings[1:]):
            return True
    return False


def bounds(outlines) -> tuple[float, float, float, float] | None:
    """(min lon, min lat, max lon, max lat) over several outlines, or None."""
    xs, ys = [], []
    for outline in outlines:
        for rings in polygons(outline):
            xs.extend(p[0] for p in rings[0])
            ys.extend(p[1] for p in rings[0])
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def buurt_at(lon: float, lat: float):
    """The buurt whose outline holds the point, or None (outside every known buurt)."""
    from .models import Area

    buurten = Area.objects.filter(level=Area.Level.BUURT, outline__isnull=False)
    for buurt in buurten.only("pk", "code", "name", "outline", "parent_id"):
        if contains(buurt.outline, lon, lat):
            return buurt
    return None
