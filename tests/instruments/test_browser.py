"""The metingen pages in Chromium at 375 and 1280 px: axe-core finds nothing serious, the
page fits the width, no script errors. Screenshots go to var/screenshots/instruments-*.png.

Runs the support app's Playwright script in a child process (see tests/support/test_browser.py).
"""

import datetime
import json
import subprocess
import sys

import pytest
from django.urls import reverse

from tests.browser.conftest import AXE, CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, require
from tests.instruments.samples import answers
from tests.support.test_browser import CHECK, session_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [375, 1280]


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
    require(CHROMIUM.exists(), f"{CHROMIUM} ontbreekt: apt-get install chromium")
    require(AXE.exists(), "axe-core ontbreekt: `make test` installeert het")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    session = session_of(world.users["wijkwerker"])
    items = [
        {
            "name": name,
            "url": url,
            "width": width,
            "session": session,
            "screenshot": str(SCREENSHOTS / f"instruments-{name}-{width}.png"),
        }
        for name, url in pages(world, measure).items()
        for width in WIDTHS
    ]
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
