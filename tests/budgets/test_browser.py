"""The budget pages in Chromium at 375 and 1280 px: axe-core finds nothing serious, the page
fits the width, no script errors. Screenshots go to var/screenshots/budgets-*.png.

Runs the shared checker, tests/browser/page_check.py.
"""

import datetime
import random
from types import SimpleNamespace

import pytest
from django.urls import reverse

from kwartier.budgets.demo_data import seed_demo
from kwartier.budgets.models import BudgetRound
from kwartier.core.models import Person, User
from tests.browser.page_check import check_pages
from tests.budgets.world import budget_world
from tests.factories import HouseholdFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def demo_round(world):
    """The demo's finished round (12 initiatives, ~300 ballots) on the test world."""
    for index in range(12):
        buurt = world.areas.buurt if index % 3 else world.areas.buurt_2
        household = HouseholdFactory(organisation=world.welfare_org, buurt=buurt)
        PersonFactory(organisation=world.welfare_org, household=household)
    demo = SimpleNamespace(
        reference_date=datetime.date(2026, 1, 1),
        today=datetime.date(2026, 1, 1),
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
    failures = check_pages(
        live_server.url,
        {name: (world.users[v], url) for name, (v, url) in pages(world).items()},
        "budgets",
    )
    assert not failures, "\n".join(failures)
