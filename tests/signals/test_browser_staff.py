"""The staff pages on signals in Chromium at 375 and 1280 px: the queue, the signal page
(also with a form's errors), the map and the figures; axe-core finds nothing serious, the
pages fit a phone, no script errors. Screenshots go to var/screenshots/signals-*.png.
"""

import pytest
from django.urls import reverse

from kwartier.signals import handling
from kwartier.signals.models import RoutingRule
from tests.browser.conftest import axe_source, browser, new_page, screenshots  # noqa: F401
from tests.browser.test_accessibility import BLOCKING, describe
from tests.signals.helpers import make_signal
from tests.signals.pages_staff import photo_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = [375, 1280]


def square(lon, lat, size=0.01):
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size]]
    return {"type": "Polygon", "coordinates": [ring]}


def check(page, name, width, axe, shots) -> list[str]:
    page.screenshot(path=shots / f"signals-{name}-{width}.png", full_page=True)
    page.evaluate(axe)
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    problems = []
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    if blocking:
        problems.append(f"--- {name} at {width} px:\n{describe(blocking)}")
    if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
        problems.append(f"--- {name} at {width} px: wider than the screen")
    if page.problems:
        problems.append(f"--- {name} at {width} px: {page.problems}")
        page.problems.clear()
    return problems


def test_staff_pages_in_the_browser(world, new_page, axe_source, screenshots):  # noqa: F811
    RoutingRule.objects.create(organisation=world.welfare_org, team="Meldpunt")
    coordinator = world.users["coordinator"]
    world.areas.buurt.outline = square(4.47, 51.91)
    world.areas.buurt.save()
    world.areas.buurt_2.outline = square(4.48, 51.91)
    world.areas.buurt_2.save()
    signal = make_signal(
        world.areas.buurt,
        description="Lantaarnpaal bij het speelveld is al een week kapot. " * 3,
        reporter_name="Fatima",
        reporter_email="fatima@example.org",
        contact_consent=True,
        latitude="51.915",
        longitude="4.475",
        address="Kerkstraat 12",
    )
    make_signal(world.areas.buurt, latitude="51.9152", longitude="4.4752")
    make_signal(world.areas.buurt_2, code="parkeren", latitude="51.914", longitude="4.486")
    photo_of(signal)
    handling.add_note(signal, "Gemeente gebeld, monteur komt donderdag.", user=coordinator)
    failures = []
    for width in WIDTHS:
        page = new_page(coordinator, width=width)
        page.goto(reverse("signals:queue"))
        failures += check(page, "queue", width, axe_source, screenshots)
        page.goto(reverse("signals:signal", args=[signal.number]))
        failures += check(page, "signal", width, axe_source, screenshots)
        page.goto(reverse("signals:signal", args=[signal.number]) + "?status=geannuleerd")
        page.get_by_role("button", name="Status wijzigen").click()
        page.get_by_role("alert").first.wait_for()
        failures += check(page, "signal-errors", width, axe_source, screenshots)
        page.goto(reverse("signals:map") + f"?gebied={world.areas.wijk.pk}")
        failures += check(page, "map", width, axe_source, screenshots)
        page.goto(reverse("signals:figures"))
        failures += check(page, "figures", width, axe_source, screenshots)
        public = new_page(None, width=width)
        public.goto(reverse("signals:public-map") + f"?gebied={world.areas.wijk.pk}")
        failures += check(public, "public-map", width, axe_source, screenshots)
    assert not failures, "\n".join(failures)
