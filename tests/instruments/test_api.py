"""The instruments API: definitions, stateless scoring for every code, measurements."""

import pytest
from django.utils import timezone

from kwartier.core.access.log import AccessLogEntry
from kwartier.instruments import definitions
from kwartier.instruments.models import Measurement
from kwartier.privacy.models import Consent
from tests.instruments.samples import EXPECTED, answers
from tests.problems import field_errors, problem

pytestmark = pytest.mark.django_db

CODES = ["participatieladder", "zrm2017", "zrm2013", "djg11", "djg6", "lsns6"]


def score_url(code):
    return f"/api/v1/instruments/{code}/score"


@pytest.fixture
def api(api_client_for, world):
    return api_client_for(world.users["vrijwilliger"])  # scoring is for anyone signed in


# Scoring -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", [*CODES, "csi"])
def test_score_every_instrument(api, code):
    response = api.post(score_url(code), {"answers": answers(code)}, format="json")
    assert response.status_code == 200, response.data
    total, band = EXPECTED[code]
    assert response.data["instrument"] == code
    assert response.data["total"] == total
    assert response.data["band"] == band
    assert response.data["missing"] == []
    instrument = definitions.get(code)
    if instrument.method is definitions.Method.PROFILE:
        assert response.data["subscales"] == answers(code)  # the level per domain
    else:
        assert set(response.data["subscales"]) == {s.code for s in instrument.subscales}
    assert not Measurement.objects.exists()  # stateless


def test_score_with_token_and_missing_answers(api_client_for, world):
    api = api_client_for(world.users["gemeente"], token=True)
    given = answers("djg6") | {"3": None}
    response = api.post(score_url("djg6"), {"answers": given}, format="json")
    assert response.status_code == 200
    assert response.data["total"] == 2 and response.data["missing"] == ["3"]
    assert response.data["subscales"]["emotional"] is None


def _first(code):
    return definitions.get(code).items[0]


def _bad_cases():
    for code in CODES:
        first = _first(code)
        wrong_type = "1" if first.answer_type is int else 1
        yield code, answers(code) | {first.id: wrong_type}, first.id, "verwacht is"
        bad_value = 99 if first.answer_type is int else "soms"
        yield code, answers(code) | {first.id: bad_value}, first.id, "geen toegestaan antwoord"
        yield code, answers(code) | {"onbekend": 1}, "onbekend", "Onbekende vraag"
        yield code, answers(code) | {first.id: True}, first.id, "verwacht is"
    for code in ("participatieladder", "zrm2017", "zrm2013"):
        given = answers(code)
        del given[_first(code).id]
        yield code, given, _first(code).id, "verplicht"


@pytest.mark.parametrize("code, given, item, words", list(_bad_cases()))
def test_invalid_answers_give_400_naming_the_item(api, code, given, item, words):
    response = api.post(score_url(code), {"answers": given}, format="json")
    assert response.status_code == 400
    messages = field_errors(response)[f"answers.{item}"]
    assert words in " ".join(messages)


@pytest.mark.parametrize(
    "body", [{}, {"antwoorden": {}}, {"answers": ["ja"]}, {"answers": "ja"}, ["answers"]]
)
def test_a_body_without_an_answers_object_is_400(api, body):
    response = api.post(score_url("djg6"), body, format="json")
    assert response.status_code == 400
    assert "answers" in field_errors(response)


def test_unknown_code_is_404_and_anonymous_is_refused(api, api_client_for):
    response = api.post(score_url("phq9"), {"answers": {}}, format="json")
    assert response.status_code == 404
    assert "Onbekend meetinstrument" in problem(response)["detail"]
    anonymous = api_client_for(None)
    assert anonymous.post(score_url("djg6"), {"answers": {}}, format="json").status_code in (
        401,
        403,
    )


def test_definitions_list_items_options_bands_and_source(api):
    response = api.get("/api/v1/instruments")
    assert response.status_code == 200
    by_code = {row["code"]: row for row in response.data}
    assert list(by_code) == list(definitions.INSTRUMENTS)
    lsns = by_code["lsns6"]
    assert lsns["source"] == "Lubben e.a. (2006)"
    assert [b["code"] for b in lsns["bands"]] == ["risico_isolement", "geen_risico"]
    assert lsns["items"][0]["options"][0] == {"code": 0, "label": "Geen", "points": 0}
    assert lsns["total_range"] == [0, 30]
    assert by_code["zrm2017"]["total_range"] is None
    assert by_code["csi"]["context_fields"][0]["id"] == "uren_per_week"
    detail = api.get("/api/v1/instruments/djg11")
    assert detail.status_code == 200 and len(detail.data["items"]) == 11
    assert api.get("/api/v1/instruments/phq9").status_code == 404


# Measurements ------------------------------------------------------------------------


def new_entries():
    return list(AccessLogEntry.objects.filter(object_type="metingen").order_by("pk"))


def test_record_a_measurement(api_client_for, world):
    api = api_client_for(world.users["wijkwerker"])
    body = {
        "person": world.in_area.public_id.lower(),
        "instrument": "lsns6",
        "measured_on": "2025-06-01",
        "answers": answers("lsns6"),
    }
    response = api.post("/api/v1/measurements", body, format="json")
    assert response.status_code == 201, response.data
    assert response.data["total"] == 12 and response.data["band"] == "geen_risico"
    assert response.data["band_label"] == "Geen verhoogd risico"
    assert response.data["person"] == world.in_area.public_id
    measurement = Measurement.objects.get()
    assert measurement.recorded_by == world.users["wijkwerker"]
    (entry,) = new_entries()
    assert entry.action == "create" and entry.person_public_id == world.in_area.public_id


@pytest.mark.parametrize(
    "change, field",
    [
        ({"answers": {"1": "twee"}}, "answers"),
        ({"instrument": "phq9"}, "instrument"),
        ({"measured_on": "2999-01-01"}, "measured_on"),
        ({"measured_on": "gisteren"}, "measured_on"),
        ({"answers": "alles goed"}, "answers"),
    ],
)
def test_bad_measurements_are_400(api_client_for, world, change, field):
    api = api_client_for(world.users["coordinator"])
    body = {
        "person": world.in_area.public_id,
        "instrument": "lsns6",
        "measured_on": "2025-06-01",
        "answers": answers("lsns6"),
    } | change
    response = api.post("/api/v1/measurements", body, format="json")
    assert response.status_code == 400
    errors = field_errors(response)
    # An item's error is named after the field it is in: `answers.1`.
    assert any(name == field or name.startswith(f"{field}.") for name in errors), errors
    if change.get("answers") == {"1": "twee"}:
        assert "verwacht is een geheel getal" in errors["answers.1"][0]
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("person", ["other_org_person", "out_of_area"])
def test_residents_out_of_scope_cannot_be_measured(api_client_for, world, person):
    api = api_client_for(world.users["wijkwerker"])
    body = {
        "person": getattr(world, person).public_id,
        "instrument": "djg6",
        "measured_on": "2025-06-01",
        "answers": answers("djg6"),
    }
    response = api.post("/api/v1/measurements", body, format="json")
    assert response.status_code == 400
    assert field_errors(response)["person"] == ["Geen bewoner met dit kenmerk in uw bereik."]


def test_list_filters_and_logs(api_client_for, world, measure):
    measure(world.in_area, "djg6")
    measure(world.in_area, "lsns6")
    measure(world.in_area_2, "djg6")
    api = api_client_for(world.users["coordinator"])
    everything = api.get("/api/v1/measurements")
    assert everything.data["count"] == 3
    mine = api.get(f"/api/v1/measurements?person={world.in_area.public_id}&instrument=djg6")
    assert mine.data["count"] == 1
    assert mine.data["results"][0]["instrument"] == "djg6"
    assert api.get("/api/v1/measurements?person=x" + "y" * 20).data["count"] == 0
    assert [e.action for e in new_entries()] == ["search", "search", "search"]
    assert new_entries()[0].detail == "3 resultaten"


def test_partner_sees_measurements_only_under_a_consent_that_covers_them(
    api_client_for, world, measure, metingen_consent
):
    own = measure(world.in_area)
    other = measure(world.in_area_2)
    api = api_client_for(world.users["partner"])
    listed = api.get("/api/v1/measurements")
    assert [row["id"] for row in listed.data["results"]] == [own.pk]
    response = api.get(f"/api/v1/measurements/{own.pk}")
    assert response.status_code == 200 and response.data["answers"] == answers("djg6")
    read = new_entries()[-1]
    assert read.action == "read" and read.consent_id == metingen_consent.pk
    assert api.get(f"/api/v1/measurements/{other.pk}").status_code == 404
    assert new_entries()[-1].result == "denied"
    # Withdrawn: the measurement is out of reach again.
    Consent.objects.filter(pk=metingen_consent.pk).update(withdrawn_at=timezone.now())
    assert api.get(f"/api/v1/measurements/{own.pk}").status_code == 404


@pytest.mark.parametrize("pk", ["99999999999999999999", "0"])
def test_impossible_ids_are_a_logged_404(api_client_for, world, pk):
    api = api_client_for(world.users["beheerder"])
    assert api.get(f"/api/v1/measurements/{pk}").status_code == 404
    assert new_entries()[-1].result == "denied"


def test_a_partner_hears_why_a_change_is_refused(api_client_for, world, measure):
    """Also for a method the measurement's route does not have: 403 before 405."""
    url = f"/api/v1/measurements/{measure(world.in_area).pk}"
    api = api_client_for(world.users["partner"])
    for method in ("put", "patch", "delete"):
        response = getattr(api, method)(url, {}, format="json")
        assert response.status_code == 403
        assert "geen metingen vastleggen" in problem(response)["detail"]
    assert [e.result for e in new_entries()] == ["denied"] * 3
