"""The support pages in Chromium at 375 and 1280 px: axe-core finds nothing serious, the
page fits the width, no script errors. Screenshots go to var/screenshots/support-*.png.

Runs the shared checker, tests/browser/page_check.py.
"""

import pytest
from django.urls import reverse

from tests.browser.page_check import check_pages
from tests.support.world import support_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pages(world):
    s = support_world(world)
    return {
        "overview": ("coordinator", reverse("support-overview")),
        "requests": ("wijkwerker", reverse("helprequest-list")),
        "request-detail": ("wijkwerker", s.request_proposed.get_absolute_url()),
        "request-form": ("wijkwerker", reverse("helprequest-create")),
        "helpers": ("coordinator", reverse("helper-list")),
        "helper-form": ("coordinator", reverse("helper-create")),
        "helper-load": ("coordinator", reverse("helper-load")),
        "run": ("coordinator", s.run.get_absolute_url()),
        "accept": ("coordinator", reverse("proposal-accept", args=[s.proposal_open.pk])),
        "match": ("coordinator", s.match.get_absolute_url()),
        "volunteer": ("vrijwilliger", reverse("volunteer-match-detail", args=[s.match.pk])),
        "multiplier": ("gemeente", reverse("multiplier")),
        "capacity": ("coordinator", reverse("capacity-list")),
    }


def test_support_pages_in_the_browser(world, live_server):
    failures = check_pages(
        live_server.url,
        {name: (world.users[v], url) for name, (v, url) in pages(world).items()},
        "support",
    )
    assert not failures, "\n".join(failures)
