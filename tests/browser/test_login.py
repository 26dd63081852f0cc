"""Logging in through the real login page."""

import re

import pytest

pytestmark = pytest.mark.browser

HOME_TEXT = {
    "beheerder": "Nieuwe bewoner",
    "coordinator": "Nieuwe bewoner",
    "wijkwerker": "bewoners in uw werkgebied",
    "vrijwilliger": "Fijn dat u zich inzet als vrijwilliger",
    "partner": "Uw organisatie op de sociale kaart",
    "gemeente": "alleen totalen",
}


def log_in(page, username, password):
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def test_wrong_password_shows_a_dutch_error(new_page, world):
    page = new_page()
    log_in(page, "wijkwerker", "niet-het-wachtwoord")
    alert = page.get_by_role("alert")
    assert "Gebruikersnaam of wachtwoord klopt niet" in alert.inner_text()
    assert page.url.endswith("/inloggen/")
    # The username stays filled in, the password does not.
    assert page.get_by_label("Gebruikersnaam").input_value() == "wijkwerker"
    assert page.get_by_label("Wachtwoord").input_value() == ""


@pytest.mark.parametrize("role", list(HOME_TEXT))
def test_login_lands_on_the_home_page_of_the_role(new_page, world, role):
    from tests.factories import PASSWORD

    page = new_page()
    log_in(page, role, PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Goedendag")
    assert HOME_TEXT[role] in page.inner_text("main")
    assert page.problems == []


def test_anonymous_visitor_is_sent_to_login_and_back(new_page, world):
    from tests.factories import PASSWORD

    page = new_page()
    page.goto("/sociale-kaart/")
    assert "/inloggen/?next=/sociale-kaart/" in page.url
    page.get_by_label("Gebruikersnaam").fill("vrijwilliger")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/sociale-kaart/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Sociale kaart"


def test_static_files_are_served(new_page, world):
    page = new_page()
    page.goto("/inloggen/")
    css = page.request.get("/static/kwartier/kwartier.css")
    assert css.status == 200
    assert css.headers["content-type"].startswith("text/css")
    header = page.locator(".site-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(11, 85, 99)"
