"""Security headers on every page, the CSP exception for Swagger UI, cookies and the session."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

PAGES = ["login", "home", "person-list"]


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in header.split(";")
        if part.strip()
    }


@pytest.fixture
def page(client_for, world):
    """page(name) → the response of that page for the (demo-exempt) coordinator."""

    def get(name):
        client = client_for(None if name == "login" else world.users["coordinator"])
        response = client.get(reverse(name))
        assert response.status_code == 200
        return response

    return get


@pytest.mark.parametrize("name", PAGES)
def test_content_security_policy_allows_only_own_files(page, name):
    policy = directives(page(name))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert "unsafe" not in page(name)["Content-Security-Policy"]


@pytest.mark.parametrize("name", PAGES)
def test_the_other_security_headers(page, name):
    response = page(name)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def test_the_pages_have_no_inline_script_or_style(page):
    for name in PAGES:
        html = page(name).content.decode()
        assert "<script>" not in html and "<style" not in html and " style=" not in html


def test_api_docs_still_render_with_their_inline_script(client_for):
    response = client_for(None).get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="swagger-ui"' in html
    assert "SwaggerUIBundle" in html  # the inline start script
    policy = directives(response)
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'self'"
    assert response["X-Frame-Options"] == "DENY"


def test_the_api_schema_keeps_the_strict_policy(client_for):
    response = client_for(None).get(reverse("api-schema"))
    assert "unsafe" not in response["Content-Security-Policy"]


def test_error_pages_carry_the_headers_too(client_for):
    response = client_for(None).get("/bestaat-niet/")
    assert response.status_code == 404
    assert directives(response)["default-src"] == "'self'"
    assert response["X-Content-Type-Options"] == "nosniff"


# Cookies and the session -------------------------------------------------------------


def test_the_session_cookie_is_lax_httponly_and_ends_with_the_browser(client_for, world):
    client = Client()
    client.post(
        reverse("login"),
        {"username": world.users["coordinator"].username, "password": PASSWORD},
    )
    cookie = client.cookies["sessionid"]
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    assert not cookie["expires"] and not cookie["max-age"]


def test_the_session_ends_after_30_idle_minutes_and_each_request_extends_it(client_for, world):
    client = client_for(world.users["coordinator"])
    assert client.session.get_expiry_age() == 30 * 60
    sessions = Session.objects.filter(session_key=client.session.session_key)
    sessions.update(expire_date=timezone.now() + timedelta(minutes=1))  # nearly idle too long

    assert client.get(reverse("home")).status_code == 200

    remaining = sessions.get().expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)


def read_settings(tmp_path, *names, **env) -> list[str]:
    """Settings as a fresh process reads them from this environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SESSION_", "SECURE_"))}
    clean.update(KWARTIER_VAR_DIR=str(tmp_path), SECRET_KEY="test", **env)
    code = "import kwartier.settings as s; " + "; ".join(f"print(s.{n})" for n in names)
    result = subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_idle_minutes_come_from_the_environment(tmp_path):
    assert read_settings(tmp_path, "SESSION_COOKIE_AGE") == ["1800"]
    assert read_settings(tmp_path, "SESSION_COOKIE_AGE", SESSION_IDLE_MINUTES="45") == ["2700"]
    with pytest.raises(AssertionError, match="SESSION_IDLE_MINUTES must be 1 or more"):
        read_settings(tmp_path, "SESSION_COOKIE_AGE", SESSION_IDLE_MINUTES="0")


def test_hsts_only_with_secure_cookies(tmp_path):
    names = ("SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")
    assert read_settings(tmp_path, *names) == ["0", "False", "False"]
    assert read_settings(tmp_path, *names, SECURE_COOKIES="true") == ["31536000", "True", "True"]
