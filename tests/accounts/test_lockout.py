"""Lockout after failed logins (django-axes): 5 wrong passwords per username and IP address."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

LOGIN = reverse("login")


@pytest.fixture
def sanne(welfare_org):
    return UserFactory(username="sanne", role="gemeente", organisation=welfare_org)


def attempt(client, username, password, ip="192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client, username, times, ip="192.0.2.10"):
    return [attempt(client, username, "verkeerd-wachtwoord", ip) for _ in range(times)][-1]


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_each_test_starts_without_recorded_attempts(db):
    assert not AccessAttempt.objects.exists()


def test_four_wrong_passwords_still_show_the_login_form(sanne):
    client = Client()
    response = fail(client, "sanne", 4)
    assert response.status_code == 200
    assert "Gebruikersnaam of wachtwoord klopt niet" in response.content.decode()
    response = attempt(client, "sanne", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_the_fifth_wrong_password_locks_with_a_dutch_page(sanne):
    response = fail(Client(), "sanne", 5)
    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Inloggen tijdelijk geblokkeerd</h1>" in html
    assert "5 keer een verkeerd wachtwoord" in html
    assert "de komende 15 minuten" in html
    assert 'lang="nl"' in html and 'href="/inloggen/"' in html


def test_the_right_password_is_refused_while_locked(sanne):
    client = Client()
    fail(client, "sanne", 5)
    response = attempt(client, "sanne", PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)


def test_the_lock_ends_after_the_cool_off(sanne):
    client = Client()
    fail(client, "sanne", 5)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    assert attempt(client, "sanne", PASSWORD).status_code == 302
    assert logged_in(client)


def test_the_lock_is_per_username_and_address(sanne, welfare_org):
    UserFactory(username="kees", role="gemeente", organisation=welfare_org)
    fail(Client(), "sanne", 5)
    # The same person from another address, another person from the same address.
    assert attempt(Client(), "sanne", PASSWORD, ip="198.51.100.7").status_code == 302
    assert attempt(Client(), "kees", PASSWORD).status_code == 302


def test_a_successful_login_clears_the_count(sanne):
    client = Client()
    fail(client, "sanne", 4)
    attempt(client, "sanne", PASSWORD)
    client.logout()
    assert fail(Client(), "sanne", 4).status_code == 200


def test_the_admin_login_is_guarded_as_well(sanne):
    client = Client()
    for _ in range(5):
        response = client.post(
            "/beheer/login/",
            {"username": "sanne", "password": "verkeerd-wachtwoord"},
            REMOTE_ADDR="192.0.2.10",
        )
    assert response.status_code == 429


def test_the_test_clients_login_and_force_login_still_work(sanne):
    client = Client()
    assert client.login(username="sanne", password=PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    assert not client.login(username="sanne", password="verkeerd-wachtwoord")

    forced = Client()
    forced.force_login(sanne)
    assert forced.get(reverse("home")).status_code == 200


def test_passwords_need_ten_characters():
    with pytest.raises(ValidationError) as error:
        validate_password("Kw4rt!er9")
    assert (
        "Dit wachtwoord is te kort. Het moet minstens 10 tekens bevatten." in error.value.messages
    )
    validate_password("Kw4rt!er90")
