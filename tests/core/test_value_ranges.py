"""Value ranges on model fields: impossible dates, amounts and phone numbers are refused
in the model, the forms and the API alike (core/validators.py)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.migrations.writer import MigrationWriter
from django.urls import reverse

from kwartier.budgets.models import BudgetRound, Effect, ExecutionUpdate, Initiative
from kwartier.core import validators
from kwartier.core.models import Activity, Organisation, Person
from kwartier.core.validators import DateRange, date_order_problems, validate_phone
from kwartier.instruments.models import Measurement
from kwartier.methods.models import PhaseVisit, ReviewNote, Trajectory
from kwartier.privacy.models import Consent, ErasureRecord
from kwartier.referrals.models import Feedback, Referral
from kwartier.support.models import Helper, HelpRequest, Match, ProfessionalCapacity
from tests.core.test_views import assert_field_error
from tests.problems import field_errors as api_field_errors

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def today(monkeypatch):
    """Fix "today" for the validators, which read it when they check a value."""
    monkeypatch.setattr(validators.timezone, "localdate", lambda *args: TODAY)
    return TODAY


# The validators themselves ------------------------------------------------------------


def test_a_date_range_reads_today_when_it_checks_not_when_it_is_made(monkeypatch):
    check = DateRange(years_back=10, years_ahead=0, what="De aanmelding")
    monkeypatch.setattr(validators.timezone, "localdate", lambda *args: datetime.date(2030, 1, 1))
    check(datetime.date(2029, 12, 31))  # a day that was still in the future at import
    with pytest.raises(ValidationError, match="De aanmelding ligt in de toekomst."):
        check(datetime.date(2030, 1, 2))
    with pytest.raises(ValidationError, match="te ver terug: niet vóór 01-01-2020"):
        check(datetime.date(2019, 12, 31))


def test_a_date_range_names_its_limit_ahead(today):
    check = DateRange(years_back=10, years_ahead=2, what="De startdatum")
    check(datetime.date(2028, 6, 15))
    with pytest.raises(ValidationError, match="te ver in de toekomst: uiterlijk 15-06-2028"):
        check(datetime.date(9999, 12, 31))


def test_a_date_range_also_checks_the_day_of_a_date_time(today):
    check = DateRange(years_ahead=0)
    with pytest.raises(ValidationError):
        check(datetime.datetime(2026, 6, 16, 12, 0, tzinfo=datetime.UTC))


def test_a_leap_day_moves_to_the_28th_when_counting_years():
    check = DateRange(years_back=1, years_ahead=1)
    assert check.bounds(datetime.date(2024, 2, 29)) == (
        datetime.date(2023, 2, 28),
        datetime.date(2025, 2, 28),
    )


def test_ranges_are_recorded_in_migrations_and_compare_equal():
    check = DateRange(years_back=10, years_ahead=2, what="De startdatum")
    text, imports = MigrationWriter.serialize(check)
    assert text.startswith("kwartier.core.validators.DateRange(")
    assert check == DateRange(years_back=10, years_ahead=2, what="De startdatum")
    assert check != DateRange(years_back=10, years_ahead=1, what="De startdatum")


@pytest.mark.parametrize(
    "number", ["06-12345678", "+31 (0)20 123 4567", "14 020", "020-1234567", "+44 20 7946 0958"]
)
def test_real_phone_numbers_pass(number):
    validate_phone(number)


@pytest.mark.parametrize(
    "number",
    [
        "abc",
        "06-1234567x",
        "1234",
        "06++12345678",
        "0612345678" * 2,
        "+",
        "06 12 34 56 78 90 12 34",
    ],
)
def test_impossible_phone_numbers_are_refused(number):
    with pytest.raises(ValidationError, match="telefoonnummer"):
        validate_phone(number)


def test_date_order_problems_name_the_later_field():
    early, late = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)
    assert date_order_problems((late, early, "end", "Te vroeg.")) == {"end": "Te vroeg."}
    assert date_order_problems((early, late, "end", "Te vroeg.")) == {}
    assert date_order_problems((None, early, "end", "Te vroeg.")) == {}


# Every declared range, on the model -----------------------------------------------------

FAR_PAST = datetime.date(1850, 1, 1)
FAR_FUTURE = datetime.date(9999, 12, 31)
TOMORROW = TODAY + datetime.timedelta(days=1)

RANGES = [
    # model, field, refused, accepted
    (Person, "birth_date", datetime.date(1800, 1, 1), datetime.date(1930, 1, 1)),
    (Person, "birth_date", TOMORROW, TODAY),
    (Person, "phone", "abc", "06-12345678"),
    (Organisation, "phone", "bel ons", "020 123 45 67"),
    (Activity, "cost", Decimal("100000"), Decimal("12.50")),
    (Activity, "cost", Decimal("-1"), Decimal("0")),
    (HelpRequest, "registered_on", datetime.date(1900, 1, 1), datetime.date(2020, 1, 1)),
    (HelpRequest, "registered_on", TOMORROW, TODAY),
    (HelpRequest, "start_date", FAR_FUTURE, datetime.date(2027, 6, 1)),
    (HelpRequest, "start_date", FAR_PAST, datetime.date(2025, 6, 1)),
    (Helper, "vog_date", FAR_PAST, datetime.date(2020, 3, 1)),
    (Helper, "vog_date", TOMORROW, TODAY),
    (Helper, "phone", "abc", "+31 6 12345678"),
    (Match, "introduction_on", FAR_FUTURE, datetime.date(2026, 7, 1)),
    (Match, "started_on", FAR_PAST, datetime.date(2026, 1, 1)),
    (Match, "ended_on", TOMORROW, TODAY),
    (ProfessionalCapacity, "period_start", FAR_PAST, datetime.date(2026, 1, 1)),
    (ProfessionalCapacity, "period_end", FAR_FUTURE, datetime.date(2030, 12, 31)),
    (Measurement, "measured_on", FAR_PAST, datetime.date(2026, 1, 1)),
    (Measurement, "measured_on", TOMORROW, TODAY),
    (Trajectory, "started_on", FAR_PAST, datetime.date(2026, 1, 1)),
    (Trajectory, "next_action_due", FAR_FUTURE, datetime.date(2026, 9, 1)),
    (PhaseVisit, "entered_on", TOMORROW, TODAY),
    (ReviewNote, "written_on", FAR_PAST, TODAY),
    (Consent, "valid_from", FAR_PAST, TODAY),
    (Consent, "valid_until", FAR_FUTURE, datetime.date(2031, 1, 1)),
    (ErasureRecord, "requested_on", TOMORROW, TODAY),
    (Referral, "received_on", FAR_PAST, TODAY),
    (Referral, "consent_on", TOMORROW, TODAY),
    (Referral, "phone", "geen", "06-12345678"),
    (Feedback, "written_on", FAR_PAST, TODAY),
    (BudgetRound, "amount", Decimal("99999999999"), Decimal("250000")),
    (BudgetRound, "voting_closes", FAR_FUTURE, datetime.date(2027, 3, 1)),
    (Initiative, "cost", Decimal("20000000"), Decimal("4500")),
    (ExecutionUpdate, "spent", Decimal("20000000"), Decimal("4500")),
    (ExecutionUpdate, "date", FAR_FUTURE, datetime.date(2026, 9, 1)),
    (Effect, "date", TOMORROW, TODAY),
]


def field_errors(model, field, value) -> list[str]:
    others = [f.name for f in model._meta.get_fields() if f.name != field]
    try:
        model(**{field: value}).clean_fields(exclude=others)
    except ValidationError as error:
        return error.message_dict.get(field, [])
    return []


@pytest.mark.parametrize(
    ("model", "field", "refused", "accepted"),
    RANGES,
    ids=[f"{m.__name__}.{f}-{r}" for m, f, r, _ in RANGES],
)
def test_every_range_refuses_the_impossible_and_keeps_the_real(
    today, model, field, refused, accepted
):
    assert field_errors(model, field, refused), f"{model.__name__}.{field} took {refused}"
    assert field_errors(model, field, accepted) == []


@pytest.mark.parametrize(
    ("model", "values", "field"),
    [
        (Trajectory, {"started_on": TODAY, "ended_on": datetime.date(2026, 1, 1)}, "ended_on"),
        (PhaseVisit, {"entered_on": TODAY, "left_on": datetime.date(2026, 1, 1)}, "left_on"),
        (
            ProfessionalCapacity,
            {"period_start": TODAY, "period_end": datetime.date(2026, 1, 1)},
            "period_end",
        ),
    ],
)
def test_an_end_before_its_start_is_refused(model, values, field):
    with pytest.raises(ValidationError) as raised:
        model(**values).clean()
    assert field in raised.value.message_dict


# Residents: the form and the API ------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"birth_date": "1800-01-01"}, "birth_date", "De geboortedatum ligt te ver terug"),
        ({"phone": "abc"}, "phone", "Vul een telefoonnummer in"),
    ],
)
def test_the_resident_form_refuses_impossible_values(
    world, client_for, field_block, data, field, error
):
    worker = client_for(world.users["wijkwerker"])
    before = Person.objects.count()
    response = worker.post(
        reverse("person-create"), {"given_name": "Fatma", "family_name": "Yılmaz", **data}
    )
    assert_field_error(field_block, response, field, error)
    assert Person.objects.count() == before


@pytest.mark.parametrize(
    ("data", "field"),
    [({"birth_date": "1800-01-01"}, "birth_date"), ({"phone": "abc"}, "phone")],
)
def test_the_resident_api_refuses_impossible_values(world, api_client_for, data, field):
    api = api_client_for(world.users["coordinator"])
    response = api.post(
        reverse("api:person-list"),
        {"given_name": "Fatma", "family_name": "Yılmaz", **data},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert field in api_field_errors(response)
    detail = reverse("api:person-detail", kwargs={"public_id": world.in_area.public_id})
    change = api.patch(detail, data, format="json")
    assert change.status_code == 400 and field in api_field_errors(change)
