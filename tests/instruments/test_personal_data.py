"""Measurements in the data-subject export and erasure (privacy/subject.py)."""

import datetime

import pytest

from kwartier.instruments.models import Measurement
from kwartier.privacy import subject

pytestmark = pytest.mark.django_db

NAME = "Metingen (meetinstrumenten)"


def test_export_has_answers_scores_and_history(world, measure):
    measure(world.in_area, "csi")
    measure(world.in_area_2, "djg6")
    exported = subject.export_person(world.in_area)["gegevens"][NAME]
    (row,) = exported
    assert row["meetinstrument"].startswith("Caregiver Strain Index")
    assert row["bron"] == "Robinson (1983), Nederlandse versie"
    assert row["antwoorden"][0] == {"vraag": row["antwoorden"][0]["vraag"], "antwoord": "Ja"}
    assert {"vraag": "Uren mantelzorg per week", "antwoord": "12,5 uur"} in row["antwoorden"]
    assert row["uitkomst"] == "13 (van 0 tot 13) – Overbelast"
    assert row["vastgelegd_door"] == "coordinator"
    assert row["wijzigingen"][0]["soort"] == "Toegevoegd"  # in Dutch, not the package's "Created"


def test_erasure_plan_and_erasure(world, measure):
    measure(world.in_area, "csi")
    measure(world.in_area, "djg6")
    kept = measure(world.in_area_2, "djg6")
    plan = {p["onderdeel"]: p["wat"] for p in subject.erasure_plan(world.in_area)}
    assert plan[NAME] == [
        "2 metingen met hun antwoorden en scores",
        "2 versies in de wijzigingshistorie van die metingen",
    ]
    assert Measurement.objects.count() == 3  # a plan removes nothing
    subject.erase_person(
        world.in_area,
        user=world.users["beheerder"],
        requested_on=datetime.date(2025, 6, 1),
        reason="verzoek",
    )
    assert list(Measurement.objects.all()) == [kept]
    assert not Measurement.history.filter(person_id=world.in_area.pk).exists()
