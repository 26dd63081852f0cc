"""The feitencheck pages in Chromium at 375 and 1280 px: axe-core finds nothing serious,
the page fits the width, no script errors. Screenshots go to
var/screenshots/feitencheck-*.png.

Runs the shared checker, tests/browser/page_check.py.
"""

import pytest
from django.urls import reverse

from tests.browser.page_check import check_pages
from tests.indicators.factcheck_helpers import fact_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_feitencheck_pages_in_the_browser(world, live_server):
    check = fact_check(world, shared=True)
    pages = {
        "lijst": reverse("indicators:factcheck-list"),
        "nieuw": reverse("indicators:factcheck-create"),
        "resultaat": reverse("indicators:factcheck-detail", args=[check.pk]),
        "bewerken": reverse("indicators:factcheck-edit", args=[check.pk]),
    }
    visitors = {name: (world.users["wijkwerker"], url) for name, url in pages.items()}
    visitors["resultaat-gemeente"] = (world.users["gemeente"], pages["resultaat"])
    failures = check_pages(live_server.url, visitors, "feitencheck")
    assert not failures, "\n".join(failures)
