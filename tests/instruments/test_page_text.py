"""What the instrument pages say in words: rule versions and settings by their Dutch
names, never the codes the scoring stores (``lsns6/2006/v1;lsns6.afkappunt=...``)."""

import pytest
from django.urls import reverse

from kwartier.instruments import definitions, display
from kwartier.instruments.org_settings import change_settings
from tests.conftest import parse_html

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return " ".join(parse_html(response.content).all_text().split())


def test_a_measurement_names_its_rules_in_words(client_for, world, measure):
    measurement = measure(world.in_area, "lsns6")
    assert measurement.rule_version.startswith("lsns6/2006/v1;lsns6.")
    page = page_text(client_for(world.users["wijkwerker"]).get(measurement.get_absolute_url()))
    assert "Rekenregels Lubben Social Network Scale (LSNS-6), uitgave 2006, rekenregels" in page
    assert "versie 1; Uitkomstcategorieën: " in page
    assert "lsns6" not in page


def test_rule_text_of_a_level_and_of_an_unknown_choice():
    ladder = definitions.get("participatieladder")
    assert display.rule_text(ladder, "participatieladder/6 treden/v1") == (
        "Participatieladder, 6 treden, rekenregels versie 1"
    )
    djg11 = definitions.get("djg11")
    assert display.rule_text(djg11, "djg11/1985/v2;djg11.banden=weg@v1").endswith(
        "rekenregels versie 2; een keuze die niet meer bestaat"
    )
    assert display.rule_text(djg11, "") == ""


def test_the_settings_page_names_settings_not_codes(client_for, world):
    coordinator = world.users["coordinator"]
    setting = definitions.get("djg11").settings[0]
    other = next(c.code for c in setting.choices if c.code != setting.default)
    change_settings(coordinator.organisation, {setting.name: other}, coordinator)
    page = page_text(client_for(coordinator).get(reverse("instrument-settings")))
    assert setting.name not in page and "lsns6." not in page
    assert f"{definitions.get('djg11').name}: " in page  # the change, by instrument name
