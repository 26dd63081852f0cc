"""A resident reports a signal on a phone (375 px) with the keyboard only, then follows it
with the private link; axe-core finds nothing serious or critical on any page of the way.

Every page is also saved at 375 and 1280 px in var/screenshots/ (signals-portal-*.png).
Uses the session's shared Chromium from tests/browser/conftest.py.
"""

import pytest

from kwartier.signals.models import RoutingRule, Signal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}


def tab_to(page, selector: str, presses: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with the Tab key")


def check(page, axe_source, screenshots, name: str) -> list[str]:
    """axe-core at 375 px; screenshots at 375 and 1280 px; the width back to 375."""
    problems = []
    page.evaluate(axe_source)
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    for violation in violations:
        if violation["impact"] in BLOCKING:
            targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
            problems.append(f"{name}: [{violation['impact']}] {violation['id']} {targets}")
    if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
        problems.append(f"{name}: wider than the phone")
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=screenshots / f"signals-portal-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    # A form with errors answers 400 on purpose; Chromium logs that as a console error.
    problems += [f"{name}: {p}" for p in page.problems if "status of 400" not in p]
    page.problems.clear()
    return problems


def test_a_resident_reports_with_the_keyboard_on_a_phone(world, new_page, axe_source, screenshots):
    RoutingRule.objects.create(organisation=world.welfare_org)
    page = new_page(None, width=375, height=800)
    problems = []

    page.goto("/buurt/")
    problems += check(page, axe_source, screenshots, "start")
    tab_to(page, "a[href='/buurt/melden/']")
    page.keyboard.press("Enter")

    # Step 1: wat. A wrong try first (no description), to check the page with errors.
    page.wait_for_url("**/buurt/melden/")
    tab_to(page, "select[name=category]")
    page.keyboard.type("Straat")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.get_by_role("alert").wait_for()
    problems += check(page, axe_source, screenshots, "wat-fout")
    assert page.evaluate("document.activeElement.name") != "website"
    tab_to(page, "textarea[name=description]")
    page.keyboard.type("De lantaarnpaal voor de bakkerij brandt al een week niet.")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    # Step 2: waar.
    page.wait_for_url("**/buurt/melden/waar/")
    problems += check(page, axe_source, screenshots, "waar")
    tab_to(page, "select[name=area]")
    page.keyboard.type("Oude Haven")
    tab_to(page, "input[name=address]")
    page.keyboard.type("Havenstraat 4")
    page.keyboard.press("Enter")

    # Step 3: contact, with consent.
    page.wait_for_url("**/buurt/melden/contact/")
    problems += check(page, axe_source, screenshots, "contact")
    tab_to(page, "input[name=email]")
    page.keyboard.type("bewoner@example.org")
    tab_to(page, "input[name=consent]")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    # Step 4: check and send.
    page.wait_for_url("**/buurt/melden/versturen/")
    problems += check(page, axe_source, screenshots, "versturen")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url("**/buurt/melden/verstuurd/")
    signal = Signal.objects.get()
    assert page.get_by_text(signal.number, exact=True).is_visible()
    assert signal.area == world.areas.buurt and signal.reporter_email == "bewoner@example.org"
    status_url = page.locator(".signals-link a").get_attribute("href")
    problems += check(page, axe_source, screenshots, "verstuurd")

    page.goto(status_url)
    assert page.get_by_role("heading", name=f"Melding {signal.number}").is_visible()
    problems += check(page, axe_source, screenshots, "status")

    page.goto("/buurt/meldingen/")
    assert page.get_by_text(signal.number).is_visible()
    assert page.get_by_text("Havenstraat 4").count() == 0  # the street only
    problems += check(page, axe_source, screenshots, "lijst")
    assert not problems, "\n".join(problems)
