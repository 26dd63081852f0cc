"""The referral form and the queue in Chromium at 375 and 1280 px: a GP practice refers,
a worker accepts; axe-core finds nothing serious, the pages fit a phone, no script
errors. Screenshots go to var/screenshots/referrals-*.png.
"""

import pytest
from django.urls import reverse

from kwartier.referrals.models import Referral
from tests.browser.conftest import axe_source, browser, new_page, screenshots  # noqa: F401
from tests.browser.test_accessibility import BLOCKING, describe
from tests.referrals.helpers import make_referral, method

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = [375, 1280]


def check(page, name, width, axe, shots) -> list[str]:
    """Screenshot, axe-core and width of the page shown now; the problems found."""
    page.screenshot(path=shots / f"referrals-{name}-{width}.png", full_page=True)
    page.evaluate(axe)
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    problems = []
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    if blocking:
        problems.append(f"--- {name} at {width} px:\n{describe(blocking)}")
    if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
        problems.append(f"--- {name} at {width} px: wider than the screen")
    if page.problems:
        problems.append(f"--- {name} at {width} px: {page.problems}")
        page.problems.clear()
    return problems


def test_refer_and_accept_in_the_browser(world, gp, new_page, axe_source, screenshots):  # noqa: F811
    method()  # the shipped methods, loaded again after the previous test emptied the tables
    make_referral(gp, world.welfare_org, family_name="Wachtend")
    failures = []
    for width in WIDTHS:
        page = new_page(gp, width=width)
        page.goto(reverse("referral-create"))
        page.get_by_role("button", name="Verwijzing versturen").click()
        page.get_by_role("alert").first.wait_for()
        failures += check(page, "form-errors", width, axe_source, screenshots)
        page.get_by_label("Naar organisatie").select_option(label="Welzijn Testveen")
        page.get_by_label("Voornaam").fill("Truus")
        page.get_by_label("Achternaam").fill(f"de Wit {width}")
        page.get_by_label("Geboortejaar").fill("1952")
        page.get_by_label("Telefoon").fill("06-12340000")
        page.get_by_label("Reden of vraag (vrije tekst)").fill("Eenzaam sinds de verhuizing.")
        page.get_by_label("Mondeling").check()
        page.get_by_label("De bewoner weet van deze verwijzing").check()
        failures += check(page, "form", width, axe_source, screenshots)
        page.get_by_role("button", name="Verwijzing versturen").click()
        page.get_by_role("heading", level=1, name="Verwijzing").wait_for()
        failures += check(page, "sent", width, axe_source, screenshots)
    assert Referral.objects.filter(family_name__startswith="de Wit").count() == 2

    for width in WIDTHS:
        page = new_page(world.users["wijkwerker"], width=width)
        page.goto(reverse("referral-list"))
        failures += check(page, "queue", width, axe_source, screenshots)
        page.goto(reverse("referral-overview") + "?periode=2025")
        failures += check(page, "overview", width, axe_source, screenshots)

    page = new_page(world.users["wijkwerker"], width=375)
    page.goto(reverse("referral-list"))
    page.get_by_role("link", name="de Wit 375").click()
    page.get_by_role("link", name="Accepteren").click()
    failures += check(page, "accept", 375, axe_source, screenshots)
    page.get_by_role("button", name="Accepteren en traject starten").click()
    page.get_by_text("Verwijzing geaccepteerd").wait_for()
    failures += check(page, "accepted", 375, axe_source, screenshots)
    assert not failures, "\n".join(failures)
    assert Referral.objects.get(family_name="de Wit 375").status == "geaccepteerd"
