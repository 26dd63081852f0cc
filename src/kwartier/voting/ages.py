"""Age groups for turnout, with core's age on a day (pure, no Django imports).

With only a birth year known, a resident counts as having had their birthday by voting
day (age = year of voting day minus birth year). This errs towards letting a resident
vote a few months early rather than leaving out one who is old enough.
"""

from kwartier.core.ages import age_on

__all__ = ["age_group", "age_on"]

# Turnout age groups: (lowest age, label), from young to old.
GROUPS = ((0, "tot 18"), (18, "18-29"), (30, "30-44"), (45, "45-64"), (65, "65+"))
UNKNOWN = "onbekend"
LABELS = [label for _, label in GROUPS] + [UNKNOWN]


def age_group(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    return [label for lowest, label in GROUPS if age >= lowest or lowest == 0][-1]
