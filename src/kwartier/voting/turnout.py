"""Turnout of a round per buurt and age group, from the voter register.

`turnout(round)` gives plain numbers (the budgets results page draws them);
`suppressed(rows)` turns them into what may be shown to the gemeente: counts under five
as "<5" (kwartier.core.stats), and no percentage where a count is hidden.
"""

from django.db.models import Count, Q

from kwartier.core.stats import SMALL_CELL, suppress

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
    out = []
    for row in rows:
        hidden = 0 < row["voters"] < SMALL_CELL or 0 < row["eligible"] < SMALL_CELL
        percentage = (
            None if hidden or not row["eligible"] else 100 * row["voters"] / row["eligible"]
        )
        out.append(
            {
                **row,
                "voters": suppress(row["voters"]),
                "eligible": suppress(row["eligible"]),
                "percentage": None if percentage is None else round(percentage),
            }
        )
    return out


def totals(rows: list[dict]) -> dict:
    voters = sum(r["voters"] for r in rows)
    eligible = sum(r["eligible"] for r in rows)
    return {
        "voters": voters,
        "eligible": eligible,
        "percentage": round(100 * voters / eligible) if eligible else None,
    }
