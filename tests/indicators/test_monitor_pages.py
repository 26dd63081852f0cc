"""The wijkmonitor's pages: start, an area's profile, the comparison, and their CSV."""

import csv
import io

import pytest
from django.urls import reverse

from tests.conftest import parse_html
from tests.indicators.monitor_helpers import SMALL_CELL, figures

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[4, 52], [4.01, 52], [4.01, 52.01], [4, 52]]]}


@pytest.fixture
def worker(world, client_for):
    figures(world.areas)
    return client_for(world.users["wijkwerker"])


def table_rows(content, caption_start: str) -> list[list[str]]:
    """The cells' text of the table whose caption starts with `caption_start`."""
    root = parse_html(content)
    for table in (n for n in root.iter() if n.tag == "table"):
        caption = next((n for n in table.iter() if n.tag == "caption"), None)
        if caption is not None and caption.all_text().strip().startswith(caption_start):
            rows = [n for n in table.iter() if n.tag == "tr"]
            return [
                [" ".join(c.all_text().split()) for c in row.children if c.tag in ("th", "td")]
                for row in rows
            ]
    raise AssertionError(f"no table with caption {caption_start!r}")


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_start_lists_indicators_and_leads_to_a_profile(world, worker):
    response = worker.get(reverse("indicators:start"))
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("indicators:compare", args=["jeugdoverlast"]) in content
    assert "Oude Haven (BU99990101, Centrum)" in content
    response = worker.get(reverse("indicators:start"), {"gebied": world.areas.buurt.code})
    assert response.status_code == 302
    assert response.url == reverse("indicators:profile", args=[world.areas.buurt.code])
    response = worker.get(reverse("indicators:start"), {"gebied": "BU<onbekend>"})
    assert response.status_code == 200 and "field__error" in response.content.decode()


def test_menu_has_the_wijkmonitor_for_workers_and_funder_only(world, client_for):
    url = reverse("indicators:start")
    for role, shown in (("wijkwerker", True), ("gemeente", True), ("vrijwilliger", False)):
        content = client_for(world.users[role]).get("/").content.decode()
        assert (f'href="{url}"' in content) is shown, role


def test_profile_compares_the_buurt_with_its_surroundings(world, worker):
    response = worker.get(reverse("indicators:profile", args=[world.areas.buurt.code]))
    assert response.status_code == 200
    content = response.content.decode()
    latest = table_rows(response.content, "Laatste cijfer per indicator")
    assert latest[0] == [
        "Indicator",
        "Jaar",
        "Oude Haven (buurt)",
        "Centrum (wijk)",
        "Testveen (gemeente)",
        "Nederland",
    ]
    assert latest[1] == ["Jeugdoverlast", "2022", "9,3 %", "8,2 %", "9,4 %", "6,5 %"]
    assert latest[2][:3] == ["Inwoners", "2022", "1.520"]
    assert latest[2][3:] == ["– geen cijfer bekend"] * 3
    years = table_rows(response.content, "Jeugdoverlast per jaar")
    assert [row[0] for row in years] == ["Jaar", "2019", "2020", "2021", "2022"]
    assert years[1] == ["2019", "11,5 %", "9,0 %", "10,1 %", "7,0 %"]
    # one line chart per indicator, with the four areas in its legend
    assert content.count('class="wm-chart wm-chart--line"') == 2
    assert 'aria-labelledby="grafiek-jeugdoverlast-titel grafiek-jeugdoverlast-beschrijving"' in (
        content
    )
    compare = reverse("indicators:compare", args=["jeugdoverlast"])
    assert f"{compare}?niveau=buurt&amp;binnen=GM9999&amp;jaar=2022" in content


def test_profile_shows_missing_values_with_their_reason(world, worker):
    response = worker.get(reverse("indicators:profile", args=[world.areas.other_buurt.code]))
    years = table_rows(response.content, "Jeugdoverlast per jaar")
    assert years[4][:2] == ["2022", f"– {SMALL_CELL}"]
    latest = table_rows(response.content, "Laatste cijfer per indicator")
    assert latest[1][:3] == ["Jeugdoverlast", "2022", f"– {SMALL_CELL}"]


def test_profile_of_an_unknown_area_is_404_and_one_without_figures_says_so(world, worker):
    assert worker.get(reverse("indicators:profile", args=["BU00000000"])).status_code == 404
    from kwartier.core.models import Area

    empty = Area.objects.create(
        code="WK999903", name="Leeg", level="wijk", parent=world.areas.gemeente
    )
    response = worker.get(reverse("indicators:profile", args=[empty.code]))
    assert response.status_code == 200
    latest = table_rows(response.content, "Laatste cijfer per indicator")
    assert latest[1] == ["Jeugdoverlast", "2022", "– geen cijfer bekend", "9,4 %", "6,5 %"]
    Area.objects.create(code="GM9998", name="Nergens", level="gemeente")
    response = worker.get(reverse("indicators:profile", args=["GM9998"]))
    assert "Voor Nergens en omgeving zijn nog geen cijfers ingelezen." in response.content.decode()


def test_profile_csv_for_dutch_excel(world, worker):
    url = reverse("indicators:profile", args=[world.areas.buurt.code])
    response = worker.get(url, {"formaat": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="wijkmonitor-BU99990101.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:3] == ["indicator", "naam", "eenheid"]
    assert [
        "jeugdoverlast",
        "Jeugdoverlast",
        "procent",
        "BU99990101",
        "Oude Haven",
        "buurt",
        "2019",
        "11,5",
        "",
    ] in rows
    assert [
        "jeugdoverlast",
        "Jeugdoverlast",
        "procent",
        "",
        "Nederland",
        "land",
        "2022",
        "6,5",
        "",
    ] in rows
    assert [
        "inwoners",
        "Inwoners",
        "aantal",
        "BU99990101",
        "Oude Haven",
        "buurt",
        "2022",
        "1520",
        "",
    ] in rows
    only = read_csv(worker.get(url, {"formaat": "csv", "indicator": "inwoners"}))
    assert {row[0] for row in only[1:]} == {"inwoners"}


def test_comparison_sorts_buurten_and_gives_the_references(world, worker):
    url = reverse("indicators:compare", args=["jeugdoverlast"])
    response = worker.get(url)
    assert response.status_code == 200
    rows = table_rows(response.content, "Jeugdoverlast per buurt")
    assert rows[1:] == [
        ["1", "Oude Haven", "Centrum", "9,3 %"],
        ["2", "Lindehof", "Centrum", "7,0 %"],
        ["–", "Kanaalzijde", "Noord", f"– {SMALL_CELL}"],
    ]
    content = response.content.decode()
    assert "Testveen (gemeente): <strong>9,4 %</strong>" in content
    assert "Nederland: <strong>6,5 %</strong>" in content
    assert "geen omtrekken bekend" in content  # the test areas have no outlines
    rows = table_rows(worker.get(url, {"jaar": "2019"}).content, "Jeugdoverlast per buurt")
    assert [r[1] for r in rows[1:]] == ["Kanaalzijde", "Oude Haven", "Lindehof"]
    assert rows[3] == ["–", "Lindehof", "Centrum", "– geen cijfer bekend"]
    rows = table_rows(worker.get(url, {"niveau": "wijk"}).content, "Jeugdoverlast per wijk")
    assert rows[1:] == [["1", "Noord", "Testveen", "11,0 %"], ["2", "Centrum", "Testveen", "8,2 %"]]


@pytest.mark.parametrize(
    "query", [{"jaar": "abc"}, {"jaar": "1800"}, {"niveau": "land"}, {"binnen": "GM0000"}]
)
def test_comparison_with_a_bad_filter_falls_back(world, worker, query):
    response = worker.get(reverse("indicators:compare", args=["jeugdoverlast"]), query)
    assert response.status_code == 200
    rows = table_rows(response.content, "Jeugdoverlast per buurt")
    assert rows[1][1] == "Oude Haven"


def test_comparison_of_an_unknown_indicator_is_404(worker):
    assert worker.get(reverse("indicators:compare", args=["onbekend"])).status_code == 404


def test_comparison_draws_the_choropleth_from_the_outlines(world, worker):
    for offset, buurt in enumerate(
        (world.areas.buurt, world.areas.buurt_2, world.areas.other_buurt)
    ):
        shifted = [[[lon + offset * 0.01, lat] for lon, lat in SQUARE["coordinates"][0]]]
        buurt.outline = {"type": "Polygon", "coordinates": shifted}
        buurt.save()
    response = worker.get(reverse("indicators:compare", args=["jeugdoverlast"]))
    content = response.content.decode()
    assert content.count('class="map__area') == 3
    assert "Oude Haven: 9,3 % (klasse 2 van 2)" in content
    assert f"Kanaalzijde: geen gegevens ({SMALL_CELL})" in content
    assert 'fill="url(#wm-geen-gegevens)"' in content
    assert "wm-swatch" in content  # the legend
    assert content.count('class="wm-chart wm-chart--bars"') == 1


def test_comparison_csv(world, worker):
    url = reverse("indicators:compare", args=["jeugdoverlast"])
    response = worker.get(url, {"formaat": "csv", "jaar": "2022"})
    assert (
        'filename="wijkmonitor-jeugdoverlast-GM9999-buurt-2022.csv"'
        in (response["Content-Disposition"])
    )
    assert read_csv(response) == [
        ["rang", "gebiedscode", "gebied", "ligt in", "jaar", "waarde", "reden ontbreekt"],
        ["1", "BU99990101", "Oude Haven", "Centrum", "2022", "9,3", ""],
        ["2", "BU99990102", "Lindehof", "Centrum", "2022", "7", ""],
        ["", "BU99990201", "Kanaalzijde", "Noord", "2022", "", SMALL_CELL],
    ]


def test_csv_cells_never_start_a_formula():
    from kwartier.indicators.monitor import csv_number, text_cell

    assert text_cell("=HYPERLINK()") == "'=HYPERLINK()"
    assert text_cell("Oude Haven") == "Oude Haven"
    assert csv_number(None) == "" and csv_number(-1.5) == "-1,5"


def test_each_surrounding_area_keeps_its_line_style(world, worker):
    """A wijk's profile has no wijk column: the gemeente still has the gemeente's line."""
    from kwartier.indicators.charts import STYLES

    response = worker.get(reverse("indicators:profile", args=[world.areas.wijk.code]))
    content = response.content.decode()
    chart = content[content.index('id="grafiek-jeugdoverlast-titel"') :]
    legend = chart[: chart.index("</svg>")].split('class="wm-chart__legend-item"')[1:]
    assert "Testveen (gemeente)" in legend[1]
    assert f'stroke-dasharray="{STYLES[2].dash}"' in legend[1]
    assert f'stroke-dasharray="{STYLES[3].dash}"' in legend[2]
