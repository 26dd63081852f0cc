"""Signal figures for the figures page: per category, per buurt, per month, the share
handled within term and the reporters' satisfaction, over the last twelve months.

Counts, never a reporter, and with the project's small-cell suppression
(core/suppression.py): every count of 1 to 4 is hidden, and so many others that no hidden
count can be worked back from a total on the same table (a wijk and its buurten, a column
total and its rows, "afgehandeld" and its within/over split). A share is shown only when
none of the counts it is made of is hidden.

The figures cover all signals of the municipality (merged duplicates left out, since they
are counted in the signal they were merged into); who may read them is the page's
business (SIGNAL_FIGURE_READERS).
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from kwartier.core.models import Area
from kwartier.core.suppression import hidden_cells, shown, tree_lines

from .models import Category, Signal
from .states import Status

MONTHS = 12
MONTH_NAMES = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
TOTAL = "totaal"


@dataclass
class Table:
    """A table as shown and as CSV: a header and rows of texts (first cell the label)."""

    slug: str
    title: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    depths: list[int] = field(default_factory=list)  # indentation of each row's label

    def rows_with_depth(self):
        return list(zip(self.rows, self.depths, strict=True))

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return out.getvalue()


def months(today: datetime.date, count: int = MONTHS) -> list[datetime.date]:
    """The first days of the last `count` months, this one last."""
    index = today.year * 12 + today.month - 1
    return [datetime.date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def base(today: datetime.date | None = None):
    """The signals the figures count: reported in the last twelve months, not merged."""
    today = today or timezone.localdate()
    first = months(today)[0]
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    return Signal.objects.filter(merged_into__isnull=True, reported_at__gte=start)


def _main_categories() -> list[Category]:
    return list(Category.objects.filter(parent__isnull=True).order_by("order", "name"))


def _per_main(queryset) -> dict[int, int]:
    main = Coalesce("category__parent_id", "category_id")
    return dict(queryset.annotate(main=main).values_list("main").annotate(n=Count("pk")))


def per_category(queryset) -> Table:
    counts = _per_main(queryset)
    mains = _main_categories()
    cells = {m.pk: counts.get(m.pk, 0) for m in mains}
    cells[TOTAL] = sum(cells.values())
    hidden = hidden_cells(cells, [(TOTAL, [m.pk for m in mains])])
    table = Table("categorie", "Meldingen per categorie", ["Categorie", "Meldingen"])
    for key, label in [*((m.pk, m.name) for m in mains), (TOTAL, "Totaal")]:
        table.rows.append([label, shown(cells[key], key in hidden)])
        table.depths.append(0)
    return table


def per_area(queryset) -> Table:
    """Gemeente, wijken, buurten: each wijk sums its buurten, the gemeente its wijken."""
    per_buurt = dict(queryset.values_list("area_id").annotate(n=Count("pk")))
    areas = list(Area.objects.order_by("code"))
    children: dict[int | None, list[Area]] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)
    order: list[tuple[Area, int]] = []
    cells: dict[int, int] = {}

    def visit(area: Area, depth: int) -> int:
        order.append((area, depth))
        kids = children.get(area.pk, [])
        total = per_buurt.get(area.pk, 0) + sum(visit(kid, depth + 1) for kid in kids)
        cells[area.pk] = total
        return total

    for root in children.get(None, []):
        visit(root, 0)
    lines = tree_lines({a.pk: [k.pk for k in kids] for a in areas if (kids := children.get(a.pk))})
    hidden = hidden_cells(cells, lines)
    table = Table("buurt", "Meldingen per wijk en buurt", ["Gebied", "Niveau", "Meldingen"])
    for area, depth in order:
        table.rows.append(
            [area.name, area.get_level_display(), shown(cells[area.pk], area.pk in hidden)]
        )
        table.depths.append(depth)
    return table


def per_month(queryset, today: datetime.date | None = None) -> Table:
    first_days = months(today or timezone.localdate())
    counts = {
        timezone.localtime(month).date() if isinstance(month, datetime.datetime) else month: n
        for month, n in queryset.annotate(month=TruncMonth("reported_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
    }
    cells = {day: counts.get(day, 0) for day in first_days}
    cells[TOTAL] = sum(cells.values())
    hidden = hidden_cells(cells, [(TOTAL, first_days)])
    table = Table("maand", "Meldingen per maand", ["Maand", "Meldingen"])
    for day in first_days:
        label = f"{MONTH_NAMES[day.month - 1]} {day.year}"
        table.rows.append([label, shown(cells[day], day in hidden)])
        table.depths.append(0)
    table.rows.append(["Totaal", shown(cells[TOTAL], TOTAL in hidden)])
    table.depths.append(0)
    return table


def _share(part: int, whole: int, hidden: set, *cells) -> str:
    if whole == 0 or any(cell in hidden for cell in cells):
        return "–"
    return f"{round(100 * part / whole)} %"


def _split_table(table: Table, counts: dict, columns: tuple[str, str, str]) -> Table:
    """Rows per main category plus the total of `whole = yes + no`, suppressed along the
    rows (whole = yes + no) and the columns (total = sum of the rows)."""
    whole, yes, no = columns
    mains = _main_categories()
    keys = [m.pk for m in mains]
    cells = {}
    for column in columns:
        for key in keys:
            cells[(column, key)] = counts[column].get(key, 0)
        cells[(column, TOTAL)] = sum(cells[(column, key)] for key in keys)
    lines = [((whole, key), [(yes, key), (no, key)]) for key in [*keys, TOTAL]]
    lines += [((column, TOTAL), [(column, key) for key in keys]) for column in columns]
    hidden = hidden_cells(cells, lines)
    for key, label in [*((m.pk, m.name) for m in mains), (TOTAL, "Totaal")]:
        row = [label]
        row += [shown(cells[(column, key)], (column, key) in hidden) for column in columns]
        row.append(
            _share(
                cells[(yes, key)],
                cells[(whole, key)],
                hidden,
                *((column, key) for column in columns),
            )
        )
        table.rows.append(row)
        table.depths.append(0)
    return table


def within_term(queryset) -> Table:
    """Signals handled (afgehandeld) and how many of them within their term."""
    handled = queryset.filter(status=Status.AFGEHANDELD, closed_at__isnull=False)
    counts = {
        "afgehandeld": _per_main(handled),
        "binnen": _per_main(handled.filter(closed_at__lte=F("due_at"))),
        "over": _per_main(handled.filter(closed_at__gt=F("due_at"))),
    }
    table = Table(
        "termijn",
        "Afgehandeld binnen de termijn",
        ["Categorie", "Afgehandeld", "Binnen termijn", "Over termijn", "Aandeel binnen termijn"],
    )
    return _split_table(table, counts, ("afgehandeld", "binnen", "over"))


def satisfaction(queryset) -> Table:
    """Of the reporters who answered after closing: how many were satisfied."""
    answered = queryset.filter(satisfied__isnull=False)
    counts = {
        "beantwoord": _per_main(answered),
        "tevreden": _per_main(answered.filter(satisfied=True)),
        "niet": _per_main(answered.filter(Q(satisfied=False))),
    }
    table = Table(
        "tevredenheid",
        "Tevredenheid van melders",
        ["Categorie", "Beantwoord", "Tevreden", "Niet tevreden", "Aandeel tevreden"],
    )
    return _split_table(table, counts, ("beantwoord", "tevreden", "niet"))


def tables(today: datetime.date | None = None) -> list[Table]:
    queryset = base(today)
    return [
        per_category(queryset),
        per_area(queryset),
        per_month(queryset, today),
        within_term(queryset),
        satisfaction(queryset),
    ]
