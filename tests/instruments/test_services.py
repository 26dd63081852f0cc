"""The Measurement model and the domain functions that write it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kwartier.instruments.models import Measurement
from kwartier.instruments.services import record_measurement, rescore
from tests.instruments.samples import EXPECTED, SAMPLES, answers

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 5, 1)


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_record_scores_and_stores_every_instrument(code, world):
    user = world.users["wijkwerker"]
    measurement = record_measurement(world.in_area, code, answers(code), DAY, user)
    measurement.refresh_from_db()
    total, band = EXPECTED[code]
    assert measurement.total == (None if total is None else Decimal(total))
    assert measurement.band == (band or "")
    assert measurement.answers == SAMPLES[code]
    assert measurement.organisation == user.organisation
    assert measurement.recorded_by == user
    assert measurement.rule_version.startswith(f"{code}/")
    assert measurement.history.count() == 1


def test_zrm_profile_is_kept_as_subscales(world):
    measurement = record_measurement(world.in_area, "zrm2013", answers("zrm2013"), DAY, None)
    assert measurement.total is None
    assert measurement.subscales["financien"] == 2
    assert len(measurement.subscales) == 11
    # Without a user (a script) the registering organisation is the resident's.
    assert measurement.organisation == world.in_area.organisation
    assert measurement.recorded_by is None


def test_unanswered_items_are_absent_not_null(world):
    given = answers("djg6") | {"3": None}
    measurement = record_measurement(world.in_area, "djg6", given, DAY, None)
    assert "3" not in measurement.answers
    # One missing item is tolerated by the DJG-6 rule; its subscale has no score.
    assert measurement.total == 2
    assert measurement.subscales["emotional"] is None


def test_no_total_when_the_missing_answer_rule_gives_none(world):
    given = {k: v for k, v in answers("djg11").items() if k not in ("1", "2", "3")}
    measurement = record_measurement(world.in_area, "djg11", given, DAY, None)
    assert measurement.total is None and measurement.band == ""


@pytest.mark.parametrize(
    "code, given, key, words",
    [
        ("djg6", {"3": "misschien"}, "3", "geen toegestaan antwoord"),
        ("djg6", {"99": "ja"}, "99", "Onbekende vraag"),
        ("lsns6", {"1": "2"}, "1", "verwacht is een geheel getal"),
        ("participatieladder", {}, "trede", "verplicht"),
        ("zrm2017", {"financien": 3}, "werk_opleiding", "verplicht"),
        ("csi", {"uren_per_week": 200}, "uren_per_week", "ligt niet tussen"),
        ("djg6", ["ja"], "answers", "object"),
    ],
)
def test_invalid_answers_name_the_item_in_dutch(world, code, given, key, words):
    with pytest.raises(ValidationError) as caught:
        record_measurement(world.in_area, code, given, DAY, None)
    assert words in " ".join(caught.value.message_dict[key])
    assert not Measurement.objects.exists()


def test_unknown_instrument_and_bad_dates(world):
    with pytest.raises(ValidationError) as caught:
        record_measurement(world.in_area, "phq9", {}, DAY, None)
    assert "Onbekend meetinstrument" in caught.value.message_dict["instrument"][0]
    future = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as caught:
        record_measurement(world.in_area, "djg6", answers("djg6"), future, None)
    assert "toekomst" in caught.value.message_dict["measured_on"][0]
    with pytest.raises(ValidationError):
        record_measurement(world.in_area, "djg6", answers("djg6"), "2025-01-01", None)


def test_rescore_repairs_a_stale_score_and_keeps_history(measure, world):
    measurement = measure(world.in_area, "djg6")
    assert rescore(measurement) is False  # up to date: nothing saved
    assert measurement.history.count() == 1
    Measurement.objects.filter(pk=measurement.pk).update(total=0, band="niet_eenzaam")
    measurement.refresh_from_db()
    assert rescore(measurement) is True
    measurement.refresh_from_db()
    assert (measurement.total, measurement.band) == (3, "matig_eenzaam")
    latest = measurement.history.first()
    assert latest.history_change_reason == "opnieuw berekend"


def test_measurements_are_ordered_by_date_and_go_with_the_person(measure, world):
    later = measure(world.in_area, on=datetime.date(2025, 9, 1))
    earlier = measure(world.in_area, on=datetime.date(2025, 2, 1))
    assert list(world.in_area.measurements.all()) == [earlier, later]
    assert str(earlier) == "De Jong Gierveld-eenzaamheidsschaal (6 vragen) op 01-02-2025"
    world.in_area.delete()
    assert not Measurement.objects.exists()
