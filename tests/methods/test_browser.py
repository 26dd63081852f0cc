"""The methods pages in Chromium at 375 and 1280 px: axe-core finds nothing serious, the
page fits the width, no script errors. Screenshots go to var/screenshots/methods-*.png.

Runs the shared checker, tests/browser/page_check.py.
"""

import pytest
from django.urls import reverse

from tests.browser.page_check import check_pages
from tests.methods.conftest import method

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def test_methods_pages_in_the_browser(tw, live_server):
    failures = check_pages(
        live_server.url,
        {name: (tw.world.users[v], url) for name, (v, url) in pages(tw).items()},
        "methods",
    )
    assert not failures, "\n".join(failures)
