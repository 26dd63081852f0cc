"""The REST API: CRUD with token and session auth, errors, lookups, scoping and filters."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kwartier.core.models import Activity, Household, Organisation, Person
from tests.factories import ActivityFactory, PersonFactory
from tests.problems import field_errors, problem


def url(name, **kwargs):
    return reverse(f"api:{name}", kwargs=kwargs or None)


@pytest.fixture
def worker_api(world, api_client_for):
    return api_client_for(world.users["wijkwerker"], token=True)


# Persons -----------------------------------------------------------------------------


@pytest.mark.parametrize("token", [True, False], ids=["token", "session"])
def test_person_crud(world, api_client_for, token):
    api = api_client_for(world.users["wijkwerker"], token=token)
    household = world.in_area.household

    created = api.post(
        url("person-list"),
        {
            "given_name": "Fatma",
            "family_name": "Yılmaz",
            "birth_year": 1958,
            "household": household.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    public_id = body["public_id"]
    assert public_id.startswith("K-")
    assert "id" not in body  # the database key is never exposed for residents
    person = Person.objects.get(public_id=public_id)
    assert person.organisation == world.welfare_org  # registered by the caller's organisation
    assert person.household == household

    detail = url("person-detail", public_id=public_id)
    read = api.get(detail)
    assert read.status_code == 200
    assert read.json()["family_name"] == "Yılmaz"
    assert read.json()["age"] is not None

    patched = api.patch(detail, {"phone": "06-11112222"}, format="json")
    assert patched.status_code == 200
    assert patched.json()["phone"] == "06-11112222"
    assert patched.json()["family_name"] == "Yılmaz"

    replaced = api.put(
        detail,
        {"given_name": "Fatma", "family_name": "Yilmaz", "birth_year": 1959, "household": None},
        format="json",
    )
    assert replaced.status_code == 200, replaced.content
    person.refresh_from_db()
    assert (person.family_name, person.birth_year, person.household) == ("Yilmaz", 1959, None)

    assert api.delete(detail).status_code == 405
    assert Person.objects.filter(public_id=public_id).exists()


def test_person_is_looked_up_by_public_id_not_by_database_key(world, worker_api):
    person = world.in_area
    assert worker_api.get(url("person-detail", public_id=person.public_id)).status_code == 200
    assert worker_api.get(url("person-detail", public_id=str(person.pk))).status_code == 404


def test_public_id_cannot_be_chosen_or_changed(world, worker_api):
    detail = url("person-detail", public_id=world.in_area.public_id)
    response = worker_api.patch(detail, {"public_id": "K-ZELFGEKOZEN"}, format="json")
    assert response.status_code == 200
    assert response.json()["public_id"] == world.in_area.public_id
    created = worker_api.post(
        url("person-list"),
        {"public_id": "K-ZELFGEKOZEN", "given_name": "A", "family_name": "B"},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["public_id"] != "K-ZELFGEKOZEN"


def test_organisation_cannot_be_set_through_the_api(world, worker_api):
    created = worker_api.post(
        url("person-list"),
        {"given_name": "A", "family_name": "B", "organisation": world.other_welfare_org.pk},
        format="json",
    )
    assert created.status_code == 201
    assert (
        Person.objects.get(public_id=created.json()["public_id"]).organisation == world.welfare_org
    )


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"family_name": "Zonder"}, "given_name", "Dit veld is vereist."),
        ({"given_name": "", "family_name": "X"}, "given_name", "Dit veld mag niet leeg zijn."),
        (
            {"given_name": "A", "family_name": "B", "birth_date": "2999-01-01"},
            "birth_date",
            "toekomst",
        ),
        ({"given_name": "A", "family_name": "B", "birth_year": 1850}, "birth_year", "tussen 1900"),
        (
            {"given_name": "A", "family_name": "B", "birth_date": "1970-01-01", "birth_year": 1971},
            "birth_year",
            "past niet",
        ),
        (
            {"given_name": "A", "family_name": "B", "birth_date": "gisteren"},
            "birth_date",
            "formaat",
        ),
        ({"given_name": "A", "family_name": "B", "email": "geen-adres"}, "email", "e-mailadres"),
        ({"given_name": "A", "family_name": "B", "household": 999999}, "household", "bestaat niet"),
    ],
)
def test_person_field_errors_are_400_with_the_field(world, worker_api, payload, field, message):
    before = Person.objects.count()
    response = worker_api.post(url("person-list"), payload, format="json")
    assert response.status_code == 400
    errors = field_errors(response)
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert Person.objects.count() == before


def without_instance(response) -> dict:
    return {key: value for key, value in problem(response).items() if key != "instance"}


@pytest.mark.parametrize("visitor", ["wijkwerker", "other_org_worker", "partner"])
def test_unknown_and_out_of_scope_persons_are_both_404(world, api_client_for, visitor):
    api = api_client_for(world.users[visitor], token=True)
    unknown = api.get(url("person-detail", public_id="K-BESTAATNT"))
    out_of_scope = api.get(url("person-detail", public_id=world.out_of_area.public_id))
    assert unknown.status_code == out_of_scope.status_code == 404
    # The two answers are alike, so a 404 does not tell whether the resident exists; only
    # `instance` differs, as it repeats the path the client asked for.
    assert without_instance(unknown) == without_instance(out_of_scope)


def test_out_of_scope_persons_cannot_be_changed(world, worker_api):
    detail = url("person-detail", public_id=world.out_of_area.public_id)
    assert worker_api.patch(detail, {"family_name": "Gewijzigd"}, format="json").status_code == 404
    world.out_of_area.refresh_from_db()
    assert world.out_of_area.family_name == "Buitenwijk"


def test_partner_sees_a_consented_resident_without_what_the_consent_does_not_cover(
    world, api_client_for
):
    api = api_client_for(world.users["partner"], token=True)
    data = api.get(url("person-detail", public_id=world.in_area.public_id)).json()
    assert data["family_name"] == "Binnenwijk"
    assert "birth_date" not in data
    assert data["birth_year"] == world.in_area.year_of_birth
    assert "phone" in data  # the consent covers contact details


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("GM9999", {"in_area", "in_area_2", "out_of_area"}),
        ("WK999901", {"in_area", "in_area_2"}),
        ("WK999902", {"out_of_area"}),
        ("BU99990102", {"in_area_2"}),
        ("BU00000000", set()),
    ],
)
def test_person_gebied_filter(world, api_client_for, code, expected):
    api = api_client_for(world.users["coordinator"])
    data = api.get(url("person-list"), {"gebied": code}).json()
    assert {row["public_id"] for row in data["results"]} == {
        getattr(world, name).public_id for name in expected
    }


def test_person_search_and_ordering(world, worker_api):
    data = worker_api.get(url("person-list"), {"search": "Lindeh"}).json()
    assert [row["public_id"] for row in data["results"]] == [world.in_area_2.public_id]
    ordered = worker_api.get(url("person-list"), {"ordering": "-family_name"}).json()
    names = [row["family_name"] for row in ordered["results"]]
    assert names == sorted(names, reverse=True)


def test_lists_are_paginated(world, worker_api):
    for _ in range(51):
        PersonFactory(organisation=world.welfare_org, household=None)
    first = worker_api.get(url("person-list")).json()
    assert first["count"] == 54
    assert len(first["results"]) == 50
    assert first["next"]
    second = worker_api.get(url("person-list"), {"page": 2}).json()
    assert len(second["results"]) == 4
    assert worker_api.get(url("person-list"), {"page": 3}).status_code == 404


# Households --------------------------------------------------------------------------


def test_household_crud_with_buurt_as_code(world, worker_api):
    created = worker_api.post(
        url("household-list"),
        {
            "street": "Kerkstraat",
            "house_number": 12,
            "house_number_suffix": "a",
            "postcode": "1234AB",
            "city": "Testveen",
            "buurt": world.areas.buurt_2.code,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["buurt"] == world.areas.buurt_2.code
    assert body["postcode"] == "1234 AB"
    assert body["organisation"] == world.welfare_org.pk
    detail = url("household-detail", pk=body["id"])
    assert (
        worker_api.patch(detail, {"house_number": 14}, format="json").json()["house_number"] == 14
    )
    assert Household.objects.get(pk=body["id"]).house_number == 14


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"postcode": "123 AB"}, "postcode"),
        ({"buurt": "WK999901"}, "buurt"),  # a wijk is not a buurt
        ({"buurt": "BU00000000"}, "buurt"),
        ({"house_number": -1}, "house_number"),
        ({"house_number": "twaalf"}, "house_number"),
        ({"street": ""}, "street"),
    ],
)
def test_household_field_errors(world, worker_api, payload, field):
    valid = {
        "street": "Kerkstraat",
        "house_number": 1,
        "postcode": "1234 AB",
        "city": "Testveen",
        "buurt": world.areas.buurt.code,
    }
    before = Household.objects.count()
    response = worker_api.post(url("household-list"), {**valid, **payload}, format="json")
    assert response.status_code == 400
    assert field in field_errors(response)
    assert Household.objects.count() == before


def test_household_out_of_scope_and_unknown_are_404(world, worker_api):
    assert (
        worker_api.get(url("household-detail", pk=world.out_of_area.household.pk)).status_code
        == 404
    )
    assert worker_api.get(url("household-detail", pk=999999)).status_code == 404
    assert worker_api.get(url("household-detail", pk="abc")).status_code == 404


def test_household_filters(world, api_client_for):
    api = api_client_for(world.users["beheerder"])
    by_area = api.get(url("household-list"), {"gebied": "WK999902"}).json()
    assert [row["id"] for row in by_area["results"]] == [world.out_of_area.household.pk]
    postcode = world.in_area_2.household.postcode
    by_postcode = api.get(url("household-list"), {"postcode": postcode}).json()
    assert [row["id"] for row in by_postcode["results"]] == [world.in_area_2.household.pk]


# Organisations and activities --------------------------------------------------------


def test_organisation_crud_by_coordinator(world, api_client_for):
    api = api_client_for(world.users["coordinator"], token=True)
    created = api.post(
        url("organisation-list"),
        {"name": "Voedselbank Testveen", "kind": "vereniging", "areas": ["WK999901"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["areas"] == ["WK999901"]
    detail = url("organisation-detail", pk=created.json()["id"])
    assert api.patch(detail, {"phone": "0800-1234"}, format="json").status_code == 200
    assert Organisation.objects.get(name="Voedselbank Testveen").phone == "0800-1234"
    duplicate = api.post(
        url("organisation-list"), {"name": "Voedselbank Testveen", "kind": "zorg"}, format="json"
    )
    assert duplicate.status_code == 400
    assert "name" in field_errors(duplicate)
    bad = api.post(
        url("organisation-list"),
        {"name": "X", "kind": "onbekend", "website": "geen url"},
        format="json",
    )
    assert bad.status_code == 400
    assert {"kind", "website"} <= set(field_errors(bad))


def test_organisation_kind_filter_and_search(world, worker_api):
    kinds = worker_api.get(url("organisation-list"), {"kind": "woningcorporatie"}).json()
    assert [row["name"] for row in kinds["results"]] == ["Woonstichting De Hoeve"]
    found = worker_api.get(url("organisation-list"), {"search": "Anders"}).json()
    assert [row["name"] for row in found["results"]] == ["Buurtwerk Anders"]


def test_partner_manages_only_its_own_activities(world, api_client_for):
    api = api_client_for(world.users["partner"], token=True)
    own = api.post(
        url("activity-list"),
        {"organisation": world.housing_org.pk, "title": "Huurdersavond", "buurt": "BU99990101"},
        format="json",
    )
    assert own.status_code == 201, own.content
    assert own.json()["buurt"] == "BU99990101"
    foreign = api.post(
        url("activity-list"),
        {"organisation": world.welfare_org.pk, "title": "Namens een ander"},
        format="json",
    )
    assert foreign.status_code == 400
    assert "organisation" in field_errors(foreign)
    assert not Activity.objects.filter(title="Namens een ander").exists()
    moved = api.patch(
        url("activity-detail", pk=own.json()["id"]),
        {"organisation": world.welfare_org.pk},
        format="json",
    )
    assert moved.status_code == 400
    other = api.patch(
        url("activity-detail", pk=world.welfare_activity.pk), {"title": "X"}, format="json"
    )
    assert other.status_code == 403


def test_activity_filters(world, worker_api):
    elsewhere = ActivityFactory(organisation=world.welfare_org, buurt=world.areas.other_buurt)
    in_wijk = worker_api.get(url("activity-list"), {"gebied": "WK999901"}).json()
    assert [row["id"] for row in in_wijk["results"]] == [world.welfare_activity.pk]
    in_other = worker_api.get(url("activity-list"), {"gebied": "BU99990201"}).json()
    assert [row["id"] for row in in_other["results"]] == [elsewhere.pk]
    gastvrij = worker_api.get(url("activity-list"), {"gastvrij": "true"}).json()
    assert [row["id"] for row in gastvrij["results"]] == [world.welfare_activity.pk]
    stopped = worker_api.get(url("activity-list"), {"active": "false"}).json()
    assert [row["id"] for row in stopped["results"]] == [world.stopped_activity.pk]
    unknown = worker_api.get(url("activity-list"), {"gebied": "GM0000"}).json()
    assert unknown["count"] == 0


def test_activity_cost_errors(world, worker_api):
    response = worker_api.post(
        url("activity-list"),
        {"organisation": world.welfare_org.pk, "title": "Duur", "cost": "veel"},
        format="json",
    )
    assert response.status_code == 400
    assert "cost" in field_errors(response)


def test_areas_by_code(world, worker_api):
    data = worker_api.get(url("area-detail", code="BU99990101")).json()
    assert data["parent"] == "WK999901"
    assert data["level"] == "buurt"
    assert worker_api.get(url("area-detail", code="BU00000000")).status_code == 404
    buurten = worker_api.get(url("area-list"), {"level": "buurt"}).json()
    assert {row["code"] for row in buurten["results"]} == {
        "BU99990101",
        "BU99990102",
        "BU99990201",
    }


# Authentication ----------------------------------------------------------------------


def test_session_auth_needs_the_csrf_token_for_writes(world):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(world.users["wijkwerker"])
    payload = {"given_name": "Csrf", "family_name": "Test"}
    refused = api.post(url("person-list"), payload, format="json")
    assert refused.status_code == 403
    assert "CSRF" in problem(refused)["detail"]
    api.get(reverse("home"))  # a page with a form sets the CSRF cookie
    token = api.cookies["csrftoken"].value
    accepted = api.post(url("person-list"), payload, format="json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201


def test_token_auth_needs_no_csrf_token(world):
    api = APIClient(enforce_csrf_checks=True)
    key = Token.objects.create(user=world.users["wijkwerker"]).key
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.post(url("person-list"), {"given_name": "A", "family_name": "B"}, format="json")
    assert response.status_code == 201


@pytest.mark.parametrize("header", ["Token ongeldig", "Token ", "Bearer abc", "Token a b"])
def test_bad_credentials_are_refused(world, header):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=header)
    assert api.get(url("person-list")).status_code in (401, 403)


def test_token_command_prints_a_working_token(world):
    out = StringIO()
    call_command("token", "wijkwerker", stdout=out)
    key = out.getvalue().strip()
    assert len(key) == 40
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get(url("person-list"))
    assert response.status_code == 200
    assert response.json()["count"] == 3


def test_a_new_token_revokes_the_old_one(world):
    first, second = StringIO(), StringIO()
    call_command("token", "wijkwerker", stdout=first)
    call_command("token", "wijkwerker", stdout=second)
    old, new = first.getvalue().strip(), second.getvalue().strip()
    assert old != new
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert api.get(url("person-list")).status_code in (401, 403)


def test_token_command_for_an_unknown_user(db):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("token", "niemand")


def test_kwartier_cli_token(world, capsys, monkeypatch):
    from django.db import connections

    from kwartier.cli import main

    # A command run from the command line closes the database connections when done,
    # which would end the test's transaction on PostgreSQL.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    assert main(["token", "coordinator"]) == 0
    key = capsys.readouterr().out.strip()
    assert Token.objects.get(user=world.users["coordinator"]).key == key
