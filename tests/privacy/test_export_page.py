"""The data-subject export page and the resident's change history write dates and moments
in Dutch ("7 december 2026 14:05"), not as the ISO strings of the JSON download."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kwartier.core.templatetags.dutch_dates import when
from tests.conftest import parse_html

pytestmark = pytest.mark.django_db

ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
DUTCH_MOMENT = re.compile(
    r"\b\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
    r"november|december) \d{4} \d{2}:\d{2}\b"
)


def page_text(response) -> str:
    return " ".join(parse_html(response.content).all_text().split())


def test_the_export_page_writes_dutch_dates(world, client_for):
    person = world.in_area
    person.birth_date = datetime.date(1950, 3, 1)
    person.save()
    page = page_text(
        client_for(world.users["coordinator"]).get(
            reverse("person-export", args=[person.public_id])
        )
    )
    assert not ISO_MOMENT.search(page), ISO_MOMENT.search(page)
    assert re.search(r"samengesteld op " + DUTCH_MOMENT.pattern, page)
    assert "1 maart 1950" in page and "1950-03-01" not in page


def test_the_residents_change_history_writes_dutch_moments(world, client_for):
    person = world.in_area
    page = page_text(client_for(world.users["coordinator"]).get(person.get_absolute_url()))
    assert not ISO_MOMENT.search(page), ISO_MOMENT.search(page)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-12-07", "7 december 2026"),
        ("2026-12-07T13:05:31+00:00", "7 december 2026 14:05"),  # Europe/Amsterdam
        ("2026-12-07T14:05:31", "7 december 2026 14:05"),
        ("2026-02-31", "2026-02-31"),  # no such day: left as it is
        ("K-ABCDEFGH", "K-ABCDEFGH"),
        ("Woonstichting", "Woonstichting"),
        (None, None),
        (3, 3),
    ],
)
def test_the_when_filter(value, expected):
    with timezone.override("Europe/Amsterdam"):
        assert when(value) == expected


def test_yes_and_no_are_dutch_on_the_export_page():
    from django.template.loader import render_to_string

    def shown(value):
        node = {"kind": "text", "value": value}
        return render_to_string("privacy/export_value.html", {"node": node}).strip()

    assert (shown("True"), shown("False"), shown("Truely")) == ("ja", "nee", "Truely")
