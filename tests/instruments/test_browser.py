"""The metingen pages in Chromium at 375 and 1280 px: axe-core finds nothing serious, the
page fits the width, no script errors. Screenshots go to var/screenshots/instruments-*.png.

Runs the shared checker, tests/browser/page_check.py.
"""

import datetime

import pytest
from django.urls import reverse

from tests.browser.page_check import check_pages
from tests.instruments.samples import answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pages(world, measure):
    person = world.in_area
    for month, three, nine in ((2, "ja", "ja"), (6, "ja", "nee"), (10, "nee", "nee")):
        given = answers("djg6") | {"3": three, "9": nine}
        latest = measure(person, "djg6", given, datetime.date(2025, month, 3))
    for month, level in ((3, 2), (9, 3)):
        measure(
            person,
            "zrm2017",
            dict.fromkeys(answers("zrm2017"), level),
            datetime.date(2025, month, 1),
        )
    measure(person, "csi", answers("csi"), datetime.date(2025, 4, 1))
    csi_later = answers("csi") | {"1": "nee", "2": "nee", "3": None}
    measure(person, "csi", csi_later, datetime.date(2025, 11, 1))
    public_id = person.public_id
    return {
        "measurements": reverse("measurement-list", args=[public_id]),
        "detail": latest.get_absolute_url(),
        "form-djg11": reverse("measurement-create", args=[public_id, "djg11"]),
        "form-zrm2017": reverse("measurement-create", args=[public_id, "zrm2017"]),
        "form-ladder": reverse("measurement-create", args=[public_id, "participatieladder"]),
        "form-csi": reverse("measurement-create", args=[public_id, "csi"]),
        "instruments": reverse("instrument-list"),
        "person": person.get_absolute_url(),
    }


def test_instrument_pages_in_the_browser(world, measure, live_server):
    failures = check_pages(
        live_server.url,
        {name: (world.users["wijkwerker"], url) for name, url in pages(world, measure).items()},
        "instruments",
    )
    assert not failures, "\n".join(failures)


def test_settings_page_in_the_browser(world, measure, live_server):
    """The settings page with a changed setting, its history and the offer to recompute."""
    from kwartier.instruments.org_settings import change_settings

    coordinator = world.users["coordinator"]
    measure(world.in_area, "djg11", answers("djg11"), datetime.date(2025, 5, 1))
    change_settings(world.welfare_org, {"djg11.banden": "drie_banden"}, coordinator)
    failures = check_pages(
        live_server.url,
        {
            "settings": (coordinator, reverse("instrument-settings")),
            "instruments-coordinator": (coordinator, reverse("instrument-list")),
        },
        "instruments",
    )
    assert not failures, "\n".join(failures)
