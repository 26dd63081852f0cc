"""API authentication: no credentials is 401 with a challenge; session and token work."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import sign_in


@pytest.fixture
def persons_url():
    return reverse("api:person-list")


def test_anonymous_request_is_401_with_www_authenticate(world, api_client_for, persons_url):
    response = api_client_for(None).get(persons_url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_wrong_token_is_401_too(world, api_client_for, persons_url):
    api = api_client_for(None)
    api.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    response = api.get(persons_url)
    assert response.status_code == 401
    assert "WWW-Authenticate" in response


@pytest.mark.parametrize("token", [True, False], ids=["token", "session"])
def test_signed_in_request_is_200(world, api_client_for, persons_url, token):
    response = api_client_for(world.users["wijkwerker"], token=token).get(persons_url)
    assert response.status_code == 200
    assert "WWW-Authenticate" not in response


def test_session_write_still_needs_csrf(world, persons_url):
    """A signed-in browser session keeps its CSRF protection on writes."""
    client = Client(enforce_csrf_checks=True)
    sign_in(client, world.users["wijkwerker"])
    response = client.post(persons_url, {"given_name": "X", "family_name": "Y"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
