"""core/maps.py: areas' outlines as an accessible SVG that scales with the page."""

import json
import re
import time
from xml.etree import ElementTree

import pytest

from kwartier.core import geo, maps
from tests.shared_data import SHARED_DATA

GEO = SHARED_DATA / "geo"
SVG = "{http://www.w3.org/2000/svg}"


def features(name):
    path = GEO / name
    if not path.exists():
        pytest.fail(f"{path} is missing: the shared data set of real outlines")
    return json.loads(path.read_text())["features"]


def rotterdam_areas():
    return [
        maps.MapArea(f["properties"]["name"], f["geometry"], css_class=f"buurt-{i % 3}")
        for i, f in enumerate(features("rotterdam_buurten.geojson"))
    ]


def numbers(d: str) -> list[tuple[int, int]]:
    values = [int(v) for v in re.findall(r"-?\d+", d)]
    return list(zip(values[::2], values[1::2], strict=True))


def test_every_rotterdam_buurt_is_drawn_within_the_view_box():
    areas = rotterdam_areas()
    started = time.perf_counter()
    svg = maps.draw(areas, title="Buurten van Rotterdam")
    elapsed = time.perf_counter() - started
    root = ElementTree.fromstring(svg)
    assert root.get("viewBox") == f"0 0 {maps.VIEW_WIDTH} {maps.VIEW_HEIGHT}"
    assert root.get("width") is None and root.get("height") is None  # scales with the page
    paths = root.findall(f"{SVG}path")
    assert [p.find(f"{SVG}title").text for p in paths] == [a.name for a in areas]
    assert [p.get("class") for p in paths[:3]] == [
        "map__area buurt-0",
        "map__area buurt-1",
        "map__area buurt-2",
    ]
    points = [xy for p in paths for xy in numbers(p.get("d"))]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    assert min(xs) >= 0 and max(xs) <= maps.VIEW_WIDTH
    assert min(ys) >= 0 and max(ys) <= maps.VIEW_HEIGHT
    # Fitted: the drawing fills the room on one side, up to the margins.
    assert min(xs) <= maps.MARGIN + 1 and max(xs) >= maps.VIEW_WIDTH - maps.MARGIN - 1
    # Rounded to whole units and simplified: far fewer points than in the source.
    source = sum(len(r) for a in areas for p in geo.polygons(a.outline) for r in p)
    assert len(points) < source
    assert elapsed < 0.5, f"drawing 88 buurten took {elapsed:.2f} s"


def test_shapes_keep_their_proportions_at_dutch_latitudes():
    # A square on the ground at 52°: 1 km east-west is 0.0146° of longitude, 0.009° of
    # latitude. Drawn, it must be square again.
    lon, lat, dlat = 4.5, 52.0, 0.009
    dlon = dlat / 0.6157
    square = {
        "type": "Polygon",
        "coordinates": [
            [[lon, lat], [lon + dlon, lat], [lon + dlon, lat + dlat], [lon, lat + dlat]]
        ],
    }
    projection = maps.frame([square])
    x0, y0 = projection.xy(lon, lat)
    x1, y1 = projection.xy(lon + dlon, lat + dlat)
    assert abs(x1 - x0) == pytest.approx(abs(y1 - y0), rel=0.01)


def test_alkmaar_wijken_with_labels_and_points():
    wijken = features("alkmaar_wijken.geojson")
    areas = [maps.MapArea(f["properties"]["wijkNaam"], f["geometry"]) for f in wijken]
    inside = wijken[0]["properties"]["centroid"]
    svg = maps.draw(
        areas,
        [
            maps.MapPoint(inside[0], inside[1], "S-2026-000001 · Afval", "map__point--over"),
            maps.MapPoint(3.0, 50.0, "ver weg"),  # outside the frame: left out
        ],
        title="Wijken van Alkmaar",
        description="Acht wijken",
        labels=True,
    )
    root = ElementTree.fromstring(svg)
    assert len(root.findall(f"{SVG}path")) == len(wijken) == 8
    labels = [t.text for t in root.findall(f"{SVG}text")]
    assert len(labels) == 8 and "Zuid" in labels
    circles = root.findall(f"{SVG}circle")
    assert len(circles) == 1
    assert circles[0].get("class") == "map__point map__point--over"
    assert circles[0].find(f"{SVG}title").text == "S-2026-000001 · Afval"
    x, y = float(circles[0].get("cx")), float(circles[0].get("cy"))
    assert 0 <= x <= maps.VIEW_WIDTH and 0 <= y <= maps.VIEW_HEIGHT
    assert root.find(f"{SVG}desc").text == "Acht wijken"


def test_accessible_and_every_text_escaped():
    outline = {"type": "Polygon", "coordinates": [[[4.0, 52.0], [4.1, 52.0], [4.1, 52.1]]]}
    name = '<script>alert("x")</script> & "Oost"'
    svg = maps.draw(
        [maps.MapArea(name, outline)],
        [maps.MapPoint(4.07, 52.03, name)],
        title=f"Kaart van {name}",
        labels=True,
    )
    assert "<script>" not in svg
    root = ElementTree.fromstring(svg)  # well-formed
    assert root.get("role") == "img"
    assert root.get("aria-label") == f"Kaart van {name}"
    assert root.find(f"{SVG}title").text == f"Kaart van {name}"
    assert root.find(f"{SVG}path/{SVG}title").text == name
    assert root.find(f"{SVG}circle/{SVG}title").text == name


def test_a_class_must_be_a_class_name():
    outline = {"type": "Polygon", "coordinates": [[[4.0, 52.0], [4.1, 52.0], [4.1, 52.1]]]}
    with pytest.raises(ValueError):
        maps.draw([maps.MapArea("A", outline, css_class='x" onload="y')], title="Kaart")


def test_nothing_to_draw_is_an_empty_map():
    root = ElementTree.fromstring(maps.draw([maps.MapArea("Leeg", None)], title="Geen gebied"))
    assert root.get("aria-label") == "Geen gebied" and root.find(f"{SVG}path") is None
