"""axe-core on the main pages, on a phone (375 px) and a laptop (1280 px).

A violation with impact "serious" or "critical" fails the test. Every page is also
saved as a screenshot in var/screenshots/ (with axe's full findings next to it as
JSON), so anyone can look at the pages without starting Kwartier.
"""

import json

import pytest

pytestmark = pytest.mark.browser

WIDTHS = [375, 1280]
BLOCKING = {"serious", "critical"}


def _url(name, world):
    urls = {
        "login": "/inloggen/",
        "person-list": "/bewoners/",
        "person-detail": world.in_area.get_absolute_url(),
        "person-form": "/bewoners/nieuw/",
        "person-form-errors": "/bewoners/nieuw/",
        "household-list": "/huishoudens/",
        "household-detail": world.in_area.household.get_absolute_url(),
        "organisation-list": "/organisaties/",
        "organisation-detail": world.welfare_org.get_absolute_url(),
        "activity-list": "/sociale-kaart/",
        "activity-detail": world.welfare_activity.get_absolute_url(),
        "areas": "/gebieden/",
    }
    return urls.get(name, "/")


# page name → who looks at it (None: not logged in)
PAGES = {
    "login": None,
    "home-beheerder": "beheerder",
    "home-coordinator": "coordinator",
    "home-wijkwerker": "wijkwerker",
    "home-vrijwilliger": "vrijwilliger",
    "home-partner": "partner",
    "home-gemeente": "gemeente",
    "person-list": "wijkwerker",
    "person-detail": "wijkwerker",
    "person-form": "wijkwerker",
    "person-form-errors": "wijkwerker",
    "household-list": "wijkwerker",
    "household-detail": "wijkwerker",
    "organisation-list": "coordinator",
    "organisation-detail": "coordinator",
    "activity-list": "vrijwilliger",
    "activity-detail": "vrijwilliger",
    "areas": "gemeente",
}


def describe(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", " / ")
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_accessibility_violations(
    name, world, new_page, axe_source, screenshots
):
    role = PAGES[name]
    user = world.users[role] if role else None
    failures = []
    page = new_page(user, width=WIDTHS[0])
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(_url(name, world))
        assert response.status == 200, f"{name}: {response.status}"
        if name == "person-form-errors":
            page.get_by_role("button", name="Opslaan").click()
            page.get_by_role("alert").wait_for()
        page.screenshot(path=screenshots / f"{name}-{width}.png", full_page=True)

        page.evaluate(axe_source)
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        (screenshots / f"{name}-{width}.axe.json").write_text(
            json.dumps(violations, indent=2, ensure_ascii=False)
        )
        blocking = [v for v in violations if v["impact"] in BLOCKING]
        if blocking:
            failures.append(f"--- {name} at {width} px:\n{describe(blocking)}")
        if page.problems:
            problems = "\n".join(page.problems)
            failures.append(f"--- {name} at {width} px, browser console:\n{problems}")
            page.problems.clear()
    assert not failures, "\n".join(failures)


def test_no_horizontal_scrolling_on_a_phone(world, new_page):
    """At 375 px the page body fits the screen: tables and forms wrap or scroll inside."""
    too_wide = []
    page = new_page(world.users["coordinator"], width=375)
    for name in ("person-list", "household-list", "person-form", "areas", "organisation-list"):
        page.goto(_url(name, world))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            too_wide.append(f"{name}: {overflow} px too wide")
    assert not too_wide, "\n".join(too_wide)
