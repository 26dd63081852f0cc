"""The multiplier of informal care: informal support per fte of paid professional capacity.

"Budget should work as a multiplier of informal care": per area and period, the number of
informal matches (volunteers, neighbours, buddies, clubs) active at some time in the
period, divided by the paid professional capacity (fte) the organisations recorded for
that area and period.

- Capacity is time-weighted: 2 fte recorded for half of the period counts as 1 fte.
  A record counts for its own area and every area that contains it; capacity recorded
  for a wijk is not split over its buurten (a buurt row then shows no fte).
- A match counts in the buurt where its resident lives. Matches that turned out at the
  follow-up not to have led to anything ("nee") do not count.
- Method trajectories (and other informal support) come in through core's extension
  `register_informal_source(code, label, count_by_buurt)`: the methods module registers
  its trajectories there in its AppConfig.ready() and they join every total, page, CSV
  and API answer without changes here.
- The gemeente sees every organisation's figures, with counts below 5 shown as "<5" and
  the ratio hidden for such a cell. A parent area sums its children and the total sums
  the kinds, so cells are also hidden along those lines (core/suppression.py: shown as
  "x"), always over the whole table, so that narrowing it to one area shows the same.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone

from kwartier.core.access.roles import Role
from kwartier.core.extensions import informal_sources, register_informal_source
from kwartier.core.models import Area
from kwartier.core.suppression import SMALL_CELL as SMALL_CELL  # read by api.py
from kwartier.core.suppression import hidden_cells, shown

from .models import INFORMAL_KINDS, Match, ProfessionalCapacity


def informal_matches_by_buurt(start, end, organisation_ids=None) -> dict[int, int]:
    """Informal matches active at some time in [start, end], per buurt of the resident."""
    matches = (
        Match.objects.filter(helper__kind__in=INFORMAL_KINDS, started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .exclude(followup_result=Match.FollowUp.NEE)
        .filter(request__person__household__isnull=False)
    )
    if organisation_ids is not None:
        matches = matches.filter(request__organisation_id__in=organisation_ids)
    return dict(matches.values_list("request__person__household__buurt").annotate(n=Count("pk")))


register_informal_source("koppelingen", "Informele koppelingen", informal_matches_by_buurt)


def capacity_by_area(start, end, organisation_ids=None) -> dict[int, Decimal]:
    """Time-weighted fte per area (where it was recorded) over [start, end]."""
    days = Decimal((end - start).days + 1)
    records = ProfessionalCapacity.objects.filter(period_start__lte=end, period_end__gte=start)
    if organisation_ids is not None:
        records = records.filter(organisation_id__in=organisation_ids)
    fte: dict[int, Decimal] = {}
    for record in records:
        overlap = (min(end, record.period_end) - max(start, record.period_start)).days + 1
        fte[record.area_id] = fte.get(record.area_id, Decimal(0)) + record.fte * overlap / days
    return fte


@dataclass
class Row:
    area: Area
    depth: int
    counts: dict[str, int]
    fte: Decimal
    hidden: frozenset[str] = field(default_factory=frozenset)  # source codes and "total"

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def ratio(self) -> Decimal | None:
        if self.fte <= 0:
            return None
        return (Decimal(self.total) / self.fte).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def shown(self, suppress_small: bool) -> dict:
        """The row as text, with small cells (and their companions) hidden when asked."""
        hidden = self.hidden if suppress_small else frozenset()
        ratio = self.ratio
        return {
            "area": self.area,
            "depth": self.depth,
            "counts": {code: shown(n, code in hidden) for code, n in self.counts.items()},
            "total": shown(self.total, "total" in hidden),
            "fte": format(self.fte.quantize(Decimal("0.01"), ROUND_HALF_UP), "f"),
            "ratio": None if ratio is None or "total" in hidden else format(ratio, "f"),
            "suppressed": "total" in hidden,
        }


def rows(
    start: datetime.date,
    end: datetime.date,
    organisation_ids: Collection[int] | None = None,
    root: Area | None = None,
) -> list[Row]:
    """Every area (or `root` and what lies in it), gemeente → wijk → buurt, with figures
    and the cells to hide from whoever sees small cells suppressed."""
    per_source = {
        s.code: s.count_by_buurt(start, end, organisation_ids) for s in informal_sources()
    }
    fte = capacity_by_area(start, end, organisation_ids)
    areas = list(Area.objects.all())
    children: dict[int | None, list[Area]] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)
    out: list[Row] = []

    def visit(area: Area, depth: int) -> tuple[dict[str, int], Decimal]:
        row = Row(area, depth, {}, Decimal(0))
        out.append(row)
        counts = {code: per_source[code].get(area.pk, 0) for code in per_source}
        capacity = fte.get(area.pk, Decimal(0))
        for child in children.get(area.pk, []):
            child_counts, child_fte = visit(child, depth + 1)
            for code, n in child_counts.items():
                counts[code] += n
            capacity += child_fte
        row.counts, row.fte = counts, capacity
        return counts, capacity

    # Always the whole table, so that one area's cells are hidden as in the whole table
    # (else comparing the two would give a hidden cell away).
    for top in children.get(None, []):
        visit(top, 0)
    _mark_hidden(out, children)
    return out if root is None else _subtree(out, root)


def _subtree(out: list[Row], root: Area) -> list[Row]:
    """The rows of `root` and what lies in it, with depths from `root`."""
    start = next(i for i, row in enumerate(out) if row.area.pk == root.pk)
    base = out[start].depth
    inside: list[Row] = []
    for row in out[start:]:
        if inside and row.depth <= base:
            break
        row.depth -= base
        inside.append(row)
    return inside


def _mark_hidden(out: list[Row], children: dict[int | None, list[Area]]) -> None:
    """Which cells to hide: each row's total sums its kinds, each parent its children."""
    columns = [s.code for s in informal_sources()] + ["total"]
    counts = {}
    for row in out:
        counts.update({(row.area.pk, code): n for code, n in row.counts.items()})
        counts[(row.area.pk, "total")] = row.total
    lines = [((row.area.pk, "total"), [(row.area.pk, c) for c in columns[:-1]]) for row in out]
    for row in out:
        if kids := children.get(row.area.pk):
            lines += [((row.area.pk, c), [(kid.pk, c) for kid in kids]) for c in columns]
    hidden = hidden_cells(counts, lines)
    for row in out:
        row.hidden = frozenset(c for c in columns if (row.area.pk, c) in hidden)


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """This calendar year."""
    day = today or timezone.localdate()
    return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)


def organisations_for(user) -> list[int] | None:
    """Whose figures the user sees: the gemeente all (None), others their own."""
    if user.role == Role.GEMEENTE:
        return None
    return [user.organisation_id]


def suppresses(user) -> bool:
    return user.role == Role.GEMEENTE
