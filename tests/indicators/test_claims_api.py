"""The claim API (POST /api/v1/indicators/claims/check): strict input, verdicts on given
series and on the stored figures, and the documented example."""

import copy
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kwartier.indicators.api import EXAMPLE_ANSWER, EXAMPLE_REQUEST, MAX_CLAIMS
from kwartier.indicators.models import Indicator, IndicatorValue
from tests.problems import field_errors, problem

pytestmark = pytest.mark.django_db
URL = "/api/v1/indicators/claims/check"
THIS_YEAR = timezone.localdate().year


@pytest.fixture
def client(world, api_client_for):
    return api_client_for(world.users["wijkwerker"])


def post(client, data):
    return client.post(URL, data, format="json")


def test_the_route_has_no_trailing_slash():
    assert reverse("api:indicators-claims-check") == URL


def test_the_documented_example_is_what_the_api_answers(client):
    response = post(client, EXAMPLE_REQUEST)
    assert response.status_code == 200, response.content
    assert response.json() == EXAMPLE_ANSWER


@pytest.mark.parametrize("role", ["coordinator", "beheerder", "gemeente"])
def test_workers_and_the_funder_check_claims(world, api_client_for, role):
    response = post(api_client_for(world.users[role], token=True), EXAMPLE_REQUEST)
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["vrijwilliger", "partner"])
def test_volunteers_and_partners_may_not(world, api_client_for, role):
    response = post(api_client_for(world.users[role]), EXAMPLE_REQUEST)
    assert response.status_code == 403
    problem(response)


def test_a_claim_about_a_missing_area_is_insufficient_data(client):
    data = copy.deepcopy(EXAMPLE_REQUEST)
    data["claims"] = [
        {"id": "x", "indicator": "jeugdoverlast", "area": "C", "says": "getting_better"},
        {"id": "y", "indicator": "woz", "area": "A", "says": "above", "value": 3},
        {
            "id": "z",
            "indicator": "jeugdoverlast",
            "area": "A",
            "says": "below",
            "value": 3,
            "year": 2008,
        },
    ]
    body = post(client, data).json()
    assert [claim["verdict"] for claim in body["claims"]] == ["insufficient_data"] * 3
    assert body["claims"][0]["explanation"] == "Er zijn geen cijfers over jeugdoverlast in C."
    assert body["claims"][2]["figures"] == {"years": [2007, 2009]}


def test_a_margin_is_optional_and_may_be_null(client):
    data = copy.deepcopy(EXAMPLE_REQUEST)
    del data["series"][0]["margin"]
    data["series"][1]["margin"] = None
    body = post(client, data).json()
    assert body["claims"][0]["figures"]["margin"] is None


# --- strict input -------------------------------------------------------------------------


def invalid(client, change) -> dict:
    data = copy.deepcopy(EXAMPLE_REQUEST)
    change(data)
    response = post(client, data)
    assert response.status_code == 400, response.content
    return field_errors(response)


def setter(path, value):
    """A change that sets data[path...] = value (path of keys and indexes)."""

    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def deleter(path):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (setter(["claims"], []), "claims"),
        (deleter(["claims"]), "claims"),
        (setter(["series"], []), "series"),
        (setter(["claims"], "c1"), "claims"),
        (setter(["extra"], 1), "extra"),
        (setter(["claims", 0, "form"], 2007), "claims[0].form"),
        (setter(["series", 0, "colour"], "rood"), "series[0].colour"),
        (setter(["claims", 0, "id"], 1), "claims[0].id"),
        (setter(["claims", 0, "id"], "x" * 51), "claims[0].id"),
        (setter(["claims", 0, "says"], "slechter"), "claims[0].says"),
        (setter(["claims", 0, "says"], ["worse_than"]), "claims[0].says"),
        (setter(["claims", 0, "area"], "B"), "claims[0].than"),
        (deleter(["claims", 0, "than"]), "claims[0].than"),
        (setter(["claims", 0, "value"], 3), "claims[0].value"),
        (setter(["claims", 0, "from"], 2007), "claims[0].from"),
        (setter(["claims", 0, "year"], "2009"), "claims[0].year"),
        (setter(["claims", 0, "year"], 2009.0), "claims[0].year"),
        (setter(["claims", 0, "year"], True), "claims[0].year"),
        (setter(["claims", 0, "year"], 1989), "claims[0].year"),
        (setter(["claims", 0, "year"], THIS_YEAR + 1), "claims[0].year"),
        (setter(["claims", 1, "from"], 2009), "claims[1].to"),
        (setter(["claims", 1, "value"], 3), "claims[1].value"),
        (setter(["claims", 1, "than"], "B"), "claims[1].than"),
        (setter(["claims", 1, "year"], 2009), "claims[1].year"),
        (setter(["claims", 2, "value"], "3"), "claims[2].value"),
        (setter(["claims", 2, "value"], None), "claims[2].value"),
        (setter(["claims", 2, "value"], 1e300), "claims[2].value"),
        (deleter(["claims", 2, "value"]), "claims[2].value"),
        (setter(["claims", 2, "than"], "B"), "claims[2].than"),
        (setter(["claims", 2, "id"], "c1"), "claims[2].id"),
        (setter(["claims", 0, "indicator"], "x\x00"), "claims[0].indicator"),
        (setter(["series", 0, "unit"], "procent"), "series[0].unit"),
        (setter(["series", 0, "higher_is"], "slechter"), "series[0].higher_is"),
        (setter(["series", 0, "margin"], -1), "series[0].margin"),
        (setter(["series", 0, "margin"], 5000), "series[0].margin"),
        (setter(["series", 0, "margin"], "0,5"), "series[0].margin"),
        (setter(["series", 0, "values"], []), "series[0].values"),
        (setter(["series", 0, "values"], {}), "series[0].values"),
        (setter(["series", 0, "values", "2009"], "9,3"), "series[0].values.2009"),
        (setter(["series", 0, "values", "2009"], None), "series[0].values.2009"),
        (setter(["series", 0, "values", "2009"], 120), "series[0].values.2009"),
        (setter(["series", 0, "values", "09"], 1), "series[0].values.09"),
        (setter(["series", 0, "values", "1989"], 1), "series[0].values.1989"),
        (
            setter(["series", 0, "values", str(THIS_YEAR + 1)], 1),
            f"series[0].values.{THIS_YEAR + 1}",
        ),
        (setter(["series", 0, "values", "２００８"], 1), "series[0].values.２００８"),
        (setter(["series", 1, "area"], "A"), "series[1].area"),
        (setter(["series", 1, "unit"], "aantal"), "series[1].unit"),
        (setter(["series", 1, "higher_is"], "better"), "series[1].unit"),
    ],
)
def test_bad_shapes_are_refused_with_the_field_named(client, change, field):
    errors = invalid(client, change)
    assert field in errors, errors


def test_too_many_claims_series_or_years_are_refused(client):
    claim = EXAMPLE_REQUEST["claims"][2]
    too_many = [{**claim, "id": str(n)} for n in range(MAX_CLAIMS + 1)]
    assert "claims" in invalid(client, setter(["claims"], too_many))
    series = [{**EXAMPLE_REQUEST["series"][0], "area": str(n)} for n in range(51)]
    assert "series" in invalid(client, setter(["series"], series))
    years = {str(year): 1 for year in range(1990, 2041)}
    assert "series[0].values" in invalid(client, setter(["series", 0, "values"], years))


def test_the_error_is_a_dutch_problem_with_invalid_params(client):
    response = post(
        client, {"claims": [{"id": "c1", "indicator": "x", "area": "A", "says": "above"}]}
    )
    body = problem(response)
    assert body["type"] == "urn:kwartier:problem:invalid-input"
    assert body["invalidParams"] == [
        {
            "name": "claims[0].value",
            "code": "invalid",
            "reason": "Vul de waarde in waarmee vergeleken wordt.",
        }
    ]


@pytest.mark.parametrize(
    "body",
    [b"", b"[]", b"null", b"{", b'{"claims": NaN}', b'{"claims": [null]}', b'{"claims": {"0": 1}}'],
)
def test_hostile_bodies_get_a_400(client, body):
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    problem(response)


def test_only_post(client):
    assert client.get(URL).status_code == 405


# --- the stored figures -------------------------------------------------------------------


@pytest.fixture
def stored(world):
    areas = world.areas
    nuisance = Indicator.objects.create(
        code="jeugdoverlast",
        name="Ervaren jeugdoverlast",
        unit=Indicator.Unit.PERCENT,
        higher_is=Indicator.HigherIs.WORSE,
        margin=Decimal("0.5"),
    )
    now = timezone.now()
    for area, values in (
        (areas.wijk, {2007: "11.5", 2009: "9.3"}),
        (areas.gemeente, {2007: "12.9", 2009: "13.7"}),
        (None, {2009: "8.0"}),
    ):
        for year, value in values.items():
            IndicatorValue.objects.create(
                indicator=nuisance, area=area, year=year, value=Decimal(value), imported_at=now
            )
    IndicatorValue.objects.create(
        indicator=nuisance,
        area=areas.buurt,
        year=2009,
        value=None,
        imported_at=now,
        missing_reason="te weinig waarnemingen",
    )
    return nuisance


def test_without_series_the_stored_figures_are_used(client, stored):
    claims = [
        {
            "id": "1",
            "indicator": "jeugdoverlast",
            "area": "WK999901",
            "says": "worse_than",
            "than": "GM9999",
        },
        {"id": "2", "indicator": "jeugdoverlast", "area": "WK999901", "says": "getting_better"},
        {
            "id": "3",
            "indicator": "jeugdoverlast",
            "area": "WK999901",
            "says": "worse_than",
            "than": "NL",
        },
        {"id": "4", "indicator": "jeugdoverlast", "area": "Nederland", "says": "above", "value": 7},
    ]
    body = post(client, {"claims": claims}).json()
    verdicts = {claim["id"]: claim for claim in body["claims"]}
    assert verdicts["1"]["verdict"] == "not_supported"
    assert verdicts["1"]["explanation"] == (
        "Ervaren jeugdoverlast in Centrum is in 2009 9,3 % en daarmee 4,4 procentpunt lager "
        "(beter) dan in Testveen (13,7 %)."
    )
    assert verdicts["1"]["figures"]["margin"] == 0.5
    assert verdicts["2"]["verdict"] == "supported"
    assert verdicts["3"]["verdict"] == "supported"
    assert verdicts["3"]["explanation"].endswith(
        "1,3 procentpunt hoger (slechter) dan in Nederland (8 %)."
    )
    assert verdicts["4"]["explanation"].startswith(
        "Ervaren jeugdoverlast in Nederland is in 2009 8 %"
    )


def test_stored_figures_missing_give_insufficient_data(client, stored):
    claims = [
        {
            "id": "unknown-area",
            "indicator": "jeugdoverlast",
            "area": "BU00000000",
            "says": "getting_worse",
        },
        {
            "id": "suppressed",
            "indicator": "jeugdoverlast",
            "area": "BU99990101",
            "says": "above",
            "value": 1,
        },
        {
            "id": "unknown-indicator",
            "indicator": "woz",
            "area": "WK999901",
            "says": "above",
            "value": 1,
        },
        {"id": "no-year", "indicator": "jeugdoverlast", "area": "NL", "says": "getting_worse"},
    ]
    body = post(client, {"claims": claims}).json()
    verdicts = {claim["id"]: claim for claim in body["claims"]}
    assert {claim["verdict"] for claim in body["claims"]} == {"insufficient_data"}
    assert verdicts["unknown-area"]["explanation"] == (
        "Er zijn geen cijfers over ervaren jeugdoverlast in BU00000000."
    )
    assert verdicts["suppressed"]["explanation"] == (
        "Er zijn geen cijfers over ervaren jeugdoverlast in Oude Haven."
    )
    assert (
        verdicts["unknown-indicator"]["explanation"] == "Er zijn geen cijfers over woz in Centrum."
    )
    assert verdicts["no-year"]["explanation"].startswith("Er is maar één jaar met cijfers")
