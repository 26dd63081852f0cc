"""The API as the NL API Design Rules ask: problem details for every error, the version
header on every answer, paths without a trailing slash (the old ones redirected), query
keys in lower camelCase. The schema side is checked by the standard's own linter in
`make test` (`make lint-api`); these tests check what the API answers."""

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from kwartier.core.api_errors import exception_handler
from kwartier.core.api_redirects import SUNSET
from kwartier.core.errors import RuleError
from kwartier.support.models import Helper
from tests.problems import PROBLEM, field_errors, problem
from tests.support.world import ensure_categories, make_helper

pytestmark = pytest.mark.django_db

PERSONS = "/api/v1/persons"


@pytest.fixture
def worker(api_client_for, world):
    return api_client_for(world.users["wijkwerker"], token=True)


def test_invalid_input_names_each_field_with_its_dutch_message(worker):
    response = worker.post(PERSONS, {"given_name": "", "birth_year": 1800}, format="json")
    assert response.status_code == 400
    body = problem(response)
    assert body["type"] == "urn:kwartier:problem:invalid-input"
    assert body["title"] == "Ongeldige invoer"
    assert body["instance"] == PERSONS
    errors = field_errors(response)
    assert set(errors) >= {"given_name", "family_name", "birth_year"}
    assert "given_name" in body["detail"] and "birth_year" in body["detail"]
    assert all(param["code"] for param in body["invalidParams"])


def test_a_rule_about_the_whole_request_is_the_detail():
    """A domain rule that names no field is the problem's `detail`; nested field errors
    are named by their place."""
    request = Request(APIRequestFactory().post(PERSONS))
    whole = exception_handler(RuleError("Dit traject is al beëindigd."), {"request": request})
    assert whole.data["detail"] == "Dit traject is al beëindigd."
    assert whole.data["invalidParams"] == []
    nested = ValidationError({"members": [{}, {"name": ["Vul een naam in."]}]})
    body = exception_handler(nested, {"request": request}).data
    assert body["invalidParams"] == [
        {"name": "members[1].name", "code": "invalid", "reason": "Vul een naam in."}
    ]
    assert body["detail"] == "members[1].name: Vul een naam in."


@pytest.mark.parametrize(
    ("who", "method", "path", "status", "kind"),
    [
        (None, "get", PERSONS, 401, "not-authenticated"),
        ("bad-token", "get", PERSONS, 401, "authentication-failed"),
        ("vrijwilliger", "get", PERSONS, 403, "permission-denied"),
        ("wijkwerker", "get", PERSONS + "/K-0000000000", 404, "not-found"),
        ("wijkwerker", "get", "/api/v1/bestaat-niet", 404, "not-found"),
        ("wijkwerker", "get", PERSONS + "?page=999", 404, "not-found"),
        ("wijkwerker", "delete", PERSONS, 405, "method-not-allowed"),
        ("wijkwerker", "get", PERSONS + "?search=a%00b", 400, "bad-request"),
    ],
)
def test_every_error_is_a_problem(api_client_for, world, who, method, path, status, kind):
    client = api_client_for(world.users.get(who), token=True)
    if who == "bad-token":
        client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = getattr(client, method)(path)
    assert response.status_code == status
    body = problem(response)
    assert body["type"] == f"urn:kwartier:problem:{kind}"
    assert body["instance"] == path.split("?")[0]
    assert response["API-Version"] == settings.KWARTIER_API_VERSION


def test_unreadable_bodies_are_problems(worker):
    broken = worker.post(PERSONS, "{niet: json", content_type="application/json")
    assert broken.status_code == 400
    assert problem(broken)["type"] == "urn:kwartier:problem:bad-request"
    unsupported = worker.post(PERSONS, "<persoon/>", content_type="application/xml")
    assert unsupported.status_code == 415
    assert problem(unsupported)["type"] == "urn:kwartier:problem:unsupported-media-type"


def test_a_server_error_in_the_api_is_a_problem_too(api_client_for, world, monkeypatch):
    from kwartier.core.api import PersonViewSet

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(PersonViewSet, "list", broken)
    client = api_client_for(world.users["wijkwerker"], token=True)
    client.raise_request_exception = False
    response = client.get(PERSONS)
    assert response.status_code == 500
    body = problem(response)
    assert body["type"] == "urn:kwartier:problem:server-error"
    assert "kapot" not in response.content.decode()  # nothing of the fault leaks


def test_the_browsable_api_shows_an_error_as_html(client_for, world):
    response = client_for(world.users["vrijwilliger"]).get(PERSONS, HTTP_ACCEPT="text/html")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")


def test_every_answer_names_the_api_version(worker, world):
    answers = [
        worker.get(PERSONS),
        worker.get(reverse("api:person-detail", args=[world.in_area.public_id])),
        worker.get(PERSONS + "/"),
        worker.get("/api/v1/bestaat-niet"),
        worker.get("/api/schema/"),
    ]
    assert [a.status_code for a in answers] == [200, 200, 308, 404, 200]
    assert {a["API-Version"] for a in answers} == {settings.KWARTIER_API_VERSION}


def test_no_api_route_ends_in_a_slash(worker, world):
    from kwartier.urls import api_paths, router

    routes = [str(pattern.pattern) for pattern in [*api_paths, *router.urls]]
    slashed = [route for route in routes if route.rstrip("$").endswith("/") and route != "^$"]
    assert not slashed
    assert reverse("api:person-list") == PERSONS


def test_an_old_path_is_redirected_with_method_and_query_kept(world):
    # As a real client: a token and no CSRF token, with Django's CSRF check on.
    worker = APIClient(enforce_csrf_checks=True)
    token = Token.objects.get_or_create(user=world.users["wijkwerker"])[0]
    worker.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = worker.get(PERSONS + "/?gebied=" + world.in_area.household.buurt.code)
    assert response.status_code == 308
    assert response["Location"] == PERSONS + "?gebied=" + world.in_area.household.buurt.code
    assert response["Deprecation"].startswith("@")
    assert response["Sunset"] == SUNSET.strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert response["Link"] == f'<{PERSONS}>; rel="successor-version"'
    created = worker.post(
        PERSONS + "/", {"given_name": "Fatma", "family_name": "Yılmaz"}, format="json", follow=True
    )
    assert created.status_code == 201, created.content
    assert created.redirect_chain == [(PERSONS, 308)]
    assert created.json()["given_name"] == "Fatma"


@pytest.mark.parametrize("path", ["/api/v1/bestaat-niet/", PERSONS + "//", "/api/v1/persons/x/y/"])
def test_an_old_path_that_does_not_exist_is_a_404_at_once(worker, path):
    response = worker.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


def test_web_pages_keep_their_slash(client_for, world):
    response = client_for(world.users["wijkwerker"]).get("/bewoners")
    assert response.status_code == 301 and response["Location"] == "/bewoners/"


def test_query_keys_are_lower_camel_case(worker, world):
    organisation, categories = world.in_area.organisation, [ensure_categories()["boodschappen"]]
    make_helper(organisation, categories, vog_status=Helper.VogStatus.AFGEGEVEN)
    make_helper(organisation, categories, vog_status=Helper.VogStatus.AANGEVRAAGD)
    url = reverse("api:helper-list")
    given = worker.get(url, {"vogStatus": "afgegeven"}).json()["results"]
    assert given and {h["vog_status"] for h in given} == {"afgegeven"}
    assert worker.get(url, {"vogStatus": "onzin"}).status_code == 400
