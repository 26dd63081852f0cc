"""core/geo.py: containment with holes, points outside, and the real outlines of Rotterdam."""

import json

import pytest

from kwartier.core import geo
from tests.shared_data import SHARED_DATA

GEO = SHARED_DATA / "geo"

SQUARE_WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [
        [[4.0, 52.0], [4.1, 52.0], [4.1, 52.1], [4.0, 52.1], [4.0, 52.0]],
        [[4.04, 52.04], [4.06, 52.04], [4.06, 52.06], [4.04, 52.06], [4.04, 52.04]],
    ],
}


def rotterdam() -> list[dict]:
    path = GEO / "rotterdam_buurten.geojson"
    if not path.exists():
        pytest.fail(f"{path} is missing: the shared data set of real outlines")
    return json.loads(path.read_text())["features"]


def test_a_point_in_the_ring_but_in_the_hole_is_outside():
    assert geo.contains(SQUARE_WITH_HOLE, 4.02, 52.02)
    assert not geo.contains(SQUARE_WITH_HOLE, 4.05, 52.05)  # in the hole
    assert geo.contains(SQUARE_WITH_HOLE, 4.08, 52.05)  # beside it


def test_a_point_outside_and_bad_outlines():
    assert not geo.contains(SQUARE_WITH_HOLE, 4.2, 52.05)
    assert not geo.contains(SQUARE_WITH_HOLE, 4.05, 51.9)
    assert not geo.contains(None, 4.05, 52.05)
    assert not geo.contains({"type": "Point", "coordinates": [4.05, 52.05]}, 4.05, 52.05)
    assert geo.polygons({"type": "Polygon", "coordinates": [[["x", 1]]]}) == []


def test_bounds_over_outlines():
    other = {"type": "MultiPolygon", "coordinates": [[[[5, 53], [5.5, 53], [5, 53.5]]]]}
    assert geo.bounds([SQUARE_WITH_HOLE, other]) == (4.0, 52.0, 5.5, 53.5)
    assert geo.bounds([]) is None


def test_the_real_rotterdam_outlines():
    features = rotterdam()
    assert len(features) == 88

    def holders(lon, lat):
        return [f["properties"]["name"] for f in features if geo.contains(f["geometry"], lon, lat)]

    # A point well inside a buurt: its own centroid, for a buurt with one compact polygon.
    found = 0
    for feature in features:
        rings = geo.outer_rings(feature["geometry"])
        centroid = geo.ring_centroid(rings[0])
        if len(rings) == 1 and centroid and geo.contains(feature["geometry"], *centroid[1:]):
            assert holders(*centroid[1:]) == [feature["properties"]["name"]]
            found += 1
    assert found > 40
    # The Laurenskerk stands in the Stadsdriehoek.
    assert holders(4.4862, 51.9216) == ["Stadsdriehoek"]
    # The North Sea off Hoek van Holland, and Utrecht, are in no buurt of Rotterdam.
    assert holders(3.9, 52.05) == []
    assert holders(5.12, 52.09) == []
