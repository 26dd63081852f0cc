"""Age in whole years on a day, from a birth date or, when only that is known, a birth year.

With only a birth year, a resident counts as having had their birthday already: for a
vote this errs towards letting someone take part a few months early.
"""

import datetime


def age_on(day: datetime.date, birth_date: datetime.date | None, birth_year: int | None):
    """Age in whole years on `day`, or None when neither date nor year is known."""
    if birth_date is not None:
        before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
        return day.year - birth_date.year - before_birthday
    if birth_year is not None:
        return day.year - birth_year
    return None
