"""Input as people type it: postcodes in lowercase or with a space, amounts with a comma."""

import pytest
from django.urls import reverse
from django.utils import translation

from kwartier.core.forms import ActivityForm, HouseholdForm
from kwartier.core.models import Activity, Household
from tests.problems import field_errors


@pytest.fixture
def worker(world, client_for):
    return client_for(world.users["wijkwerker"])


def household_data(world, postcode):
    return {
        "street": "Kerkstraat",
        "house_number": "12",
        "postcode": postcode,
        "city": "Testveen",
        "buurt": world.areas.buurt.pk,
    }


@pytest.mark.parametrize("typed", ["1234ab", "1234 ab", "1234AB", " 1234  aB "])
def test_household_form_normalises_the_postcode(world, worker, typed):
    response = worker.post(reverse("household-create"), household_data(world, typed))
    assert response.status_code == 302, response.context["form"].errors
    assert Household.objects.get(street="Kerkstraat").postcode == "1234 AB"


@pytest.mark.parametrize("typed", ["0123 ab", "1234 a", "12345ab", "abcd ef", "1234 ab x"])
def test_household_form_still_refuses_what_is_no_postcode(world, typed):
    form = HouseholdForm(household_data(world, typed), user=world.users["wijkwerker"])
    assert not form.is_valid()
    assert form.errors["postcode"], typed


def test_api_accepts_a_lowercase_postcode_and_stores_it_normalised(world, api_client_for):
    api = api_client_for(world.users["wijkwerker"], token=True)
    payload = {
        "street": "Kerkstraat",
        "house_number": 12,
        "postcode": "1234ab",
        "city": "Testveen",
        "buurt": world.areas.buurt.code,
    }
    created = api.post(reverse("api:household-list"), payload, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["postcode"] == "1234 AB"
    household = Household.objects.get(pk=created.json()["id"])
    assert household.postcode == "1234 AB"

    changed = api.patch(
        reverse("api:household-detail", args=[household.pk]), {"postcode": "5678 cd"}, format="json"
    )
    assert changed.status_code == 200, changed.content
    household.refresh_from_db()
    assert household.postcode == "5678 CD"

    bad = api.patch(
        reverse("api:household-detail", args=[household.pk]), {"postcode": "0123ab"}, format="json"
    )
    assert bad.status_code == 400
    assert field_errors(bad)["postcode"] == ["Vul een postcode in zoals 1234 AB."]


def activity_data(world, cost):
    return {
        "organisation": world.welfare_org.pk,
        "title": "Taalcafé",
        "kind": "activiteit",
        "cost": cost,
        "active": "on",
    }


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("2,50", "2.50"), ("2.50", "2.50"), (" 12,5 ", "12.50"), ("0", "0.00"), ("", "None")],
)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_activity_cost_with_a_decimal_comma_or_point(world, typed, stored, language):
    with translation.override(language):
        form = ActivityForm(activity_data(world, typed), user=world.users["wijkwerker"])
        assert form.is_valid(), form.errors
        activity = form.save()
    activity.refresh_from_db()
    assert str(activity.cost) == stored


@pytest.mark.parametrize("typed", ["veel", "2,50,1", "1.250,00", "2,505"])
def test_activity_cost_refuses_what_is_no_amount(world, typed):
    with translation.override("nl"):
        form = ActivityForm(activity_data(world, typed), user=world.users["wijkwerker"])
        assert not form.is_valid()
        assert form.errors["cost"], typed


def test_activity_cost_comma_through_the_page(world, worker):
    response = worker.post(reverse("activity-create"), activity_data(world, "3,75"))
    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get(title="Taalcafé")
    assert str(activity.cost) == "3.75"
    # The edit form shows the amount as it was typed: with a comma, on a text box that
    # asks phones for the decimal keypad.
    page = worker.get(reverse("activity-update", args=[activity.pk])).content.decode()
    assert 'value="3,75"' in page
    assert 'inputmode="decimal"' in page
