"""Aggregate figures per area: small cells are suppressed, totals add up per wijk and gemeente,
and no small cell can be worked back from a total (secondary suppression)."""

import pytest

from kwartier.core import stats
from tests.factories import (
    BuurtFactory,
    GemeenteFactory,
    HouseholdFactory,
    MunicipalityFactory,
    PersonFactory,
    UserFactory,
    WijkFactory,
)


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, "0"), (1, "<5"), (2, "<5"), (3, "<5"), (4, "<5"), (5, "5"), (6, "6"), (1234, "1234")],
)
def test_suppress(count, shown):
    assert stats.suppress(count) == shown


def test_small_cell_threshold_is_five():
    assert stats.SMALL_CELL == 5


def residents(buurt, persons, households=None):
    """`persons` residents in `buurt`, spread over `households` addresses."""
    households = households or (1 if persons else 0)
    addresses = [HouseholdFactory(buurt=buurt) for _ in range(households)]
    for index in range(persons):
        PersonFactory(household=addresses[index % households])
    return addresses


@pytest.fixture
def town(db):
    gemeente = GemeenteFactory(code="GM9998", name="Telstad")
    wijk_a = WijkFactory(parent=gemeente, code="WK999801", name="A")
    wijk_b = WijkFactory(parent=gemeente, code="WK999802", name="B")
    buurten = {
        "a1": BuurtFactory(parent=wijk_a, code="BU99980101"),  # 3 residents, 2 addresses
        "a2": BuurtFactory(parent=wijk_a, code="BU99980102"),  # 4 residents, 1 address
        "b1": BuurtFactory(parent=wijk_b, code="BU99980201"),  # 6 residents, 6 addresses
        "b2": BuurtFactory(parent=wijk_b, code="BU99980202"),  # nobody
    }
    residents(buurten["a1"], 3, 2)
    residents(buurten["a2"], 4, 1)
    residents(buurten["b1"], 6, 6)
    # Residents without an address count nowhere.
    PersonFactory(household=None)
    PersonFactory(household=None)
    rows = {row["area"].code: row for row in stats.residents_per_area()}
    return gemeente, wijk_a, wijk_b, buurten, rows


def test_buurt_figures_are_suppressed_below_five(town):
    _, _, _, buurten, rows = town
    assert rows[buurten["a1"].code]["residents"] == "<5"
    assert rows[buurten["a1"].code]["households"] == "<5"
    assert rows[buurten["a2"].code]["residents"] == "<5"
    assert rows[buurten["b1"].code]["residents"] == "6"
    assert rows[buurten["b1"].code]["households"] == "x"  # see the test below
    assert rows[buurten["b2"].code]["residents"] == "0"
    assert rows[buurten["b2"].code]["households"] == "0"


def test_wijk_and_gemeente_sum_their_buurten_before_suppressing(town):
    gemeente, wijk_a, wijk_b, _, rows = town
    # Wijk A: 3 + 4 residents, each buurt hidden as <5, the sum of 7 is shown.
    assert rows[wijk_a.code]["residents"] == "7"
    assert rows[wijk_a.code]["households"] == "<5"  # 2 + 1
    assert rows[wijk_b.code]["residents"] == "6"
    assert rows[gemeente.code]["residents"] == "13"
    assert rows[gemeente.code]["households"] == "9"


def test_a_hidden_wijk_cannot_be_worked_back_from_the_gemeente(town):
    """Households: gemeente 9 = wijk A (3, "<5") + wijk B (6). Showing B's 6 would give
    A away (9 - 6 = 3), so B is hidden too, and with it B's only inhabited buurt, which
    would otherwise give B away (B = b1 + 0)."""
    gemeente, wijk_a, wijk_b, buurten, rows = town
    column = {code: row["households"] for code, row in rows.items()}
    assert column[gemeente.code] == "9"
    assert (column[wijk_a.code], column[wijk_b.code]) == ("<5", "x")
    assert (column[buurten["b1"].code], column[buurten["b2"].code]) == ("x", "0")
    # Residents need nothing more: A's 7 is two hidden buurten of 3 and 4, each 1..4.
    assert [rows[buurten[b].code]["residents"] for b in ("a1", "a2", "b1")] == ["<5", "<5", "6"]


def test_rows_come_gemeente_first_with_their_depth(town):
    gemeente, wijk_a, wijk_b, buurten, _ = town
    order = [(row["area"].code, row["depth"]) for row in stats.residents_per_area()]
    assert order == [
        (gemeente.code, 0),
        (wijk_a.code, 1),
        (buurten["a1"].code, 2),
        (buurten["a2"].code, 2),
        (wijk_b.code, 1),
        (buurten["b1"].code, 2),
        (buurten["b2"].code, 2),
    ]


def test_no_areas_no_rows(db):
    assert stats.residents_per_area() == []


def test_the_gemeente_page_shows_only_suppressed_figures(town, client_for):
    official = UserFactory(role="gemeente", organisation=MunicipalityFactory())
    page = client_for(official).get("/").content.decode()
    assert "&lt;5" in page
    assert ">13<" in page and ">x<" in page
