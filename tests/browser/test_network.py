"""The ecogram page in a real browser: axe-core finds nothing serious, no sideways page
scroll on a phone, and adding a tie through htmx updates the drawing.

Uses the session's shared Chromium from tests/browser/conftest.py (Playwright's sync
API can run only once per thread).
"""

import pytest
from django.test import Client

from tests.conftest import consent_for
from tests.network.conftest import add_tie  # noqa: F401 (a fixture used below)

pytestmark = pytest.mark.browser

WIDTHS = (375, 1280)


@pytest.fixture
def ecogram_world(world, add_tie):  # noqa: F811
    person = world.in_area
    add_tie(person, "Moeder", note="Belt elke avond")
    add_tie(person, "Broer Kees", strength="belastend", direction="van", functions="P")
    add_tie(person, contact_person=world.in_area_2, group="B", functions="PG")
    add_tie(person, contact_person=world.out_of_area, group="F", strength="neutraal")
    add_tie(person, contact_organisation=world.housing_org, group="Z", direction="naar")
    consent_for(person, world.housing_org, world.users["coordinator"], categories=("netwerk",))
    return world


@pytest.fixture
def sessions(ecogram_world, live_server) -> dict:
    """A session cookie per visitor, for the browser."""
    cookies = {}
    for visitor in ("wijkwerker", "partner"):
        client = Client()
        client.force_login(ecogram_world.users[visitor])
        cookies[visitor] = {
            "name": "sessionid",
            "value": client.cookies["sessionid"].value,
            "url": live_server.url,
        }
    return cookies


def serious_violations(page, axe_source) -> list:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("visitor", ["wijkwerker", "partner"])
def test_ecogram_page_is_accessible_at_phone_and_desktop_width(
    ecogram_world, live_server, sessions, browser, axe_source, visitor
):
    person = ecogram_world.in_area
    cookie = sessions[visitor]
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        context.add_cookies([cookie])
        page = context.new_page()
        for path in ("netwerk/", "netwerk/afdrukken/"):
            response = page.goto(f"{live_server.url}/bewoners/{person.public_id}/{path}")
            assert response.status == 200
            assert serious_violations(page, axe_source) == [], (width, path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"the page scrolls sideways at {width}px ({path})"
        context.close()


def test_adding_a_tie_with_htmx_updates_the_drawing(ecogram_world, live_server, sessions, browser):
    person = ecogram_world.in_area
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([sessions["wijkwerker"]])
    page = context.new_page()
    page.goto(f"{live_server.url}/bewoners/{person.public_id}/netwerk/")
    assert page.is_visible("#id_contact_label") and not page.is_visible("#id_contact_public_id")
    page.select_option("#id_contact_kind", "bewoner")
    assert page.is_visible("#id_contact_public_id") and not page.is_visible("#id_contact_label")
    page.select_option("#id_contact_kind", "naam")
    page.fill("#id_contact_label", "Nicht Sanne")
    page.click("form.tie-form button[type=submit]")
    page.wait_for_selector("#id_group_error")
    assert "Kies een groep." in page.inner_text("#id_group_error")
    page.select_option("#id_group", "F")
    page.select_option("#id_strength", "sterk")
    page.select_option("#id_direction", "naar")
    page.select_option("#id_frequency", "maandelijks")
    page.click("form.tie-form button[type=submit]")
    page.wait_for_selector("#netwerk .alert--success")
    assert "Nicht Sanne" in page.inner_html("#netwerk svg")
    assert page.input_value("#id_contact_label") == ""  # a fresh form for the next one
    context.close()
