"""Value ranges of model fields: dates, years and phone numbers that can really occur.

Every app declares its ranges on the model field (``validators=[...]``), so the model's
`full_clean()`, each ModelForm and each DRF ModelSerializer apply the same check, and
the migration records it. Bounds that depend on today ("not in the future", "at most
ten years back") are computed when a value is checked, never when the module is
imported, so a server that runs for weeks keeps the right bounds.

Checks that compare two values (an end after its start, a measurement after the birth
of the resident) are not field validators: each model has one function for them that
its `clean()`, its forms and its serializer call (`date_order_problems` below helps).
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible

EARLIEST_BIRTH = datetime.date(1900, 1, 1)


def _years_from(day: datetime.date, years: int) -> datetime.date:
    """`day` moved by whole years (29 February becomes 28 February when needed)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@deconstructible
class DateRange:
    """A date (or the day of a date-time) between bounds that may count from today.

    earliest: a fixed first day; years_back: at most so many years before today;
    years_ahead: at most so many years after today (0: not in the future; None: no
    upper bound). The tighter of `earliest` and `years_back` applies. `what` names the
    date in the message ("De geboortedatum ligt in de toekomst.").
    """

    def __init__(
        self,
        *,
        earliest: datetime.date | None = None,
        years_back: int | None = None,
        years_ahead: int | None = 0,
        what: str = "De datum",
    ):
        self.earliest = earliest
        self.years_back = years_back
        self.years_ahead = years_ahead
        self.what = what

    def bounds(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        lower = self.earliest
        if self.years_back is not None:
            relative = _years_from(today, -self.years_back)
            lower = relative if lower is None else max(lower, relative)
        upper = None if self.years_ahead is None else _years_from(today, self.years_ahead)
        return lower, upper

    def __call__(self, value) -> None:
        if value is None:
            return
        day = _as_date(value)
        lower, upper = self.bounds()
        if upper is not None and day > upper:
            if self.years_ahead == 0:
                raise ValidationError(
                    "%(what)s ligt in de toekomst.",
                    code="date_in_future",
                    params={"what": self.what},
                )
            raise ValidationError(
                "%(what)s ligt te ver in de toekomst: uiterlijk %(limit)s.",
                code="date_too_late",
                params={"what": self.what, "limit": f"{upper:%d-%m-%Y}"},
            )
        if lower is not None and day < lower:
            raise ValidationError(
                "%(what)s ligt te ver terug: niet vóór %(limit)s.",
                code="date_too_early",
                params={"what": self.what, "limit": f"{lower:%d-%m-%Y}"},
            )

    def _key(self):
        return (self.earliest, self.years_back, self.years_ahead, self.what)

    def __eq__(self, other) -> bool:
        return isinstance(other, DateRange) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


@deconstructible
class YearRange:
    """A year from `earliest` up to this year plus `years_ahead` (0: not after this year)."""

    def __init__(self, *, earliest: int = EARLIEST_BIRTH.year, years_ahead: int = 0):
        self.earliest = earliest
        self.years_ahead = years_ahead

    def __call__(self, value) -> None:
        if value is None:
            return
        latest = timezone.localdate().year + self.years_ahead
        if not self.earliest <= value <= latest:
            raise ValidationError(
                "Vul een jaar tussen %(earliest)s en %(latest)s in.",
                code="year_range",
                params={"earliest": self.earliest, "latest": latest},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, YearRange) and (self.earliest, self.years_ahead) == (
            other.earliest,
            other.years_ahead,
        )

    def __hash__(self) -> int:
        return hash((self.earliest, self.years_ahead))


# The ranges the apps share. A record's own dates are not older than RECORD_YEARS: older
# dossiers are past every retention period, and a typo like 1900 stands out.
RECORD_YEARS = 10
PLANNED_YEARS = 2  # how far ahead work is planned (a wanted-from date, a voting day)
BIRTH_DATE = DateRange(earliest=EARLIEST_BIRTH, years_ahead=0, what="De geboortedatum")


def happened(what: str = "De datum") -> DateRange:
    """A day something happened: not in the future, at most RECORD_YEARS back."""
    return DateRange(years_back=RECORD_YEARS, years_ahead=0, what=what)


def planned(what: str = "De datum", years_ahead: int = PLANNED_YEARS) -> DateRange:
    """A day that may lie ahead (at most `years_ahead` years), at most RECORD_YEARS back."""
    return DateRange(years_back=RECORD_YEARS, years_ahead=years_ahead, what=what)


# Amounts and counts.
AMOUNT_MAX = 10_000_000  # euro: more than any neighbourhood budget or initiative
COUNT_MAX = 10_000_000  # people or ballots: more than live in any municipality

PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()\-]+$")
PHONE_DIGITS = (5, 15)  # "14 020" (a municipality) up to the international maximum (E.164)
PHONE_LENGTH = 25


def validate_phone(value: str) -> None:
    """Digits with spaces, hyphens and parentheses, optionally after one leading +."""
    if not value:
        return
    digits = sum(c.isdigit() for c in value)
    if (
        len(value) > PHONE_LENGTH
        or not PHONE_CHARACTERS.match(value)
        or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]
    ):
        raise ValidationError(
            "Vul een telefoonnummer in met %(low)s tot %(high)s cijfers, zoals 06 12345678 of "
            "+31 20 1234567 (alleen cijfers, spaties, +, - en haakjes).",
            code="phone",
            params={"low": PHONE_DIGITS[0], "high": PHONE_DIGITS[1]},
        )


def date_order_problems(*pairs) -> dict[str, str]:
    """{later field: Dutch message} for each (earlier value, later value, later field,
    message) whose later value lies before the earlier one; unset values are skipped."""
    problems: dict[str, str] = {}
    for earlier, later, field, message in pairs:
        if earlier is not None and later is not None and _as_date(later) < _as_date(earlier):
            problems.setdefault(field, message)
    return problems


def raise_problems(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError(problems)


def field_validators(model, name: str) -> list:
    """The validators of a model field, for a plain form or serializer field that takes
    the same value (a date entered on an action rather than on the model's form)."""
    return list(model._meta.get_field(name).validators)
