"""A hulpvraag with impossible dates is refused on the form and in the API (so it can
never top "Langst wachtend" with a wait of 46361 days)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kwartier.support.models import HelpRequest
from tests.problems import field_errors
from tests.support.test_api import VALID_REQUEST, url
from tests.support.test_pages import form_data

pytestmark = pytest.mark.django_db

IMPOSSIBLE = {"registered_on": "1900-01-01", "start_date": "9999-12-31"}


def test_the_form_refuses_a_registration_in_1900_wanted_from_9999(
    sw, world, client_for, field_block
):
    client = client_for(world.users["wijkwerker"])
    response = client.post(reverse("helprequest-create"), form_data(sw, world, **IMPOSSIBLE))
    assert response.status_code == 200
    registered = field_block(response.content, "id_registered_on")
    assert any("De aanmelding ligt te ver terug" in e for e in registered.errors)
    start = field_block(response.content, "id_start_date")
    assert any("De startdatum ligt te ver in de toekomst" in e for e in start.errors)
    assert not HelpRequest.objects.filter(description="Boodschappen op vrijdag.").exists()


def test_the_api_refuses_a_registration_in_1900_wanted_from_9999(sw, world, coordinator_api):
    body = {**VALID_REQUEST, "person": world.in_area.public_id, **IMPOSSIBLE}
    response = coordinator_api.post(url("helprequest-list"), body, format="json")
    assert response.status_code == 400
    assert set(field_errors(response)) == {"registered_on", "start_date"}
    assert not HelpRequest.objects.filter(registered_on=datetime.date(1900, 1, 1)).exists()


def test_the_api_takes_a_start_a_few_months_ahead(sw, world, coordinator_api):
    ahead = timezone.localdate() + datetime.timedelta(days=90)
    body = {**VALID_REQUEST, "person": world.in_area.public_id, "start_date": ahead.isoformat()}
    response = coordinator_api.post(url("helprequest-list"), body, format="json")
    assert response.status_code == 201, response.json()


def test_an_introduction_date_far_ahead_is_refused(sw, world, coordinator_api):
    response = coordinator_api.post(
        url("helprequest-list"), {**VALID_REQUEST, "person": world.in_area.public_id}, format="json"
    )
    pk = response.json()["id"]
    coordinator_api.post(url("helprequest-transition", pk=pk), {"status": "zoeken"}, format="json")
    run = coordinator_api.post(url("matchrun-list"), {"area": "BU99990101"}, format="json")
    (proposal,) = [p for p in run.json()["proposals"] if p["request"] == pk]
    accept = coordinator_api.post(
        url("proposal-accept", pk=proposal["id"]),
        {
            "consent_confirmed": True,
            "consent_obtained": "schriftelijk",
            "introduction_on": "9999-12-31",
        },
        format="json",
    )
    assert accept.status_code == 400 and "introduction_on" in field_errors(accept)
