"""The multiplier: informal matches per fte of paid capacity, per area and period."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from kwartier.core import extensions
from kwartier.support import multiplier
from kwartier.support.models import Helper, HelpRequest, Match, ProfessionalCapacity
from tests.factories import PersonFactory
from tests.problems import field_errors
from tests.support.world import make_helper, make_request

pytestmark = pytest.mark.django_db

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
PERIOD = {"van": START.isoformat(), "tot": END.isoformat()}
D = datetime.date


@pytest.fixture(autouse=True)
def only_informal_matches(monkeypatch):
    """The support app's own source alone: other apps (methods: trajecten) register theirs
    at start-up; how a source joins is tested with the hook below."""
    monkeypatch.setattr(
        extensions, "_informal", {"koppelingen": extensions._informal["koppelingen"]}
    )


@pytest.fixture
def figures(sw, world):
    """Six informal matches in the buurt in 2025, and matches that must not count."""
    groceries = sw.categories["boodschappen"]
    professional = make_helper(
        world.welfare_org,
        [groceries],
        name="Thuiszorg",
        kind=Helper.Kind.PROFESSIONEEL,
        external_organisation=world.housing_org,
        area=world.areas.buurt,
    )

    def match(person, helper=sw.helper_own, started=START + datetime.timedelta(days=59), **fields):
        request = make_request(person, groceries, status=HelpRequest.Status.GEKOPPELD)
        return Match.objects.create(
            request=request, helper=helper, consent_basis="bevestigd", started_on=started, **fields
        )

    residents = [world.in_area] + [
        PersonFactory(organisation=world.welfare_org, household=world.in_area.household)
        for _ in range(5)
    ]
    for person in residents:
        match(person)
    # Ended before the period, started after it, no match at the follow-up, professional:
    match(world.in_area, started=D(2024, 1, 1), status="beeindigd", ended_on=D(2024, 12, 31))
    match(world.in_area, started=D(2026, 1, 5))
    match(world.in_area, followup_result="nee", status="beeindigd", ended_on=D(2025, 5, 1))
    match(world.in_area, helper=professional)
    # A match that ended inside the period counts.
    match(world.in_area_2, started=D(2024, 6, 1), status="beeindigd", ended_on=D(2025, 2, 1))
    # Another organisation's resident (in the same buurt): only the gemeente counts it.
    match(world.other_org_person)
    ProfessionalCapacity.objects.create(
        organisation=world.welfare_org,
        area=world.areas.wijk,
        period_start=START,
        period_end=END,
        fte=2,
    )
    ProfessionalCapacity.objects.create(
        organisation=world.welfare_org,
        area=world.areas.buurt,
        period_start=D(2024, 7, 1),
        period_end=D(2025, 7, 1),  # 182 of the 365 days of 2025
        fte=Decimal("1.00"),
    )
    ProfessionalCapacity.objects.create(
        organisation=world.other_welfare_org,
        area=world.areas.gemeente,
        period_start=START,
        period_end=END,
        fte=Decimal("0.50"),
    )


def by_code(rows, suppress=False):
    return {row.area.code: row.shown(suppress) for row in rows}


def test_figures_for_the_own_organisation(world, figures):
    rows = by_code(multiplier.rows(START, END, [world.welfare_org.pk]))
    buurt, buurt_2, wijk = rows["BU99990101"], rows["BU99990102"], rows["WK999901"]
    assert buurt["counts"] == {"koppelingen": "6"}
    assert buurt["fte"] == "0.50" and buurt["ratio"] == "12.0"
    assert (buurt_2["total"], buurt_2["fte"], buurt_2["ratio"]) == ("1", "0.00", None)
    assert (wijk["total"], wijk["fte"], wijk["ratio"]) == ("7", "2.50", "2.8")
    gemeente = rows["GM9999"]
    assert (gemeente["total"], gemeente["fte"], gemeente["ratio"]) == ("7", "2.50", "2.8")
    assert rows["WK999902"]["total"] == "0"


def test_the_gemeente_sees_every_organisation_with_small_cells_suppressed(world, figures):
    rows = by_code(multiplier.rows(START, END, None), suppress=True)
    assert rows["GM9999"]["total"] == "8" and rows["GM9999"]["fte"] == "3.00"
    assert rows["GM9999"]["ratio"] == "2.7"
    assert rows["BU99990102"] == rows["BU99990102"] | {"total": "<5", "ratio": None}
    assert rows["BU99990102"]["suppressed"] and rows["BU99990102"]["counts"]["koppelingen"] == "<5"
    # Oude Haven has 7 (the other organisation's resident lives there too); shown, it would
    # give Lindehof away as wijk 8 - 7 = 1. So it is hidden as well, ratio and all.
    assert rows["WK999901"]["total"] == "8"
    assert rows["BU99990101"] == rows["BU99990101"] | {"total": "x", "ratio": None}
    assert rows["BU99990101"]["counts"] == {"koppelingen": "x"}
    # Those who see their own organisation's figures see them whole.
    own = by_code(multiplier.rows(START, END, [world.welfare_org.pk]), suppress=False)
    assert (own["BU99990101"]["total"], own["BU99990102"]["total"]) == ("6", "1")


def test_one_area_is_hidden_as_in_the_whole_table(world, figures):
    """Narrowed to Oude Haven alone nothing in the row needs hiding for its own sake, but
    shown there its 7 would undo the whole table's protection of Lindehof."""
    whole = by_code(multiplier.rows(START, END, None), suppress=True)
    alone = multiplier.rows(START, END, None, world.areas.buurt)
    assert [(row.area, row.depth) for row in alone] == [(world.areas.buurt, 0)]
    assert alone[0].shown(True) == whole["BU99990101"] | {"depth": 0}
    wijk = multiplier.rows(START, END, None, world.areas.wijk)
    assert [row.depth for row in wijk] == [0, 1, 1]
    assert [row.shown(True)["total"] for row in wijk] == ["8", "x", "<5"]


def test_a_kind_and_the_total_hide_together(world, figures, monkeypatch):
    """With two kinds a row's total sums them: a small kind takes the other kind along,
    and a parent's kind column sums its children like the total does."""
    buurt_pk = world.areas.buurt.pk
    extensions.register_informal_source(
        "trajecten", "Trajecten", lambda start, end, orgs: {buurt_pk: 2}
    )
    rows = by_code(multiplier.rows(START, END, None), suppress=True)
    # Oude Haven: 7 koppelingen + 2 trajecten = 9.
    assert rows["BU99990101"]["counts"] == {"koppelingen": "x", "trajecten": "<5"}
    assert rows["BU99990101"]["total"] == "x" and rows["BU99990101"]["ratio"] is None
    # The wijk's 10 = 8 + "<5" would give its trajecten away: its 8 goes, up to the gemeente.
    assert rows["WK999901"]["counts"] == {"koppelingen": "x", "trajecten": "<5"}
    assert rows["WK999901"]["total"] == rows["GM9999"]["total"] == "10"
    for code, row in rows.items():
        hidden = [v for v in [*row["counts"].values(), row["total"]] if v in ("x", "<5")]
        assert len(hidden) != 1, code


def test_fte_is_weighted_by_time(world, figures):
    fte = multiplier.capacity_by_area(START, END, [world.welfare_org.pk])
    assert fte == {world.areas.wijk.pk: 2, world.areas.buurt.pk: Decimal(182) / 365}
    assert multiplier.capacity_by_area(D(2023, 1, 1), D(2023, 12, 31)) == {}


def test_the_page_and_the_csv(world, figures, client_for):
    client = client_for(world.users["coordinator"])
    page = client.get(reverse("multiplier"), PERIOD)
    text = page.content.decode()
    assert page.status_code == 200
    assert "1 januari 2025 tot en met 31 december 2025" in text
    assert "12,0" in text and "0,50" in text
    download = client.get(reverse("multiplier"), {**PERIOD, "formaat": "csv"})
    assert download["Content-Type"].startswith("text/csv")
    assert 'filename="multiplier-2025-01-01-2025-12-31.csv"' in download["Content-Disposition"]
    table = list(csv.reader(io.StringIO(download.content.decode()), delimiter=";"))
    assert table[0] == [
        "gebied",
        "code",
        "niveau",
        "van",
        "tot en met",
        "informele koppelingen",
        "totaal",
        "betaalde inzet (fte)",
        "per fte",
    ]
    buurt = next(row for row in table if row[1] == "BU99990101")
    assert buurt == [
        *("Oude Haven", "BU99990101", "buurt", "2025-01-01", "2025-12-31"),
        *("6", "6", "0.50", "12.0"),
    ]
    gemeente_view = client_for(world.users["gemeente"]).get(reverse("multiplier"), PERIOD)
    assert "&lt;5" in gemeente_view.content.decode()
    area_only = client.get(reverse("multiplier"), {**PERIOD, "gebied": world.areas.buurt.pk})
    assert [r["area"] for r in area_only.context["rows"]] == [world.areas.buurt]
    bad = client.get(reverse("multiplier"), {"van": "2025-12-31", "tot": "2025-01-01"})
    assert (
        bad.status_code == 200 and "De einddatum ligt vóór de begindatum." in bad.content.decode()
    )


def test_the_api(world, figures, api_client_for):
    data = api_client_for(world.users["gemeente"]).get(reverse("api:multiplier"), PERIOD).json()
    assert data["van"] == "2025-01-01" and data["suppressed_below"] == 5
    rows = {row["area"]: row for row in data["rows"]}
    assert rows["BU99990102"] == {
        "area": "BU99990102",
        "name": "Lindehof",
        "level": "buurt",
        "counts": {"koppelingen": "<5"},
        "total": "<5",
        "fte": "0.00",
        "per_fte": None,
    }
    own = api_client_for(world.users["wijkwerker"]).get(
        reverse("api:multiplier"), {**PERIOD, "gebied": "WK999901"}
    )
    assert own.json()["suppressed_below"] is None
    assert [row["area"] for row in own.json()["rows"]] == ["WK999901", "BU99990101", "BU99990102"]
    assert own.json()["rows"][0]["per_fte"] == "2.8"
    bad = api_client_for(world.users["wijkwerker"]).get(
        reverse("api:multiplier"), {"gebied": "XX", "van": "gisteren"}
    )
    assert bad.status_code == 400 and set(field_errors(bad)) == {"gebied", "van"}


def test_trajectories_join_through_the_hook(world, figures, monkeypatch):
    buurt_pk = world.areas.buurt.pk
    extensions.register_informal_source(
        "trajecten", "Trajecten", lambda start, end, orgs: {buurt_pk: 4}
    )
    rows = by_code(multiplier.rows(START, END, [world.welfare_org.pk]))
    assert rows["BU99990101"]["counts"] == {"koppelingen": "6", "trajecten": "4"}
    assert rows["BU99990101"]["total"] == "10" and rows["BU99990101"]["ratio"] == "20.1"


def test_capacity_is_kept_by_a_coordinator(world, client_for, field_block):
    client = client_for(world.users["coordinator"])
    refused = client.post(
        reverse("capacity-list"),
        {"area": world.areas.wijk.pk, "period_start": "2025-12-31", "period_end": "2025-01-01"},
    )
    assert field_block(refused.content, "id_period_end").errors == [
        "De einddatum ligt vóór de begindatum."
    ]
    assert field_block(refused.content, "id_fte").errors == ["Dit veld is vereist."]
    done = client.post(
        reverse("capacity-list"),
        {
            "area": world.areas.wijk.pk,
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "fte": "3.5",
            "note": "3 opbouwwerkers",
        },
    )
    assert done.status_code == 302
    record = ProfessionalCapacity.objects.get()
    assert record.organisation == world.welfare_org and record.recorded_by.username == "coordinator"
    assert client_for(world.users["wijkwerker"]).get(reverse("capacity-list")).status_code == 403
    other = client_for(world.users["beheerder"])
    assert other.post(reverse("capacity-update", args=[record.pk]), {}).status_code == 200
    assert other.post(reverse("capacity-delete", args=[record.pk])).status_code == 302
    assert not ProfessionalCapacity.objects.exists()
