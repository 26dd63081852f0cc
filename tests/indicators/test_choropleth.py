"""The choropleth: quintile classes, colours by direction, and the drawing on the real
outlines of Rotterdam's buurten and Alkmaar's wijken (../shared/data/geo/)."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kwartier.indicators import choropleth

SVG = "{http://www.w3.org/2000/svg}"
GEO = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "geo"


def features(name: str) -> list[dict]:
    path = GEO / name
    if not path.exists():
        pytest.fail(f"{path} ontbreekt: de echte omtrekken horen bij de testdata")
    return json.loads(path.read_text())["features"]


def drawn_areas(svg: str) -> dict[str, ET.Element]:
    """Area name (the title up to its colon) → its path."""
    root = ET.fromstring(svg)
    paths = [p for p in root.iter(f"{SVG}path") if "map__area" in p.get("class", "")]
    return {p.find(f"{SVG}title").text.split(":")[0]: p for p in paths}


def test_quintiles_put_a_fifth_of_the_areas_in_each_class():
    values = {f"BU{i:02}": float(i) for i in range(1, 21)}
    result = choropleth.classify(values)
    assert [(c.low, c.high, c.count) for c in result.classes] == [
        (1, 4, 4),
        (5, 8, 4),
        (9, 12, 4),
        (13, 16, 4),
        (17, 20, 4),
    ]
    assert result.by_code["BU01"].number == 1 and result.by_code["BU20"].number == 5


def test_equal_values_share_a_class_and_fewer_classes_spread_over_the_palette():
    values = {"a": 1, "b": 1, "c": 1, "d": 1, "e": 2, "f": 9, "g": None}
    result = choropleth.classify(values, "neutraal")
    assert [(c.low, c.high, c.count) for c in result.classes] == [(1, 1, 4), (2, 2, 1), (9, 9, 1)]
    assert [c.colour for c in result.classes] == [
        choropleth.NEUTRAL[0],
        choropleth.NEUTRAL[2],
        choropleth.NEUTRAL[4],
    ]
    assert result.by_code["g"] is None
    assert choropleth.classify({"a": 5}).classes[0].colour == choropleth.NEUTRAL[2]
    assert choropleth.classify({}).classes == []


def test_direction_puts_red_at_the_unfavourable_end():
    values = {"low": 1, "mid": 5, "high": 9}
    better = choropleth.classify(values, "beter").by_code
    worse = choropleth.classify(values, "slechter").by_code
    red, blue = choropleth.FAVOURABLE_HIGH[0], choropleth.FAVOURABLE_HIGH[-1]
    assert (better["low"].colour, better["high"].colour) == (red, blue)
    assert (worse["low"].colour, worse["high"].colour) == (blue, red)


def test_legend_gives_bounds_counts_and_no_data():
    values = {"a": 1.25, "b": 3.5, "c": 3.5, "d": None}
    legend = choropleth.classify(values, "beter").legend("procent")
    assert [(e.text, e.count) for e in legend] == [
        ("1,2 %", 1),
        ("3,5 %", 2),
        ("geen gegevens", 1),
    ]
    assert legend[-1].colour == "" and "<line" in legend[-1].swatch
    assert legend[0].colour in legend[0].swatch and 'aria-hidden="true"' in legend[0].swatch


def test_rotterdam_buurten_each_drawn_with_its_class():
    found = features("rotterdam_buurten.geojson")
    assert len(found) == 88
    places = [
        choropleth.Place(f["properties"]["code"], f["properties"]["name"], f["geometry"])
        for f in found
    ]
    # made-up values from the code; one buurt without a value
    values = {p.code: float(int(p.code[-3:]) * 7 % 23) + 0.5 for p in places}
    values[places[5].code] = None
    svg, result = choropleth.draw(
        places,
        values,
        title="Jeugdoverlast",
        unit="procent",
        higher_is="slechter",
        reasons={places[5].code: "te weinig respondenten"},
    )
    drawn = drawn_areas(svg)
    assert len(drawn) == 88
    assert len({p.name for p in places}) == 88  # names tell the paths apart
    for place in places:
        path = drawn[place.name]
        expected = result.by_code[place.code]
        if expected is None:
            assert path.get("fill") == f"url(#{choropleth.HATCH_ID})"
            assert path.find(f"{SVG}title").text == (
                f"{place.name}: geen gegevens (te weinig respondenten)"
            )
        else:
            assert path.get("fill") == expected.colour
            assert f"(klasse {expected.number} van 5)" in path.find(f"{SVG}title").text
            assert expected.low <= values[place.code] <= expected.high
    counts = [c.count for c in result.classes]
    # 87 values, 23 distinct: about a fifth in each class, ties kept together
    assert sum(counts) == 87 and all(14 <= n <= 21 for n in counts)
    assert f'<pattern id="{choropleth.HATCH_ID}"' in svg
    assert "map__label" not in svg  # 88 areas: values in the titles and the table only


def test_alkmaar_wijken_by_their_inhabitants():
    found = features("alkmaar_wijken.geojson")
    places = [
        choropleth.Place(f["properties"]["wijkCode"], f["properties"]["wijkNaam"], f["geometry"])
        for f in found
    ]
    values = {f["properties"]["wijkCode"]: f["properties"]["aantalInwoners"] for f in found}
    svg, result = choropleth.draw(places, values, title="Inwoners", unit="aantal")
    drawn = drawn_areas(svg)
    assert len(drawn) == 8
    ordered = sorted(values.values())
    for place in places:
        path = drawn[place.name]
        value_class = result.by_code[place.code]
        assert path.get("fill") == value_class.colour
        assert path.find(f"{SVG}title").text.startswith(f"{place.name}: ")
    # the fewest inhabitants in the lightest class, the most in the darkest
    lightest = next(c for c in values if values[c] == ordered[0])
    darkest = next(c for c in values if values[c] == ordered[-1])
    assert result.by_code[lightest].colour == choropleth.NEUTRAL[0]
    assert result.by_code[darkest].colour == choropleth.NEUTRAL[-1]
    # few areas: each value is written on the map
    labels = ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert sorted(labels) == sorted(f"{v:,}".replace(",", ".") for v in values.values())


def test_text_is_escaped_and_areas_without_outline_are_left_out():
    square = {"type": "Polygon", "coordinates": [[[4, 52], [4.01, 52], [4.01, 52.01], [4, 52]]]}
    places = [
        choropleth.Place("BU1", "<b>Buurt</b> & zo", square),
        choropleth.Place("BU2", "Zonder omtrek", None),
    ]
    svg, result = choropleth.draw(places, {"BU1": 3, "BU2": 4}, title="<x>")
    assert "<b>" not in svg and "&lt;b&gt;Buurt&lt;/b&gt; &amp; zo" in svg
    assert "Zonder omtrek" not in svg
    assert result.by_code["BU2"] is not None  # still classified, for the table
