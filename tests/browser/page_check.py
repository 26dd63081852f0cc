"""Pages in Chromium at 375 and 1280 px: axe-core finds nothing serious, the page fits
the width, no script errors; a full-page screenshot of each goes to var/screenshots/.

Playwright runs in a child process: its sync API cannot start while another test module
keeps a browser open in this process (tests/browser shares one for the session).
Skipped without Chromium or axe-core, except under CI=true (tests/browser/conftest.py).
"""

import json
import subprocess
import sys

from django.test import Client

from tests.browser.conftest import AXE, CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, require
from tests.conftest import sign_in

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


def session_of(user) -> str:
    client = Client()
    sign_in(client, user)
    return client.cookies["sessionid"].value


def check_pages(base_url: str, pages: dict, prefix: str) -> list[str]:
    """pages: name → (user, url). Returns what is wrong, one line per page and width."""
    require(CHROMIUM.exists(), f"{CHROMIUM} ontbreekt: apt-get install chromium")
    require(AXE.exists(), "axe-core ontbreekt: `make test` installeert het")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sessions, items = {}, []
    for name, (user, url) in pages.items():
        if user.pk not in sessions:
            sessions[user.pk] = session_of(user)
        for width in WIDTHS:
            items.append(
                {
                    "name": name,
                    "url": url,
                    "width": width,
                    "session": sessions[user.pk],
                    "screenshot": str(SCREENSHOTS / f"{prefix}-{name}-{width}.png"),
                }
            )
    job = {
        "base": base_url,
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
    return failures
