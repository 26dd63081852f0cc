"""Registering a resident through the form, with a field error first, then editing."""

import re

import pytest

from kwartier.core.models import Person

pytestmark = pytest.mark.browser


def field(page, field_id):
    """The form field's block: the element with class "field" around the input."""
    return page.locator(".field", has=page.locator(f"#{field_id}"))


def test_create_a_person_after_a_field_error_then_edit(new_page, world):
    page = new_page(world.users["wijkwerker"])
    page.goto("/bewoners/")
    page.get_by_role("link", name="Nieuwe bewoner").first.click()
    page.wait_for_url(re.compile(r"/bewoners/nieuw/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Nieuwe bewoner"

    # First try: no family name, a birth date in the future.
    page.get_by_label("Voornaam").fill("Fatma")
    page.get_by_label("Geboortedatum").fill("2999-01-01")
    page.get_by_label("Huishouden").select_option(label=str(world.in_area_2.household))
    page.get_by_role("button", name="Opslaan").click()

    assert "Het formulier is niet opgeslagen" in page.get_by_role("alert").inner_text()
    family = field(page, "id_family_name")
    assert "field--invalid" in family.get_attribute("class")
    assert "Dit veld is vereist." in family.locator(".field__error").inner_text()
    birth = field(page, "id_birth_date")
    assert "De geboortedatum ligt in de toekomst." in birth.locator(".field__error").inner_text()
    assert page.get_by_label("Voornaam").input_value() == "Fatma"  # input is kept
    assert not Person.objects.filter(given_name="Fatma").exists()

    # Corrected.
    page.get_by_label("Achternaam").fill("Yılmaz")
    page.get_by_label("Geboortedatum").fill("1958-03-14")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(re.compile(r"/bewoners/K-[0-9A-Z]{8}/$"))
    assert "Bewoner opgeslagen." in page.get_by_role("status").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "Fatma Yılmaz"
    person = Person.objects.get(given_name="Fatma")
    assert person.family_name == "Yılmaz"
    assert person.organisation == world.welfare_org
    assert person.household == world.in_area_2.household
    assert person.public_id in page.inner_text("main")

    # Edit: a bad e-mail address first, then a good one and a phone number.
    page.get_by_role("link", name="Wijzigen").click()
    page.wait_for_url(re.compile(r"/wijzigen/$"))
    assert page.get_by_label("Geboortedatum").input_value() == "1958-03-14"
    page.get_by_label("E-mail").fill("fatma-at-example")
    page.get_by_role("button", name="Opslaan").click()
    email = field(page, "id_email")
    assert "Voer een geldig e-mailadres in." in email.locator(".field__error").inner_text()
    page.get_by_label("E-mail").fill("fatma@example.nl")
    page.get_by_label("Telefoon").fill("06-12121212")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(re.compile(r"/bewoners/K-[0-9A-Z]{8}/$"))
    assert "Wijzigingen opgeslagen." in page.get_by_role("status").inner_text()
    assert "06-12121212" in page.inner_text("main")
    person.refresh_from_db()
    assert (person.email, person.phone) == ("fatma@example.nl", "06-12121212")
    assert page.problems == []


def test_search_filters_the_list_as_you_type(new_page, world):
    page = new_page(world.users["coordinator"])
    page.goto("/bewoners/")
    rows = page.locator("#resultaten tbody tr")
    assert rows.count() == 4
    page.get_by_role("searchbox", name="Zoeken").fill("Binnen")
    page.wait_for_url(re.compile(r"q=Binnen"))
    rows.first.wait_for()
    page.wait_for_function("document.querySelectorAll('#resultaten tbody tr').length === 1")
    assert "Anna Binnenwijk" in rows.first.inner_text()
    assert page.problems == []
