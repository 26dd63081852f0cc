"""Data-subject rights end to end: export (art. 15) and erasure (art. 17)."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from kwartier.core.access.log import AccessLogEntry
from kwartier.core.models import Household, Person
from kwartier.privacy.models import Consent, ErasureRecord
from tests.problems import field_errors

pytestmark = pytest.mark.django_db


def test_export_holds_everything_and_is_logged(world, give_consent, client_for, api_client_for):
    person = world.in_area
    give_consent(person)
    client = client_for(world.users["coordinator"])
    page = client.get(reverse("person-export", args=[person.public_id]))
    assert page.status_code == 200 and person.family_name in page.content.decode()
    download = client.get(reverse("person-export", args=[person.public_id]), {"formaat": "json"})
    data = json.loads(download.content)
    assert data["kenmerk"] == person.public_id
    assert data["gegevens"]["Bewoner en adres"]["bewoner"]["achternaam"] == person.family_name
    assert data["gegevens"]["Toestemmingen"][0]["organisatie"] == world.housing_org.name
    api = api_client_for(world.users["coordinator"]).get(
        reverse("api:person-export", args=[person.public_id])
    )
    assert api.json()["kenmerk"] == person.public_id
    assert AccessLogEntry.objects.filter(action="export").count() == 3


@pytest.mark.parametrize("role", ["wijkwerker", "partner", "vrijwilliger", "gemeente"])
def test_export_and_erasure_need_an_officer(world, role, api_client_for):
    """Through the API; the page is in the page matrix (tests/privacy/permissions.py)."""
    public_id = world.in_area.public_id
    api = api_client_for(world.users[role])
    assert api.get(reverse("api:person-export", args=[public_id])).status_code == 403
    assert api.post(reverse("api:person-erase", args=[public_id])).status_code == 403
    assert Person.objects.filter(public_id=public_id).exists()


def test_erasure_dry_run_then_for_real_through_the_page(world, give_consent, client_for):
    person = world.in_area
    give_consent(person)
    client = client_for(world.users["coordinator"])
    client.get(person.get_absolute_url())
    url = reverse("person-erase", args=[person.public_id])
    plan = client.get(url)
    assert "Definitief wissen" in plan.content.decode()
    assert "2 toestemmingen" in plan.content.decode()  # the world's and this test's
    refused = client.post(url, {"requested_on": timezone.localdate().isoformat(), "reason": "x"})
    assert refused.status_code == 200 and Person.objects.filter(pk=person.pk).exists()

    done = client.post(
        url,
        {"requested_on": timezone.localdate().isoformat(), "reason": "verzoek", "confirm": "on"},
    )
    assert done.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Household.objects.filter(pk=person.household_id).exists()
    assert not Consent.objects.exists()
    assert not Person.history.filter(id=person.pk).exists()
    record = ErasureRecord.objects.get()
    assert record.person_public_id == person.public_id and record.performed_by == "coordinator"
    assert person.family_name not in json.dumps(record.summary)
    # The access log survives, with the pseudonymous id only.
    assert AccessLogEntry.objects.filter(person_public_id=person.public_id).count() >= 2
    listed = client.get(reverse("erasure-list")).content.decode()
    assert person.public_id in listed


def test_household_stays_when_others_live_there(world, api_client_for):
    person = world.in_area
    housemate = Person.objects.create(
        organisation=world.welfare_org,
        given_name="Huis",
        family_name="Genoot",
        household=person.household,
    )
    client = api_client_for(world.users["beheerder"], token=True)
    url = reverse("api:person-erase", args=[person.public_id])
    dry = client.post(url, {}, format="json")
    assert dry.status_code == 200 and dry.json()["dry_run"] is True
    assert Person.objects.filter(pk=person.pk).exists()
    missing = client.post(url, {"dry_run": False}, format="json")
    assert missing.status_code == 400 and {"requested_on", "reason"} <= set(field_errors(missing))
    done = client.post(
        url,
        {"dry_run": False, "requested_on": timezone.localdate().isoformat(), "reason": "verzoek"},
        format="json",
    )
    assert done.status_code == 200 and done.json()["dry_run"] is False
    assert not Person.objects.filter(pk=person.pk).exists()
    housemate.refresh_from_db()
    assert housemate.household_id == person.household_id


def test_erasing_someone_out_of_scope_is_a_logged_404(world, api_client_for):
    url = reverse("api:person-erase", args=[world.other_org_person.public_id])
    response = api_client_for(world.users["coordinator"]).post(url, {"dry_run": False})
    assert response.status_code == 404
    assert AccessLogEntry.objects.get().result == "denied"
    assert Person.objects.filter(pk=world.other_org_person.pk).exists()
