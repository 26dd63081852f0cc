"""The wijkmonitor's SVG charts: Dutch numbers, axes, legend, styles, escaping."""

import xml.etree.ElementTree as ET

import pytest

from kwartier.indicators import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (14510, 0, "14.510"),
        (11.46, 1, "11,5"),
        (-1234567.891, 2, "-1.234.567,89"),
        (-0.04, 1, "0,0"),
        (None, 1, "–"),
    ],
)
def test_numbers_are_written_the_dutch_way(value, decimals, expected):
    assert charts.number(value, decimals) == expected


def test_quantity_uses_the_unit():
    assert charts.quantity(11.5, "procent") == "11,5 %"
    assert charts.quantity(14510, "aantal") == "14.510"
    assert charts.quantity(3.25, "per_1000") == "3,2"
    assert charts.quantity(None, "procent") == "–"


def test_ticks_are_round_and_cover_the_range():
    assert charts.ticks(0, 10) == [0, 2, 4, 6, 8, 10]
    assert charts.ticks(0, 15000) == [0, 5000, 10000, 15000]
    assert charts.value_range([9.3, 11.5]) == (0.0, 12.5)
    assert charts.value_range([-2, 3]) == (-2.0, 3.0)
    assert charts.value_range([-2, 3.2]) == (-2.0, 4.0)
    assert charts.value_range([]) == (0.0, 1.0)
    assert charts.value_range([5], 1, 10) == (1.0, 10.0)
    assert [charts.tick_text(t) for t in (2.5, 0.25, 2000.0)] == ["2,5", "0,25", "2.000"]


SERIES = [
    charts.Series("Oude <Westen> & co", {2015: 11.5, 2016: None, 2017: 10.2, 2018: 9.3}),
    charts.Series("Centrum", {2015: 9, 2016: 9.5, 2017: 9.4, 2018: 9.9}),
    charts.Series("Rotterdam", {2015: 8, 2018: 8.4}),
    charts.Series("Nederland", {2016: 7}),
]


def test_line_chart_is_a_labelled_scalable_image():
    svg = charts.line_chart(SERIES, title="Jeugdoverlast", unit="procent", chart_id="jo")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "jo-titel jo-beschrijving"
    assert root.get("viewBox").startswith("0 0 400 ")
    assert root.get("width") is None  # scales with the page
    assert root.find(f"{SVG}title").text == "Jeugdoverlast"
    desc = root.find(f"{SVG}desc").text
    assert "Oude <Westen> & co: van 11,5 % in 2015 tot 9,3 % in 2018." in desc
    assert "Nederland: 7,0 % in 2016." in desc


def test_line_chart_escapes_text_and_tells_series_apart_without_colour():
    svg = charts.line_chart(SERIES, title="<script>", unit="procent")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = parse(svg)
    # the legend: one item per series, each with its own dash pattern and marker shape
    items = [g for g in root.iter(f"{SVG}g") if g.get("class") == "wm-chart__legend-item"]
    assert len(items) == 4
    dashes = [item.find(f"{SVG}line").get("stroke-dasharray") for item in items]
    assert len(set(dashes)) == 4
    shapes = [item[1].tag for item in items]
    assert shapes == [f"{SVG}circle", f"{SVG}rect", f"{SVG}polygon", f"{SVG}polygon"]
    assert "Oude <Westen> & co" in texts(root)


def test_line_chart_breaks_at_a_gap_and_marks_every_value():
    root = parse(charts.line_chart(SERIES[:1], title="t", unit="procent"))
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 1  # 2015 | gap | 2017-2018: only the run of two is a line
    assert len(lines[0].get("points").split()) == 2
    tooltips = [t.text for t in root.iter(f"{SVG}title")][1:]
    assert "Oude <Westen> & co, 2015: 11,5 %" in tooltips
    assert "Oude <Westen> & co, 2018: 9,3 %" in tooltips
    assert not any("2016" in t for t in tooltips)
    assert {"2015", "2016", "2017", "2018"} <= set(texts(root))


def test_many_years_are_labelled_sparsely_but_the_last_always():
    series = [charts.Series("A", {year: year - 2000 for year in range(2000, 2025)})]
    root = parse(charts.line_chart(series, title="t"))
    years = [t for t in texts(root) if t.isdigit() and len(t) == 4]
    assert "2024" in years and len(years) <= 8


def test_a_score_uses_its_scale():
    series = [charts.Series("A", {2020: 6.5, 2021: 7.1})]
    root = parse(charts.line_chart(series, title="t", unit="score", y_min=1, y_max=10))
    assert {"2", "4", "6", "8", "10"} <= set(texts(root))


def test_same_input_same_bytes():
    assert charts.line_chart(SERIES, title="t") == charts.line_chart(SERIES, title="t")


BARS = [
    charts.Bar("Stadsdriehoek", 11.5, highlight=True),
    charts.Bar("Oude Westen", 9.3),
    charts.Bar("Een buurt met een bijzonder lange naam die niet past", 4.1),
    charts.Bar("Leeg", None),
]


def test_bar_chart_draws_values_missing_and_reference():
    svg = charts.bar_chart(
        BARS, title="Jeugdoverlast", unit="procent", reference=("Rotterdam", 8.2)
    )
    root = parse(svg)
    rects = list(root.iter(f"{SVG}rect"))
    assert len(rects) == 3
    widths = [float(r.get("width")) for r in rects]
    assert widths[0] > widths[1] > widths[2] > 0
    assert rects[0].get("fill") != rects[1].get("fill")  # the highlighted bar
    shown = texts(root)
    assert {"11,5 %", "9,3 %", "4,1 %", "geen gegevens", "Rotterdam: 8,2 %"} <= set(shown)
    bold = [t for t in root.iter(f"{SVG}text") if t.get("font-weight") == "700"]
    assert ["".join(t.itertext()) for t in bold] == ["Stadsdriehoek"]
    # the long name is shortened, its full wording kept as a tooltip
    long = next(t for t in root.iter(f"{SVG}text") if t.find(f"{SVG}title") is not None)
    assert long.find(f"{SVG}title").text == BARS[2].label
    assert "".join(long.itertext()).endswith("…")
    desc = root.find(f"{SVG}desc").text
    assert desc == (
        "3 gebieden, van 4,1 % (Een buurt met een bijzonder lange naam die niet past) "
        "tot 11,5 % (Stadsdriehoek). Geen gegevens voor 1."
    )


def test_bar_chart_handles_negative_values_and_no_values():
    root = parse(charts.bar_chart([charts.Bar("A", -2), charts.Bar("B", 3)], title="t"))
    a, b = root.iter(f"{SVG}rect")
    assert float(a.get("x")) + float(a.get("width")) == pytest.approx(float(b.get("x")), abs=0.1)
    empty = parse(charts.bar_chart([], title="t"))
    assert empty.find(f"{SVG}desc").text == "Geen gegevens."


def test_a_series_can_keep_its_style_whatever_its_position():
    lines = [charts.Series("A", {2020: 1, 2021: 2}, 0), charts.Series("NL", {2020: 1}, 3)]
    root = parse(charts.line_chart(lines, title="t"))
    items = [g for g in root.iter(f"{SVG}g") if g.get("class") == "wm-chart__legend-item"]
    assert items[1].find(f"{SVG}line").get("stroke-dasharray") == charts.STYLES[3].dash
    assert items[1][1].get("fill") == charts.STYLES[3].colour
