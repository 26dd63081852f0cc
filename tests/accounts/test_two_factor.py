"""Two-factor login: who must use it, setting it up, verifying, the demo exemption, the API.

The personas in tests/conftest.py carry the demo usernames, and the suite runs with
KWARTIER_DEMO_2FA_EXEMPT on, so these tests use other usernames (or switch it off).
"""

import os
import re
import subprocess
import sys
from base64 import b32encode
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib import admin
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tests.problems import problem

VERIFY = reverse("accounts:verify")
SETUP = reverse("accounts:setup")
HOME = reverse("home")
PERSONS = reverse("person-list")
DEMO_NAMES = ["beheerder", "coordinator", "wijkwerker", "vrijwilliger", "partner", "gemeente"]


def code_for(device, drift=0) -> str:
    """The code the user's authenticator app shows (drift in 30-second steps)."""
    device.refresh_from_db()
    return (
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + drift):06d}"
    )


def wrong_code(device) -> str:
    """Six digits the device does not accept now (not one of the codes around now)."""
    accepted = {code_for(device, drift) for drift in range(-2, 3)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in accepted)


def read_setting(name, var_dir, **env) -> str:
    """A setting as a fresh process reads it from this environment (str of the value)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KWARTIER_", "SESSION_"))}
    clean.update(KWARTIER_VAR_DIR=str(var_dir), SECRET_KEY="test", **env)
    result = subprocess.run(
        [sys.executable, "-c", f"import kwartier.settings as s; print(s.{name})"],
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def path_and_next(response):
    parts = urlsplit(response["Location"])
    return parts.path, parse_qs(parts.query).get("next", [None])[0]


@pytest.fixture
def signed_in(_shared_handlers):
    """signed_in(user) → a client past the password but not (yet) past the second step.

    Deliberately not the suite's client_for: these tests need the bare password login.
    """

    def make(user, api=False):
        client = APIClient() if api else Client()
        client.handler = _shared_handlers["api" if api else "web"]
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def sanne(welfare_org, areas):
    """A wijkwerker with a name outside the demo accounts."""
    return UserFactory(
        username="sanne", role="wijkwerker", organisation=welfare_org, areas=[areas.wijk]
    )


@pytest.fixture
def annelies(municipality_org):
    """A gemeente user with a name outside the demo accounts."""
    return UserFactory(username="annelies", role="gemeente", organisation=municipality_org)


@pytest.fixture
def device_for():
    def make(user, confirmed=True):
        return TOTPDevice.objects.create(user=user, name="Telefoon", confirmed=confirmed)

    return make


def verified_client(signed_in, user, device):
    client = signed_in(user)
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 302, response.content
    return client


# Who is sent where -------------------------------------------------------------------


def test_worker_without_an_app_is_sent_to_set_up_and_keeps_the_page_asked_for(signed_in, sanne):
    response = signed_in(sanne).get(PERSONS + "?q=Jansen")
    assert response.status_code == 302
    assert path_and_next(response) == (SETUP, PERSONS + "?q=Jansen")


def test_worker_with_an_app_is_sent_to_verify(signed_in, sanne, device_for):
    device_for(sanne)
    response = signed_in(sanne).get(HOME)
    assert path_and_next(response) == (VERIFY, HOME)


@pytest.mark.parametrize("role", ["beheerder", "coordinator", "vrijwilliger", "partner"])
def test_every_role_that_sees_residents_must_use_it(signed_in, welfare_org, role):
    user = UserFactory(username=f"test-{role}", role=role, organisation=welfare_org)
    assert path_and_next(signed_in(user).get(HOME))[0] == SETUP


def test_access_to_beheer_needs_it_whatever_the_role(signed_in, municipality_org):
    staff = UserFactory(
        username="ict", role="gemeente", organisation=municipality_org, is_staff=True
    )
    assert path_and_next(signed_in(staff).get("/beheer/"))[0] == SETUP


def test_gemeente_is_not_forced(signed_in, annelies):
    client = signed_in(annelies)
    assert client.get(HOME).status_code == 200
    assert client.get("/api/v1/areas").status_code == 200


def test_gemeente_may_set_it_up_and_is_then_asked_for_a_code(signed_in, annelies):
    client = signed_in(annelies)
    response = client.get(SETUP)
    assert response.status_code == 200
    assert "niet verplicht" in response.content.decode()
    device = TOTPDevice.objects.get(user=annelies)
    assert client.post(SETUP, {"code": code_for(device)}).status_code == 302
    assert client.get(HOME).status_code == 200

    assert path_and_next(signed_in(annelies).get(HOME))[0] == VERIFY


def test_anonymous_visitors_go_to_the_login_page_not_to_two_factor(signed_in):
    for url in (SETUP, VERIFY, HOME):
        response = signed_in(None).get(url)
        assert urlsplit(response["Location"]).path == reverse("login")


def test_logout_static_files_and_api_docs_stay_open(signed_in, sanne):
    client = signed_in(sanne)
    assert client.get(reverse("api-docs")).status_code == 200
    assert client.get(reverse("api-schema")).status_code == 200
    assert client.get("/static/kwartier/kwartier.css").status_code == 200
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_an_htmx_request_gets_a_full_page_redirect(signed_in, sanne):
    response = signed_in(sanne).get(PERSONS, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert urlsplit(response["HX-Redirect"]).path == SETUP


# Setting up --------------------------------------------------------------------------


def test_setup_shows_a_qr_code_and_the_key_to_type_over(signed_in, sanne):
    response = signed_in(sanne).get(SETUP + "?next=" + PERSONS)
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=sanne)
    assert not device.confirmed

    svg = re.search(r"<svg[^>]*>", html).group(0)
    assert 'role="img"' in svg and "aria-label=" in svg and "viewBox" in svg
    assert "<path" in html  # the QR code itself, drawn on the server
    assert "<img" not in html and "<script>" not in html
    secret = b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, 32, 4)) in html
    assert f'name="next" value="{PERSONS}"' in html
    assert "QR-code" in html and "authenticator-app" in html


def test_setup_page_keeps_the_same_key_when_reloaded(signed_in, sanne):
    client = signed_in(sanne)
    client.get(SETUP)
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=sanne).count() == 1


def test_setup_with_a_valid_code_confirms_and_opens_the_pages(signed_in, sanne):
    client = signed_in(sanne)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=sanne)

    response = client.post(SETUP, {"code": code_for(device), "next": PERSONS})

    assert response.status_code == 302
    assert response["Location"] == PERSONS
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(PERSONS).status_code == 200
    assert client.get(HOME).status_code == 200
    assert client.get("/api/v1/persons").status_code == 200


def test_a_code_typed_with_a_space_is_accepted(signed_in, sanne):
    client = signed_in(sanne)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=sanne)
    code = code_for(device)
    assert client.post(SETUP, {"code": f"{code[:3]} {code[3:]}"}).status_code == 302


def test_setup_with_a_wrong_code_says_so_in_dutch_next_to_the_field(signed_in, sanne, field_block):
    client = signed_in(sanne)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=sanne)

    response = client.post(SETUP, {"code": wrong_code(device)})

    assert response.status_code == 200
    block = field_block(response.content, "id_code")
    assert block.invalid
    assert block.errors == [
        "Deze code klopt niet. Vul de nieuwste code uit de app in en controleer of de "
        "tijd op uw telefoon goed staat."
    ]
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(HOME).status_code == 302


@pytest.mark.parametrize(
    "code, error",
    [
        ("", "Vul de code van 6 cijfers uit de app in."),
        ("12ab56", "Een code bestaat uit 6 cijfers, zoals 123456."),
        ("1234567", "Een code bestaat uit 6 cijfers, zoals 123456."),
    ],
)
def test_setup_explains_a_malformed_code(signed_in, sanne, field_block, code, error):
    client = signed_in(sanne)
    client.get(SETUP)
    response = client.post(SETUP, {"code": code})
    assert field_block(response.content, "id_code").errors == [error]


def test_no_second_app_on_a_password_alone(signed_in, sanne, device_for):
    device_for(sanne)
    response = signed_in(sanne).get(SETUP)
    assert path_and_next(response)[0] == VERIFY
    assert TOTPDevice.objects.filter(user=sanne).count() == 1


# Verifying ---------------------------------------------------------------------------


def test_verify_with_a_valid_code_opens_the_pages(signed_in, sanne, device_for):
    device = device_for(sanne)
    client = signed_in(sanne)
    page = client.get(VERIFY + "?next=" + PERSONS)
    assert page.status_code == 200
    assert "Tweestapsverificatie" in page.content.decode()
    session_key = client.session.session_key

    response = client.post(VERIFY, {"code": code_for(device), "next": PERSONS})

    assert response["Location"] == PERSONS
    assert client.session.session_key != session_key  # a new session after the step
    assert client.get(PERSONS).status_code == 200
    assert client.get(reverse("person-create")).status_code == 200
    assert client.get(VERIFY)["Location"] == HOME  # nothing left to verify


def test_verify_with_a_wrong_code_gives_a_dutch_error_then_a_pause(
    signed_in, sanne, device_for, field_block
):
    device = device_for(sanne)
    client = signed_in(sanne)

    with override_settings(OTP_TOTP_THROTTLE_FACTOR=60):  # a 60-second pause, not 1
        first = client.post(VERIFY, {"code": wrong_code(device)})
        second = client.post(VERIFY, {"code": code_for(device)})

    assert field_block(first.content, "id_code").errors[0].startswith("Deze code klopt niet.")

    # django-otp's throttle: a second try within the pause is refused, even a valid one.
    assert (
        field_block(second.content, "id_code")
        .errors[0]
        .startswith("Te veel onjuiste codes achter elkaar. Wacht")
    )
    assert client.get(HOME).status_code == 302


def test_a_code_is_accepted_only_once(signed_in, sanne, device_for):
    device = device_for(sanne)
    code = code_for(device)
    assert signed_in(sanne).post(VERIFY, {"code": code}).status_code == 302
    assert signed_in(sanne).post(VERIFY, {"code": code}).status_code == 200


def test_verify_never_sends_the_user_to_another_site(signed_in, sanne, device_for):
    device = device_for(sanne)
    response = signed_in(sanne).post(
        VERIFY, {"code": code_for(device), "next": "https://kwaadwillend.example/"}
    )
    assert response["Location"] == HOME


def test_verify_without_an_app_goes_to_setup(signed_in, sanne):
    response = signed_in(sanne).get(VERIFY + "?next=" + PERSONS)
    assert path_and_next(response) == (SETUP, PERSONS)


def test_the_second_step_holds_for_this_session_only(signed_in, sanne, device_for):
    device = device_for(sanne)
    verified_client(signed_in, sanne, device)
    assert signed_in(sanne).get(HOME).status_code == 302


# Reset by a beheerder ----------------------------------------------------------------


def test_beheerder_resets_a_users_two_factor_in_beheer(signed_in, welfare_org, sanne, device_for):
    assert admin.site.is_registered(TOTPDevice)
    marloes = UserFactory(
        username="marloes",
        role="beheerder",
        organisation=welfare_org,
        is_staff=True,
        is_superuser=True,
    )
    beheer = verified_client(signed_in, marloes, device_for(marloes))
    lost_phone = device_for(sanne)

    listing = beheer.get("/beheer/otp_totp/totpdevice/")
    assert listing.status_code == 200
    assert "sanne" in listing.content.decode()
    delete_url = f"/beheer/otp_totp/totpdevice/{lost_phone.pk}/delete/"
    assert beheer.post(delete_url, {"post": "yes"}).status_code == 302

    assert not TOTPDevice.objects.filter(user=sanne).exists()
    assert path_and_next(signed_in(sanne).get(HOME))[0] == SETUP


def test_beheer_does_not_show_the_key(signed_in, welfare_org, sanne, device_for):
    marloes = UserFactory(
        username="marloes",
        role="beheerder",
        organisation=welfare_org,
        is_staff=True,
        is_superuser=True,
    )
    beheer = verified_client(signed_in, marloes, device_for(marloes))
    device = device_for(sanne)
    page = beheer.get(f"/beheer/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in page


# The demo exemption ------------------------------------------------------------------


@pytest.mark.parametrize("name", DEMO_NAMES)
def test_demo_accounts_skip_it_with_the_setting_on(signed_in, personas, name):
    with override_settings(KWARTIER_DEMO_2FA_EXEMPT=True):
        assert signed_in(personas[name]).get(HOME).status_code == 200


@pytest.mark.parametrize("name", [n for n in DEMO_NAMES if n != "gemeente"])
def test_demo_accounts_need_it_with_the_setting_off(signed_in, personas, name):
    with override_settings(KWARTIER_DEMO_2FA_EXEMPT=False):
        assert path_and_next(signed_in(personas[name]).get(HOME))[0] == SETUP


@pytest.mark.parametrize("name", ["Wijkwerker", "wijkwerker2", "demo", "sanne"])
def test_the_exemption_covers_only_the_demo_names(signed_in, welfare_org, name):
    user = UserFactory(username=name, role="wijkwerker", organisation=welfare_org)
    with override_settings(KWARTIER_DEMO_2FA_EXEMPT=True):
        assert path_and_next(signed_in(user).get(HOME))[0] == SETUP


def test_the_exemption_is_off_by_default_and_read_from_the_environment(tmp_path):
    def setting(**env):
        return read_setting("KWARTIER_DEMO_2FA_EXEMPT", tmp_path, **env)

    assert setting() == "False"
    assert setting(KWARTIER_DEMO_2FA_EXEMPT="true") == "True"


# The API -----------------------------------------------------------------------------


def test_api_with_the_session_of_an_unverified_user_is_refused_in_dutch(signed_in, sanne):
    response = signed_in(sanne, api=True).get("/api/v1/persons")
    assert response.status_code == 403
    body = problem(response)
    assert body["type"] == "urn:kwartier:problem:second-factor-required"
    assert body["detail"].startswith("Tweestapsverificatie vereist.")


def test_api_with_a_token_is_decided_by_drf(api_client_for, sanne):
    assert api_client_for(sanne, token=True).get("/api/v1/persons").status_code == 200


def test_api_with_a_verified_session_works(signed_in, sanne, device_for):
    client = verified_client(signed_in, sanne, device_for(sanne))
    assert client.get("/api/v1/persons").status_code == 200
