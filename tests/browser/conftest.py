"""Browser tests: headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

One browser for the whole session; each test gets its own browser context. Without
Chromium or axe-core the tests are skipped, except with CI=true, where they fail:
in CI they must run.
"""

import os
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import sign_in

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# in a thread with an event loop unless told that this is safe (it is: one thread).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"


def require(condition: bool, message: str):
    """Skip without the tool, but fail in CI, where the browser tests must run."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: browser tests may not be skipped)", pytrace=False)
    pytest.skip(message)


# One Playwright and one Chromium for the whole test run. Playwright's sync API cannot
# start twice in one thread, and a session fixture imported into another test module
# (tests/support does so) gets an instance of its own: so the browser lives here, at
# module level, and every `browser` fixture hands out the same one.
_shared = {}


def shared_browser():
    if "browser" not in _shared:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _shared["playwright"] = playwright
        _shared["browser"] = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
    return _shared["browser"]


def pytest_sessionfinish(session, exitstatus):
    if "browser" in _shared:
        _shared.pop("browser").close()
        _shared.pop("playwright").stop()


@pytest.fixture(scope="session")
def browser():
    require(CHROMIUM.exists(), f"{CHROMIUM} ontbreekt: apt-get install chromium")
    return shared_browser()


@pytest.fixture(scope="session")
def axe_source():
    require(AXE.exists(), f"{AXE.relative_to(ROOT)} ontbreekt: `make test` installeert axe-core")
    return AXE.read_text()


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def new_page(browser, live_server):
    """new_page(user=None, width=1280) → a page in a fresh context, signed in as user."""
    contexts = []

    def make(user=None, width=1280, height=900):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="nl-NL", base_url=live_server.url
        )
        contexts.append(context)
        if user is not None:
            client = Client()
            sign_in(client, user)
            session = client.cookies["sessionid"]
            context.add_cookies(
                [{"name": "sessionid", "value": session.value, "url": live_server.url}]
            )
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.problems = []  # script errors and console errors (a blocked resource, say)
        page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
        page.on(
            "console",
            lambda message: message.type == "error" and page.problems.append(message.text),
        )
        return page

    yield make
    for context in contexts:
        context.close()
