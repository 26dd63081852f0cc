"""The methods pages in Chromium at 375 and 1280 px: axe-core finds nothing serious, the
page fits the width, no script errors. Screenshots go to var/screenshots/methods-*.png.

Playwright runs in a child process, as in tests/support/test_browser.py: its sync API
cannot start while another test module keeps a browser open in this process.
Skipped without Chromium or axe-core, except under CI=true (tests/browser/conftest.py).
"""

import json
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from tests.browser.conftest import AXE, CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, require
from tests.conftest import sign_in
from tests.methods.conftest import method

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [375, 1280]

CHECK = """
import json, sys
from playwright.sync_api import sync_playwright

job = json.loads(sys.stdin.read())
axe = open(job["axe"]).read()
out = []
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=job["chromium"], args=job["args"])
    for item in job["pages"]:
        context = browser.new_context(
            viewport={"width": item["width"], "height": 900}, locale="nl-NL"
        )
        context.add_cookies([{"name": "sessionid", "value": item["session"], "url": job["base"]}])
        page = context.new_page()
        problems = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        response = page.goto(job["base"] + item["url"])
        page.screenshot(path=item["screenshot"], full_page=True)
        page.evaluate(axe)
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target)}))"
        )
        wider = page.evaluate(
            "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        out.append({**item, "status": response.status, "violations": violations,
                    "wider": wider, "problems": problems})
        context.close()
    browser.close()
print(json.dumps(out))
"""


def pages(tw):
    funnel = reverse("funnel") + "?method=bsa&start=2025-01-01&end=2025-12-31"
    return {
        "trajectory": ("wijkwerker", tw.running.get_absolute_url()),
        "trajectory-ended": ("wijkwerker", tw.ended.get_absolute_url()),
        "trajectory-volunteer": ("vrijwilliger", tw.visit.get_absolute_url()),
        "trajectories": ("coordinator", reverse("trajectory-list")),
        "start": ("wijkwerker", reverse("trajectory-create")),
        "home": ("wijkwerker", reverse("home")),
        "methods": ("coordinator", reverse("method-list")),
        "method": ("coordinator", method("bsa").get_absolute_url()),
        "upload": ("coordinator", reverse("method-upload")),
        "funnel": ("coordinator", funnel),
        "funnel-gemeente": ("gemeente", funnel),
    }


def session_of(user) -> str:
    client = Client()
    sign_in(client, user)
    return client.cookies["sessionid"].value


def test_methods_pages_in_the_browser(tw, live_server):
    require(CHROMIUM.exists(), f"{CHROMIUM} ontbreekt: apt-get install chromium")
    require(AXE.exists(), "axe-core ontbreekt: `make test` installeert het")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sessions = {}
    items = []
    for name, (visitor, url) in pages(tw).items():
        if visitor not in sessions:
            sessions[visitor] = session_of(tw.world.users[visitor])
        for width in WIDTHS:
            items.append(
                {
                    "name": name,
                    "url": url,
                    "width": width,
                    "session": sessions[visitor],
                    "screenshot": str(SCREENSHOTS / f"methods-{name}-{width}.png"),
                }
            )
    job = {
        "base": live_server.url,
        "axe": str(AXE),
        "chromium": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
        "pages": items,
    }
    done = subprocess.run(
        [sys.executable, "-c", CHECK],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    failures = []
    for result in json.loads(done.stdout):
        label = f"{result['name']} at {result['width']} px"
        if result["status"] != 200:
            failures.append(f"{label}: status {result['status']}")
        blocking = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if blocking:
            failures.append(f"{label}: {json.dumps(blocking)}")
        if result["wider"]:
            failures.append(f"{label}: wider than the screen")
        if result["problems"]:
            failures.append(f"{label}: {result['problems']}")
    assert not failures, "\n".join(failures)
