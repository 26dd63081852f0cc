"""Consent decides what a partner organisation sees, from the moment it is given until it
is withdrawn or expires."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kwartier.core.models import Person
from kwartier.privacy.models import Consent, DataCategory, Purpose
from tests.problems import field_errors

pytestmark = pytest.mark.django_db


def test_partner_sees_no_resident_without_consent(world, client_for, api_client_for):
    world.consent.delete()
    partner = world.users["partner"]
    assert Person.objects.visible_to(partner).count() == 0
    page = client_for(partner).get(reverse("person-detail", args=[world.in_area.public_id]))
    assert page.status_code == 404
    api = api_client_for(partner).get(reverse("api:person-list"))
    assert api.status_code == 200 and api.json()["count"] == 0


def test_partner_sees_only_consented_categories(world, give_consent, api_client_for, client_for):
    person = world.in_area_2
    person.phone = "06-12345678"
    person.save()
    consent = give_consent(person, categories=("hulpvraag",))
    partner = world.users["partner"]

    data = api_client_for(partner).get(reverse("api:person-detail", args=[person.public_id]))
    assert data.status_code == 200
    body = data.json()
    assert body["family_name"] == person.family_name
    assert "phone" not in body and "household" not in body and "birth_date" not in body

    page = client_for(partner).get(person.get_absolute_url())
    assert page.status_code == 200 and b"06-12345678" not in page.content

    consent.categories.add(*consent.categories.model.objects.filter(code="contact"))
    body = api_client_for(partner).get(reverse("api:person-detail", args=[person.public_id]))
    assert body.json()["phone"] == "06-12345678"
    assert b"06-12345678" in client_for(partner).get(person.get_absolute_url()).content


def test_consent_for_another_organisation_does_not_open_the_dossier(world, give_consent):
    give_consent(world.in_area_2, organisation=world.other_welfare_org)
    assert list(Person.objects.visible_to(world.users["partner"])) == [world.in_area]


def test_withdrawal_takes_effect_at_once(world, give_consent, client_for):
    consent = give_consent(world.in_area_2)
    partner_client = client_for(world.users["partner"])
    assert partner_client.get(world.in_area_2.get_absolute_url()).status_code == 200

    response = client_for(world.users["wijkwerker"]).post(
        reverse("consent-withdraw", args=[world.in_area_2.public_id, consent.pk])
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.status == "ingetrokken"
    assert partner_client.get(world.in_area_2.get_absolute_url()).status_code == 404


def test_expired_and_future_consents_do_not_count(world, give_consent, yesterday):
    today = timezone.localdate()
    give_consent(
        world.in_area_2, valid_from=today - datetime.timedelta(days=30), valid_until=yesterday
    )
    give_consent(world.out_of_area, valid_from=today + datetime.timedelta(days=1))
    assert list(Person.objects.visible_to(world.users["partner"])) == [world.in_area]


def test_recording_consent_through_the_form(world, client_for):
    url = reverse("consent-list", args=[world.in_area_2.public_id])
    client = client_for(world.users["wijkwerker"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "organisation": world.housing_org.pk,
            "purpose": Purpose.objects.get(code="doorverwijzing").pk,
            "categories": [DataCategory.objects.get(code="contact").pk],
            "valid_from": timezone.localdate().isoformat(),
            "obtained": "mondeling",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(person=world.in_area_2)
    assert consent.recorded_by == world.users["wijkwerker"]
    assert world.in_area_2 in Person.objects.visible_to(world.users["partner"])


def test_consent_form_shows_dutch_errors_and_saves_nothing(world, client_for, field_block):
    url = reverse("consent-list", args=[world.in_area_2.public_id])
    response = client_for(world.users["wijkwerker"]).post(
        url, {"organisation": "", "valid_from": "gisteren", "obtained": "per duif"}
    )
    assert response.status_code == 200
    assert field_block(response.content, "id_organisation").errors == ["Dit veld is vereist."]
    assert field_block(response.content, "id_valid_from").errors == ["Voer een geldige datum in."]
    assert not Consent.objects.filter(person=world.in_area_2).exists()


def test_minor_under_twelve_needs_a_legal_representative(world, client_for, field_block):
    child = world.in_area_2
    child.birth_date = timezone.localdate().replace(year=timezone.localdate().year - 8)
    child.save()
    url = reverse("consent-list", args=[child.public_id])
    data = {
        "organisation": world.housing_org.pk,
        "purpose": Purpose.objects.get(code="doorverwijzing").pk,
        "categories": [DataCategory.objects.get(code="contact").pk],
        "valid_from": timezone.localdate().isoformat(),
        "obtained": "schriftelijk",
    }
    client = client_for(world.users["coordinator"])
    response = client.post(url, data)
    assert field_block(response.content, "id_representative").errors
    assert not Consent.objects.filter(person=world.in_area_2).exists()
    assert client.post(url, {**data, "representative": "J. de Ouder (moeder)"}).status_code == 302


def test_printable_consent_form(world, give_consent, client_for):
    consent = give_consent(world.in_area_2)
    page = client_for(world.users["wijkwerker"]).get(
        reverse("consent-print", args=[world.in_area_2.public_id, consent.pk])
    )
    assert page.status_code == 200
    assert "Handtekening" in page.content.decode()
    assert world.housing_org.name in page.content.decode()


def test_consent_api(world, api_client_for):
    client = api_client_for(world.users["coordinator"], token=True)
    payload = {
        "person": world.in_area_2.public_id,
        "organisation": world.housing_org.pk,
        "purpose": "casusoverleg",
        "categories": ["contact", "hulpvraag"],
        "obtained": "digitaal",
    }
    created = client.post(reverse("api:consent-list"), payload, format="json")
    assert created.status_code == 201, created.content
    listed = client.get(reverse("api:consent-list"), {"person": world.in_area_2.public_id})
    assert [c["id"] for c in listed.json()["results"]] == [created.json()["id"]]

    withdrawn = client.post(reverse("api:consent-withdraw", args=[created.json()["id"]]))
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "ingetrokken"


def test_consent_api_rejects_bad_input_with_400(world, api_client_for):
    client = api_client_for(world.users["coordinator"])
    bad = client.post(
        reverse("api:consent-list"),
        {"person": world.out_of_area.public_id + "X", "organisation": 999999, "purpose": "x"},
        format="json",
    )
    assert bad.status_code == 400
    assert {"person", "organisation", "purpose", "categories", "obtained"} <= set(field_errors(bad))


def test_partner_cannot_record_or_withdraw_consent(world, give_consent, api_client_for):
    consent = give_consent(world.in_area_2)
    client = api_client_for(world.users["partner"])
    assert client.get(reverse("api:consent-list")).json()["count"] == 2
    assert client.post(reverse("api:consent-withdraw", args=[consent.pk])).status_code == 403
    assert client.post(reverse("api:consent-list"), {}, format="json").status_code == 403
