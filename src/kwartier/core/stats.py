"""Aggregate figures per area, safe to show to any role: small cells are suppressed, and
so many others that no small cell can be worked back from a wijk or gemeente total
(core/suppression.py)."""

from django.db.models import Count

from .models import Area, Household, Person
from .suppression import SMALL_CELL, hidden_cells, shown

__all__ = ["SMALL_CELL", "residents_per_area", "suppress"]


def suppress(count: int) -> str:
    """Primary suppression of one count: "<5" for 1..4 (tables use suppression.py)."""
    return f"<{SMALL_CELL}" if 0 < count < SMALL_CELL else str(count)


def residents_per_area() -> list[dict]:
    """Each area with its residents and households, gemeente first, then wijk, buurt.

    A wijk sums its buurten and a gemeente its wijken, so both columns are suppressed
    along those lines.
    """
    per_buurt = {
        "residents": dict(
            Person.objects.filter(household__isnull=False)
            .values_list("household__buurt")
            .annotate(n=Count("pk"))
        ),
        "households": dict(Household.objects.values_list("buurt").annotate(n=Count("pk"))),
    }
    areas = list(Area.objects.select_related("parent"))
    children: dict[int | None, list[Area]] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)

    rows: list[dict] = []
    counts: dict[str, dict[int, int]] = {column: {} for column in per_buurt}

    def visit(area: Area, depth: int) -> None:
        rows.append({"area": area, "depth": depth})
        kids = children.get(area.pk, [])
        for child in kids:
            visit(child, depth + 1)
        for column, figures in counts.items():
            if area.level == Area.Level.BUURT:
                figures[area.pk] = per_buurt[column].get(area.pk, 0)
            else:
                figures[area.pk] = sum(figures[child.pk] for child in kids)

    for root in children.get(None, []):
        visit(root, 0)
    lines = [(area.pk, [c.pk for c in kids]) for area in areas if (kids := children.get(area.pk))]
    for column, figures in counts.items():
        hidden = hidden_cells(figures, lines)
        for row in rows:
            pk = row["area"].pk
            row[column] = shown(figures[pk], pk in hidden)
    return rows
