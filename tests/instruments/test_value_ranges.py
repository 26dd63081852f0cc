"""A measurement is not dated before the resident's birth, nor in another century."""

import pytest
from django.urls import reverse

from kwartier.instruments.models import Measurement
from tests.instruments.samples import answers
from tests.instruments.test_pages import form_data
from tests.problems import field_errors

pytestmark = pytest.mark.django_db


def post_measurement(api, person, measured_on):
    body = {
        "person": person.public_id,
        "instrument": "djg11",
        "measured_on": measured_on,
        "answers": answers("djg11"),
    }
    return api.post("/api/v1/measurements", body, format="json")


def test_the_api_refuses_a_djg11_measurement_in_1850(api_client_for, world):
    api = api_client_for(world.users["wijkwerker"])
    response = post_measurement(api, world.in_area, "1850-01-01")
    assert response.status_code == 400
    assert "te ver terug" in " ".join(field_errors(response)["measured_on"])
    assert not Measurement.objects.exists()


def test_the_api_refuses_a_measurement_before_the_residents_birth(api_client_for, world):
    world.in_area.birth_date = None
    world.in_area.birth_year = 2020
    world.in_area.save()
    api = api_client_for(world.users["wijkwerker"])
    response = post_measurement(api, world.in_area, "2019-06-01")
    assert response.status_code == 400
    messages = " ".join(field_errors(response)["measured_on"])
    assert "vóór de geboorte van de bewoner (01-01-2020)" in messages
    assert post_measurement(api, world.in_area, "2025-06-01").status_code == 201


def test_the_form_shows_a_date_before_birth_at_the_field(client_for, world, field_block):
    world.in_area.birth_date = world.in_area.birth_date.replace(year=2021)
    world.in_area.save()
    client = client_for(world.users["coordinator"])
    url = reverse("measurement-create", args=[world.in_area.public_id, "djg11"])
    response = client.post(url, form_data("djg11", measured_on="2020-01-01"))
    assert response.status_code == 200
    block = field_block(response.content, "id_measured_on")
    assert any("vóór de geboorte" in error for error in block.errors), block.errors
    assert not Measurement.objects.exists()


def test_the_model_check_is_the_same(world):
    measurement = Measurement(
        person=world.in_area, measured_on=world.in_area.birth_date.replace(year=1950)
    )
    with pytest.raises(Exception, match="vóór de geboorte"):
        measurement.clean()
