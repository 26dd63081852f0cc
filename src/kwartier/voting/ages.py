"""Age on voting day and age groups for turnout (pure, no Django imports).

With only a birth year known, a resident counts as having had their birthday by voting
day (age = year of voting day minus birth year). This errs towards letting a resident
vote a few months early rather than leaving out one who is old enough.
"""

import datetime

# Turnout age groups: (lowest age, label), from young to old.
GROUPS = ((0, "tot 18"), (18, "18-29"), (30, "30-44"), (45, "45-64"), (65, "65+"))
UNKNOWN = "onbekend"
LABELS = [label for _, label in GROUPS] + [UNKNOWN]


def age_on(day: datetime.date, birth_date: datetime.date | None, birth_year: int | None):
    """Age in whole years on `day`, or None when neither date nor year is known."""
    if birth_date is not None:
        before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
        return day.year - birth_date.year - before_birthday
    if birth_year is not None:
        return day.year - birth_year
    return None


def age_group(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    return [label for lowest, label in GROUPS if age >= lowest or lowest == 0][-1]
