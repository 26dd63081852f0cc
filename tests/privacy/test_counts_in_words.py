"""Counts read as Dutch: "1 traject", "2 trajecten", never "1 trajecten" (the erasure
plan, the result count of a list, the start page's block)."""

import datetime
import re

import pytest
from django.urls import reverse

from kwartier.core.wording import count
from kwartier.methods import services
from kwartier.methods.models import Method
from kwartier.network.models import Tie
from tests.conftest import parse_html

pytestmark = pytest.mark.django_db

# "1 " and a Dutch plural noun; "1 keer", "1 van" and the like are no nouns.
ONE_AND_A_PLURAL = re.compile(
    r"(?<![\d.,])\b1 (?!van\b|tot\b|en\b|uur\b|jaar\b)([a-z]+(?:en|ies|ten))\b"
)


def page_text(response) -> str:
    return " ".join(parse_html(response.content).all_text().split())


def test_count():
    assert count(1, "traject", "trajecten") == "1 traject"
    assert count(0, "traject", "trajecten") == "0 trajecten"
    assert count(2, "versie", "versies") == "2 versies"


def test_the_erasure_plan_counts_in_words(world, client_for):
    person = world.in_area
    Tie.objects.create(
        person=person, contact_label="Zus", group="G", strength="sterk", direction="naar"
    )
    bsa = Method.objects.current().get(code="bsa", organisation__isnull=True)
    services.start_trajectory(person, bsa, world.users["wijkwerker"], datetime.date(2025, 2, 3))
    page = page_text(
        client_for(world.users["coordinator"]).get(reverse("person-erase", args=[person.public_id]))
    )
    assert "1 contact in het netwerk" in page
    assert "1 traject met" in page
    assert not ONE_AND_A_PLURAL.search(page), ONE_AND_A_PLURAL.search(page)


def test_one_search_result_is_one_resultaat(world, client_for):
    response = client_for(world.users["coordinator"]).get(
        reverse("person-list"), {"q": world.in_area.family_name}
    )
    assert response.context["page_obj"].paginator.count == 1
    assert "1 resultaat" in page_text(response)
