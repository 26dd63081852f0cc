"""The budget pages in Chromium at 375 and 1280 px: axe-core finds nothing serious, the page
fits the width, no script errors. Screenshots go to var/screenshots/budgets-*.png.

Runs Playwright in a child process with the support app's checker script (see there why).
"""

import datetime
import json
import random
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.urls import reverse

from kwartier.budgets.demo_data import seed_demo
from kwartier.budgets.models import BudgetRound
from kwartier.core.models import Person, User
from tests.browser.conftest import AXE, CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, require
from tests.budgets.world import budget_world
from tests.factories import HouseholdFactory, PersonFactory
from tests.support.test_browser import CHECK, WIDTHS, session_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def demo_round(world):
    """The demo's finished round (12 initiatives, ~300 ballots) on the test world."""
    for index in range(12):
        buurt = world.areas.buurt if index % 3 else world.areas.buurt_2
        household = HouseholdFactory(organisation=world.welfare_org, buurt=buurt)
        PersonFactory(organisation=world.welfare_org, household=household)
    demo = SimpleNamespace(
        reference_date=datetime.date(2026, 1, 1),
        organisation=world.welfare_org,
        persons=Person.objects.filter(organisation=world.welfare_org).select_related(
            "household__buurt"
        ),
        users=User.objects.all(),
    )
    seed_demo(random.Random(1), demo)
    return BudgetRound.objects.get(phase="effecten")


def pages(world):
    b = budget_world(world)
    demo = demo_round(world)
    funded = demo.initiatives.filter(funded=True).first()
    return {
        "results": ("partner", reverse("budget-results", args=[b.round_done.pk])),
        "demo-results": ("gemeente", reverse("budget-results", args=[demo.pk])),
        "demo-round": ("coordinator", demo.get_absolute_url()),
        "demo-initiative": ("partner", funded.get_absolute_url()),
        "rounds": ("coordinator", reverse("budget-round-list")),
        "round": ("coordinator", b.round_open.get_absolute_url()),
        "initiative": ("wijkwerker", b.a.get_absolute_url()),
        "review": ("coordinator", b.pending.get_absolute_url()),
        "initiative-form": (
            "wijkwerker",
            reverse("budget-initiative-create", args=[b.round_open.pk]),
        ),
        "import": ("coordinator", reverse("budget-round-import")),
    }


def test_budget_pages_in_the_browser(world, live_server):
    require(CHROMIUM.exists(), f"{CHROMIUM} ontbreekt: apt-get install chromium")
    require(AXE.exists(), "axe-core ontbreekt: `make test` installeert het")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sessions, items = {}, []
    for name, (visitor, url) in pages(world).items():
        if visitor not in sessions:
            sessions[visitor] = session_of(world.users[visitor])
        for width in WIDTHS:
            screenshot = SCREENSHOTS / f"budgets-{name}-{width}.png"
            items.append(
                {
                    "name": name,
                    "url": url,
                    "width": width,
                    "session": sessions[visitor],
                    "screenshot": str(screenshot),
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
