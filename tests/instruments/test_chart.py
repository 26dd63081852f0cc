"""The SVG line chart and what the pages show of a score: pure, deterministic."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal
from types import SimpleNamespace

import pytest

from kwartier.instruments import chart, definitions, display

SVG = "{http://www.w3.org/2000/svg}"
POINTS = [
    chart.Point(datetime.date(2025, 9, 1), 2),
    chart.Point(datetime.date(2025, 1, 15), 5),
    chart.Point(datetime.date(2025, 5, 1), 4),
]


def draw(points=POINTS, **options):
    values = {"title": "DJG-6: totaalscore", "y_min": 0, "y_max": 6, "id_prefix": "djg6"}
    return chart.line_chart(points, **(values | options))


def test_the_same_input_gives_the_same_bytes():
    assert draw() == draw()
    assert draw() == draw(list(reversed(POINTS)))  # sorted by date, whatever the order


def test_chart_is_accessible_and_contains_every_point():
    root = ET.fromstring(draw())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "djg6-titel djg6-beschrijving"
    assert root.find(f"{SVG}title").text == "DJG-6: totaalscore"
    desc = root.find(f"{SVG}desc").text
    assert desc == "15-1-2025: score 5; 1-5-2025: score 4; 1-9-2025: score 2."
    circles = root.findall(f".//{SVG}circle")
    assert [c.get("data-value") for c in circles] == ["5", "4", "2"]
    # Later dates lie further right, higher scores higher up (smaller y).
    xs = [float(c.get("cx")) for c in circles]
    ys = [float(c.get("cy")) for c in circles]
    assert xs == sorted(xs) and ys == sorted(ys)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"15-1-2025", "1-9-2025", "datum meting", "score", "0", "6"} <= set(texts)


def test_points_sit_at_their_value():
    root = ET.fromstring(draw([chart.Point(datetime.date(2025, 1, 1), 0)], y_min=0, y_max=6))
    low = float(root.find(f".//{SVG}circle").get("cy"))
    root = ET.fromstring(draw([chart.Point(datetime.date(2025, 1, 1), 6)], y_min=0, y_max=6))
    high = float(root.find(f".//{SVG}circle").get("cy"))
    assert high < low
    # One measurement: the point in the middle, no line.
    assert "<polyline" not in draw(POINTS[:1])


def test_bands_are_shaded_with_their_labels_and_alert_colour():
    bands = [
        chart.BandArea("Geen overbelasting", 0, 6),
        chart.BandArea("Overbelast", 7, 13, alert=True),
    ]
    root = ET.fromstring(draw(bands=bands, y_max=13))
    rects = root.findall(f"{SVG}rect")
    assert [r.find(f"{SVG}title").text for r in rects] == [
        "Geen overbelasting: 0–6",
        "Overbelast: 7–13",
    ]
    assert rects[1].get("fill") == chart.ALERT_FILL
    # The alert band lies above the other: its top edge is higher.
    assert float(rects[1].get("y")) < float(rects[0].get("y"))
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "band-label"]
    assert labels == ["Geen overbelasting", "Overbelast"]


def test_a_measurement_without_score_breaks_the_line():
    points = [
        chart.Point(datetime.date(2025, 1, 1), 3),
        chart.Point(datetime.date(2025, 2, 1), 4),
        chart.Point(datetime.date(2025, 3, 1), None),
        chart.Point(datetime.date(2025, 4, 1), 5),
        chart.Point(datetime.date(2025, 5, 1), 6),
    ]
    svg = draw(points)
    assert svg.count("<polyline") == 2
    assert svg.count("<circle") == 4
    assert "geen score" in svg
    assert "1-3-2025: score onbekend" in svg


def test_text_is_escaped():
    svg = draw(title="A & B <c>")
    assert "A &amp; B &lt;c&gt;" in svg
    ET.fromstring(svg)


def test_many_dates_get_at_most_five_labels():
    points = [chart.Point(datetime.date(2025, m, 1), m % 7) for m in range(1, 13)]
    root = ET.fromstring(draw(points))
    dates = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.endswith("-2025")]
    assert len(dates) == 5 and dates[0] == "1-1-2025" and dates[-1] == "1-12-2025"


@pytest.mark.parametrize(
    "value, text", [(3, "3"), (3.0, "3"), (12.5, "12,5"), (Decimal("7.00"), "7")]
)
def test_numbers_in_dutch_notation(value, text):
    assert chart.number(value) == text


# What the pages show -----------------------------------------------------------------


def stored(
    code, total=None, band="", subscales=None, answers=None, day=(2025, 3, 1), rule_version=""
):
    return SimpleNamespace(
        instrument=code,
        measured_on=datetime.date(*day),
        total=None if total is None else Decimal(total),
        band=band,
        subscales=subscales or {},
        answers=answers or {},
        rule_version=rule_version,
    )


def test_bands_come_from_the_default_setting():
    assert [b.code for b in display.bands_of(definitions.LSNS6)] == [
        "risico_isolement",
        "geen_risico",
    ]
    assert display.bands_of(definitions.DJG6) == definitions.DJG6.bands
    assert display.bands_of(definitions.ZRM2017) == ()


@pytest.mark.parametrize(
    "code, total, band, text",
    [
        ("djg6", 3, "matig_eenzaam", "3 (van 0 tot 6) – Matig eenzaam"),
        ("djg11", None, "", "geen score (te veel vragen niet beantwoord)"),
        ("participatieladder", 4, "", "trede 4: Onbetaald werk"),
        ("zrm2017", None, "", "profiel per domein (geen totaalscore)"),
        ("csi", 9, "overbelast", "9 (van 0 tot 13) – Overbelast"),
    ],
)
def test_total_text(code, total, band, text):
    instrument = definitions.get(code)
    assert display.total_text(instrument, stored(code, total, band)) == text


def test_total_text_of_a_profile_names_the_lowest_level():
    profile = stored("zrm2013", subscales={"financien": 2, "adl": 4, "verslaving": 2})
    text = display.total_text(definitions.ZRM2013, profile)
    assert text == "profiel per domein; laagste niveau 2 (2 domeinen)"


def test_answer_rows_show_labels_points_and_unanswered():
    rows = display.answer_rows(definitions.CSI, {"1": "ja", "uren_per_week": 12.5})
    assert (rows[0].answer, rows[0].points) == ("Ja", 1)
    assert rows[1].answer == "niet beantwoord" and rows[1].points is None
    assert rows[-1].text == "Uren mantelzorg per week" and rows[-1].answer == "12,5 uur"


def test_charts_per_instrument_kind():
    rows = [stored("djg6", 4, day=(2025, 1, 1)), stored("djg6", 2, day=(2025, 6, 1))]
    (total_chart,) = display.charts_for(definitions.DJG6, rows, "g")
    assert "Matig eenzaam" in total_chart.svg and 'data-value="2"' in total_chart.svg
    ladder = display.charts_for(
        definitions.PARTICIPATIELADDER, [stored("participatieladder", 3)], "l"
    )
    assert "3 Deelname aan georganiseerde activiteiten" in ladder[0].svg
    profile = [stored("zrm2013", subscales={"financien": 2, "adl": 4})]
    charts = display.charts_for(definitions.ZRM2013, profile, "z")
    assert [c.heading for c in charts] == [i.text for i in definitions.ZRM2013.items]
    assert 'data-value="2"' in charts[0].svg and 'id="z-financien-titel"' in charts[0].svg
    assert "geen score" in charts[1].svg  # dagbesteding was not in this profile


@pytest.mark.parametrize(
    "yes_before, yes_now, expected",
    [
        (3, 4, ["Belasting stijgt"]),
        (8, 9, ["Hoge belasting", "Belasting stijgt"]),
        (9, 8, ["Hoge belasting"]),
        (None, 2, []),
        (5, 5, []),
    ],
)
def test_signals_for_carer_burden(yes_before, yes_now, expected):
    def csi(yes):
        return stored("csi", answers={str(n): "ja" if n <= yes else "nee" for n in range(1, 14)})

    rows = ([] if yes_before is None else [csi(yes_before)]) + [csi(yes_now)]
    assert display.signals(definitions.CSI, rows) == expected
    assert display.signals(definitions.DJG6, [stored("djg6", 5)]) == []
