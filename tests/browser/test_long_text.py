"""Long free text never widens a page: a 1,000-character note (also one word without a
space) wraps at 375 and at 1280 px on the pages that show it.

Uses the session's shared Chromium from tests/browser/conftest.py.
"""

import pytest
from django.urls import reverse

from kwartier.support.models import ProfessionalCapacity
from tests.network.conftest import add_tie  # noqa: F401 (a fixture used below)
from tests.support.world import support_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORD = "Lang" * 250  # 1,000 characters, no space
SENTENCES = ("Belt elke avond om te vragen hoe het gaat. " * 25)[:1000]


@pytest.fixture
def long_text_pages(world, add_tie):  # noqa: F811
    s = support_world(world)
    person = world.in_area
    add_tie(person, "Buurvrouw", note=WORD)
    add_tie(person, "Zus", note=SENTENCES)
    add_tie(person, "X" * 60, note="kort")
    s.request_proposed.description = WORD
    s.request_proposed.save(update_fields=["description"])
    s.helper_other.note = WORD
    s.helper_other.save(update_fields=["note"])
    # The column holds 200 characters (PostgreSQL refuses more; SQLite would not say).
    ProfessionalCapacity.objects.filter(pk=s.capacity.pk).update(note=WORD[:200])
    worker, coordinator = world.users["wijkwerker"], world.users["coordinator"]
    return {
        "ecogram": (worker, reverse("network-ecogram", args=[person.public_id])),
        "hulpvraag": (worker, s.request_proposed.get_absolute_url()),
        "helper": (worker, s.helper_other.get_absolute_url()),
        "capaciteit": (coordinator, reverse("capacity-list")),
    }


@pytest.mark.parametrize("width", [375, 1280])
def test_long_text_wraps_instead_of_widening_the_page(long_text_pages, new_page, width):
    too_wide = []
    for name, (user, url) in long_text_pages.items():
        page = new_page(user, width=width)
        page.goto(url)
        page_width = page.evaluate("() => document.documentElement.scrollWidth")
        if page_width > width:
            too_wide.append(f"{name}: {page_width} px")
        page.context.close()
    assert not too_wide, too_wide
