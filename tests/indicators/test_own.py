"""Kwartier's own figures as indicators (own.py): what is counted, per 1,000 inhabitants,
small cells hidden, history of hulpvragen, and running again changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from kwartier.indicators import definitions, own
from kwartier.indicators.models import IndicatorValue
from kwartier.instruments.models import Measurement
from kwartier.signals.models import RoutingRule, Signal
from kwartier.support.models import Helper, HelpRequest, StatusChange
from tests.factories import (
    BuurtFactory,
    GemeenteFactory,
    HouseholdFactory,
    OrganisationFactory,
    PersonFactory,
    WijkFactory,
)
from tests.signals.helpers import make_signal
from tests.support.world import ensure_categories, make_helper, make_request

THIS_YEAR = timezone.localdate().year
LAST_YEAR = THIS_YEAR - 1


@pytest.fixture
def place(areas, welfare_org):
    """The test gemeente in the welfare organisation's werkgebied, with its inhabitants
    last year: 2,000 in Oude Haven, 1,000 in Lindehof, none known for Kanaalzijde."""
    indicators = definitions.ensure()
    for area, count in [
        (areas.buurt, 2000),
        (areas.buurt_2, 1000),
        (areas.wijk, 3000),
        (areas.gemeente, 4000),
    ]:
        IndicatorValue.objects.create(
            indicator=indicators["inwoners"],
            area=area,
            year=LAST_YEAR,
            value=count,
            imported_at=timezone.now(),
        )
    RoutingRule.objects.create(organisation=welfare_org, team="Meldpunt")
    return areas


def value(code, area, year):
    return IndicatorValue.objects.get(indicator__code=code, area=area, year=year)


def last_year(month=6, day=1):
    return timezone.make_aware(datetime.datetime(LAST_YEAR, month, day, 12))


def resident(area, organisation):
    household = HouseholdFactory(organisation=organisation, buurt=area)
    return PersonFactory(organisation=organisation, household=household)


def test_signals_per_1000_inhabitants_count_reported_signals_once(place):
    counted = [make_signal(place.buurt, reported_at=last_year()) for _ in range(10)]
    for _ in range(6):
        make_signal(place.buurt_2, reported_at=last_year())
    # A part of a split signal and a signal merged into another are not counted again.
    merged = make_signal(place.buurt, reported_at=last_year())
    part = make_signal(place.buurt, reported_at=last_year())
    Signal.objects.filter(pk=merged.pk).update(merged_into=counted[0])
    Signal.objects.filter(pk=part.pk).update(parent=counted[1])
    make_signal(place.buurt, reported_at=last_year(1, 1) - datetime.timedelta(days=2))

    report = own.compute(LAST_YEAR)

    assert value("meldingen-per-1000", place.buurt, LAST_YEAR).value == Decimal("5.00")
    assert value("meldingen-per-1000", place.buurt_2, LAST_YEAR).value == Decimal("6.00")
    assert value("meldingen-per-1000", place.wijk, LAST_YEAR).value == Decimal("5.33")
    assert value("meldingen-per-1000", place.gemeente, LAST_YEAR).value == Decimal("4.00")
    missing = value("meldingen-per-1000", place.other_buurt, LAST_YEAR)
    assert missing.value is None
    assert missing.missing_reason == f"geen inwonertal van {LAST_YEAR} ingelezen"
    assert missing.source == "Kwartier"
    outcome = report.indicators[0]
    assert outcome.code == "meldingen-per-1000"
    assert outcome.not_computed == {f"geen inwonertal van {LAST_YEAR} ingelezen": 2}


def test_a_small_count_is_hidden_with_a_companion_so_it_cannot_be_worked_back(place):
    for _ in range(10):
        make_signal(place.buurt, reported_at=last_year())
    for _ in range(2):
        make_signal(place.buurt_2, reported_at=last_year())

    own.compute(LAST_YEAR)

    small = value("meldingen-per-1000", place.buurt_2, LAST_YEAR)
    assert (small.value, small.missing_reason) == (None, own.SMALL)
    # With the wijk's rate (and inhabitants) shown, Oude Haven's would give Lindehof away.
    companion = value("meldingen-per-1000", place.buurt, LAST_YEAR)
    assert (companion.value, companion.missing_reason) == (None, own.COMPLEMENTARY)
    assert value("meldingen-per-1000", place.wijk, LAST_YEAR).value == Decimal("4.00")


def test_open_help_requests_at_the_end_of_a_past_year_and_now(place, welfare_org):
    categories = ensure_categories()
    people = [resident(place.buurt, welfare_org) for _ in range(6)]
    requests = [
        make_request(
            person, categories["boodschappen"], registered_on=datetime.date(LAST_YEAR, 3, 1)
        )
        for person in people
    ]
    # One was finished last year, one only this year: open at the end of last year are 5.
    finished_then, finished_now = requests[0], requests[1]
    for request, when in [(finished_then, last_year(9)), (finished_now, timezone.now())]:
        HelpRequest.objects.filter(pk=request.pk).update(status="afgerond", status_changed_at=when)
        StatusChange.objects.create(request=request, to_status="afgerond", changed_at=when)
    make_request(
        resident(place.buurt_2, welfare_org),
        categories["boodschappen"],
        registered_on=timezone.localdate(),
    )

    own.compute(LAST_YEAR)
    own.compute(THIS_YEAR)

    assert value("open-hulpvragen", place.buurt, LAST_YEAR).value == 5
    assert value("open-hulpvragen", place.other_buurt, LAST_YEAR).value == 0
    # Now 4 in Oude Haven and 1 in Lindehof: both small, the wijk's 5 gives neither away.
    assert value("open-hulpvragen", place.buurt, THIS_YEAR).missing_reason == own.SMALL
    assert value("open-hulpvragen", place.buurt_2, THIS_YEAR).missing_reason == own.SMALL
    assert value("open-hulpvragen", place.wijk, THIS_YEAR).value == 5


def test_loneliness_is_the_average_total_of_each_residents_last_measurement(place, welfare_org):
    people = [resident(place.buurt, welfare_org) for _ in range(5)]
    for person, total in zip(people, [2, 4, 6, 8, 10], strict=True):
        Measurement.objects.create(
            person=person,
            organisation=welfare_org,
            instrument="djg11",
            measured_on=datetime.date(LAST_YEAR, 11, 1),
            total=total,
            band="matig_eenzaam",
        )
    # An earlier measurement of the same resident does not count, nor the short form.
    Measurement.objects.create(
        person=people[0], organisation=welfare_org, instrument="djg11",
        measured_on=datetime.date(LAST_YEAR, 2, 1), total=11,
    )  # fmt: skip
    Measurement.objects.create(
        person=people[0], organisation=welfare_org, instrument="djg6",
        measured_on=datetime.date(LAST_YEAR, 12, 1), total=6,
    )  # fmt: skip
    for total in (9, 9):
        Measurement.objects.create(
            person=resident(place.buurt_2, welfare_org),
            organisation=welfare_org,
            instrument="djg11",
            measured_on=datetime.date(LAST_YEAR, 5, 1),
            total=total,
        )

    own.compute(LAST_YEAR)

    assert value("eenzaamheid", place.buurt, LAST_YEAR).value == Decimal("6.00")
    assert value("eenzaamheid", place.buurt_2, LAST_YEAR).missing_reason == own.FEW_MEASURED
    assert value("eenzaamheid", place.wijk, LAST_YEAR).value == Decimal("6.86")  # 48 / 7
    assert value("eenzaamheid", place.other_buurt, LAST_YEAR).missing_reason == own.NONE_MEASURED


def test_informal_helpers_count_this_year_in_their_buurt_only(place, welfare_org):
    categories = [ensure_categories()["boodschappen"]]
    for index in range(5):
        make_helper(welfare_org, categories, name=f"Helper {index}", area=place.buurt)
    make_helper(welfare_org, categories, name="Club", kind=Helper.Kind.CLUB, area=place.buurt)
    make_helper(welfare_org, categories, name="Gestopt", active=False, area=place.buurt)
    IndicatorValue.objects.filter(year=LAST_YEAR).update(year=THIS_YEAR)

    report = own.compute(THIS_YEAR)
    assert value("informele-helpers-per-1000", place.buurt, THIS_YEAR).value == Decimal("2.50")

    report = own.compute(LAST_YEAR)
    helpers = report.indicators[3]
    assert helpers.created == helpers.updated == 0
    assert helpers.not_computed == {own.NO_HISTORY: len(own._Tree().all)}


def test_running_again_changes_nothing(place):
    make_signal(place.buurt, reported_at=last_year())
    first = own.compute(LAST_YEAR)
    again = own.compute(LAST_YEAR)
    assert first.total("created") > 0
    assert again.total("created") == again.total("updated") == 0
    assert again.total("unchanged") == first.total("created")


def test_a_wijk_only_partly_in_kwartier_gets_no_figure(place):
    gemeente = GemeenteFactory(code="GM8888", name="Elders")
    wijk = WijkFactory(parent=gemeente, code="WK888801", name="Dorp")
    covered = BuurtFactory(parent=wijk, code="BU88880101", name="Kerkbuurt")
    BuurtFactory(parent=wijk, code="BU88880102", name="Polder")
    OrganisationFactory(name="Dorpshuis", areas=[covered])

    own.compute(LAST_YEAR)

    assert value("open-hulpvragen", covered, LAST_YEAR).value == 0
    assert value("open-hulpvragen", wijk, LAST_YEAR).missing_reason == own.PARTIAL
    assert value("open-hulpvragen", gemeente, LAST_YEAR).missing_reason == own.PARTIAL


def test_the_command_computes_a_year_and_refuses_one_out_of_range(place, capsys):
    call_command("indicators", "own", "--year", str(LAST_YEAR))
    assert f"Eigen cijfers van Kwartier, {LAST_YEAR}" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Kies een jaar van 1990"):
        call_command("indicators", "own", "--year", "1980")
