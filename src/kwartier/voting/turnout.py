"""Turnout of a round per buurt and age group, from the voter register.

`turnout(round)` gives plain numbers (the budgets results page draws them);
`suppressed(rows)` turns them into what may be shown to the gemeente: counts under five
as "<5", what would give one away as "x" (kwartier.core.suppression), and no percentage
where a count is hidden.
"""

from django.db.models import Count, Q

from kwartier.core.suppression import hidden_cells, shown

from .ages import LABELS
from .models import Voter


def turnout(round) -> list[dict]:
    """[{buurt, buurt_code, age_group, voters, eligible}] by buurt name and age group."""
    rows = (
        Voter.objects.filter(round=round)
        .values("buurt__name", "buurt__code", "age_group")
        .annotate(eligible=Count("pk"), voters=Count("pk", filter=Q(voted=True)))
    )
    out = [
        {
            "buurt": row["buurt__name"],
            "buurt_code": row["buurt__code"],
            "age_group": row["age_group"],
            "voters": row["voters"],
            "eligible": row["eligible"],
        }
        for row in rows
    ]
    order = {label: i for i, label in enumerate(LABELS)}
    return sorted(out, key=lambda r: (r["buurt"], order.get(r["age_group"], len(order))))


def suppressed(rows: list[dict]) -> list[dict]:
    """The rows with small counts hidden. The number of ballots is published with the
    results, and it is the voters of all rows together: with one voters cell hidden it
    would be that number minus the others, so then a second one is hidden too."""
    counts = {"ballots": sum(row["voters"] for row in rows)}
    for i, row in enumerate(rows):
        counts |= {(i, "voters"): row["voters"], (i, "eligible"): row["eligible"]}
    line = ("ballots", [(i, "voters") for i in range(len(rows))])
    hidden = hidden_cells(counts, [line], keep={"ballots"})
    out = []
    for i, row in enumerate(rows):
        hides = (i, "voters") in hidden or (i, "eligible") in hidden
        percentage = None if hides or not row["eligible"] else 100 * row["voters"] / row["eligible"]
        out.append(
            {
                **row,
                "voters": shown(row["voters"], (i, "voters") in hidden),
                "eligible": shown(row["eligible"], (i, "eligible") in hidden),
                "percentage": None if percentage is None else round(percentage),
            }
        )
    return out


def public_turnout(round) -> list[dict]:
    """What everyone may see: the turnout with small counts hidden (the budgets results
    page shows it; registered in apps.py)."""
    return suppressed(turnout(round))


def totals(rows: list[dict]) -> dict:
    voters = sum(r["voters"] for r in rows)
    eligible = sum(r["eligible"] for r in rows)
    return {
        "voters": voters,
        "eligible": eligible,
        "percentage": round(100 * voters / eligible) if eligible else None,
    }
