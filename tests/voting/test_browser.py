"""The portal and the workers' voting pages in Chromium at 375 and 1280 px: a resident
votes with the keyboard only (tab to the choices, space to select, enter to submit),
axe-core finds nothing serious on any page, nothing is wider than the screen, no script
errors. Screenshots go to var/screenshots/voting-*.png.

Playwright runs in a child process, as in tests/browser/page_check.py (the sync API
cannot start while tests/browser keeps a browser open in this process).
"""

import json
import subprocess
import sys

import pytest
from django.urls import reverse

from kwartier.voting.ballots import cast
from tests.browser.conftest import AXE, CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, require
from tests.browser.page_check import session_of
from tests.factories import HouseholdFactory, PersonFactory
from tests.voting.world import add_initiatives, voting_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT = """
import json, sys
from playwright.sync_api import sync_playwright

job = json.loads(sys.stdin.read())
axe = open(job["axe"]).read()
out = {"pages": [], "flows": []}


def scan(page, name, width, problems):
    page.screenshot(path=f"{job['shots']}/voting-{name}-{width}.png", full_page=True)
    page.evaluate(axe)
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target)}))"
    )
    wider = page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    out["pages"].append({"name": name, "width": width, "violations": violations,
                         "wider": wider, "problems": list(problems)})


def tab_to(page, selector, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return True
    return False


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=job["chromium"], args=job["args"])
    for flow in job["flows"]:
        width = flow["width"]
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
        page = context.new_page()
        problems = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        steps = []
        page.goto(job["base"] + flow["start"])
        scan(page, "portal-start", width, problems)
        steps.append(tab_to(page, "#id_code"))
        page.keyboard.type(flow["code"])
        with page.expect_navigation():
            page.keyboard.press("Enter")
        steps.append("stembiljet" in page.url)
        scan(page, "portal-ballot", width, problems)
        steps.append(tab_to(page, "#id_keuze_0"))
        page.keyboard.press("Space")
        steps.append(page.is_checked("#id_keuze_0"))
        total = page.text_content("[data-total]")
        steps.append(tab_to(page, "button[type=submit]"))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        scan(page, "portal-confirm", width, problems)
        steps.append(tab_to(page, "button[name=versturen]"))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        receipt = page.text_content(".receipt")
        scan(page, "portal-thanks", width, problems)
        page.goto(job["base"] + flow["check"] + "?bon=" + receipt)
        counted = "telt mee" in page.text_content("main")
        scan(page, "portal-check", width, problems)
        out["flows"].append({"width": width, "steps": steps, "total": total,
                             "receipt": receipt, "counted": counted})
        context.close()
    for item in job["pages"]:
        context = browser.new_context(
            viewport={"width": item["width"], "height": 900}, locale="nl-NL"
        )
        if item["session"]:
            context.add_cookies(
                [{"name": "sessionid", "value": item["session"], "url": job["base"]}]
            )
        page = context.new_page()
        problems = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.goto(job["base"] + item["url"])
        if item.get("submit"):
            with page.expect_navigation():
                page.click(item["submit"])
        scan(page, item["name"], item["width"], problems)
        if item.get("print"):
            page.emulate_media(media="print")
            page.screenshot(
                path=f"{job['shots']}/voting-{item['name']}-print-{item['width']}.png",
                full_page=True,
            )
        context.close()
    browser.close()
print(json.dumps(out))
"""


def worker_pages(world, v):
    r = v.round.pk
    return {
        "rounds": ("coordinator", reverse("voting:rounds"), {}),
        "round": ("coordinator", reverse("voting:round", args=[r]), {}),
        "round-closed": ("coordinator", reverse("voting:round", args=[v.closed.pk]), {}),
        "codes": ("coordinator", reverse("voting:codes", args=[r]), {}),
        "letters": (
            "coordinator",
            reverse("voting:codes", args=[r]),
            {"submit": "main form[method=post] button[type=submit]", "print": True},
        ),
        "register": (
            "wijkwerker",
            reverse("voting:register", args=[r]) + f"?q={world.in_area.family_name}",
            {},
        ),
        "polling": ("wijkwerker", reverse("voting:polling", args=[r]), {}),
        "paper": ("wijkwerker", reverse("voting:paper", args=[r]), {}),
        "differences": ("coordinator", reverse("voting:differences", args=[r]), {}),
        "resolve": ("coordinator", reverse("voting:resolve", args=[r, v.sheet.pk]), {}),
        "portal-index": (None, reverse("voting:portal-index"), {}),
        "portal-home": (None, reverse("portal-home"), {}),
        "portal-results": (None, reverse("voting:portal-results", args=[v.closed.pk]), {}),
    }


def test_voting_in_the_browser_with_the_keyboard(world, live_server):
    require(CHROMIUM.exists(), f"{CHROMIUM} ontbreekt: apt-get install chromium")
    require(AXE.exists(), "axe-core ontbreekt: `make test` installeert het")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    v = voting_world(world)
    decided = add_initiatives(v.closed)  # the closed round's results page, with a winner
    for choices in ([0], [0, 1], [1], [2]):
        cast(v.closed, {decided[i].pk: 1 for i in choices}, "import")
    household = HouseholdFactory(organisation=world.welfare_org, buurt=world.areas.buurt_2)
    PersonFactory(organisation=world.welfare_org, household=household)  # gets a letter
    sessions = {}
    pages = []
    for name, (visitor, url, extra) in worker_pages(world, v).items():
        if visitor and visitor not in sessions:
            sessions[visitor] = session_of(world.users[visitor])
        for width in (375, 1280):
            if name == "letters" and width == 375:
                continue  # a POST makes the codes: once is enough
            session = sessions.get(visitor)
            pages.append({"name": name, "url": url, "width": width, "session": session, **extra})
    flows = [
        {
            "width": width,
            "code": code,
            "start": reverse("voting:portal-start", args=[v.round.pk]),
            "check": reverse("voting:portal-check", args=[v.round.pk]),
        }
        for width, code in ((375, v.code_in_area), (1280, v.code_in_area_2))
    ]
    job = {
        "base": live_server.url,
        "axe": str(AXE),
        "chromium": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
        "shots": str(SCREENSHOTS),
        "flows": flows,
        "pages": pages,
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    failures = []
    for flow in result["flows"]:
        if not all(flow["steps"]):
            failures.append(f"keyboard flow at {flow['width']} px: steps {flow['steps']}")
        if not flow["counted"] or not flow["receipt"].startswith("BB-"):
            failures.append(f"receipt at {flow['width']} px: {flow}")
        if "Gekozen: 1 van hoogstens 2" not in (flow["total"] or ""):
            failures.append(f"running total at {flow['width']} px: {flow['total']!r}")
    for page in result["pages"]:
        label = f"{page['name']} at {page['width']} px"
        blocking = [x for x in page["violations"] if x["impact"] in ("serious", "critical")]
        if blocking:
            failures.append(f"{label}: {json.dumps(blocking)}")
        if page["wider"]:
            failures.append(f"{label}: wider than the screen")
        if page["problems"]:
            failures.append(f"{label}: {page['problems']}")
    assert not failures, "\n".join(failures)
