"""Aggregate figures per area, safe to show to any role: small cells are suppressed."""

from django.db.models import Count

from .models import Area, Household, Person

SMALL_CELL = 5  # fewer than this many people is shown as "<5", so no one is singled out


def suppress(count: int) -> str:
    return f"<{SMALL_CELL}" if 0 < count < SMALL_CELL else str(count)


def residents_per_area() -> list[dict]:
    """Each area with its residents and households, gemeente first, then wijk, buurt."""
    per_buurt_persons = dict(
        Person.objects.filter(household__isnull=False)
        .values_list("household__buurt")
        .annotate(n=Count("pk"))
    )
    per_buurt_households = dict(Household.objects.values_list("buurt").annotate(n=Count("pk")))
    areas = list(Area.objects.select_related("parent"))
    children: dict[int | None, list[Area]] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)

    rows: list[dict] = []

    def visit(area: Area, depth: int) -> tuple[int, int]:
        row = {"area": area, "depth": depth}
        rows.append(row)
        if area.level == Area.Level.BUURT:
            persons = per_buurt_persons.get(area.pk, 0)
            households = per_buurt_households.get(area.pk, 0)
        else:
            persons = households = 0
            for child in children.get(area.pk, []):
                p, h = visit(child, depth + 1)
                persons += p
                households += h
        row["residents"] = suppress(persons)
        row["households"] = suppress(households)
        return persons, households

    for root in children.get(None, []):
        visit(root, 0)
    return rows
