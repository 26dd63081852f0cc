"""Kwartier's own figures as indicators, per buurt, wijk and gemeente and year.

The one module of the indicators app that reads other apps' models (signals, support,
instruments): everything else in the wijkmonitor works on stored IndicatorValues only.

- meldingen per 1.000 inwoners: signals reported in the year (not merged into another,
  not a part of a split signal), per 1,000 inhabitants of the area in that year;
- open hulpvragen: hulpvragen not yet afgerond or gestopt at the end of the year (this
  year: now), counted in the buurt of the resident's household;
- eenzaamheid: the average De Jong Gierveld total (11 items, 0-11) of the residents
  measured in the year, each resident's last measurement of the year once; the 6-item
  form has another scale (0-6) and is left out;
- informele helpers per 1.000 inwoners: active volunteers, neighbours and buddies (no
  clubs or professional services) in the buurt of their working area (or the point
  they gave); the register keeps no history, so only for this year.

Rates need the imported number of inhabitants ("inwoners") of the area and year; without
it the value is stored as missing with that reason. Counts of people are small cells:
a count of 1-4, and what would let it be worked back through its wijk or gemeente, is
hidden with core/suppression.py, and a rate reveals its count (the inhabitants are
published), so it is hidden with it. A hidden or uncomputable value is stored as missing
with its reason. Areas: the buurten in any organisation's werkgebied and those with a
record, with their wijken and gemeenten (a wijk adds up its buurten; a wijk or gemeente
with a buurt outside every werkgebied gets no figure: it would count only a part).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone

from kwartier.core.geo import contains
from kwartier.core.models import Area, Organisation
from kwartier.core.suppression import SMALL_CELL, hidden_cells, tree_lines
from kwartier.instruments.models import Measurement
from kwartier.signals.models import Signal
from kwartier.support.models import Helper, HelpRequest, StatusChange
from kwartier.support.workflow import FINAL

from . import definitions
from .models import EARLIEST_YEAR, Indicator, IndicatorValue

SOURCE = "Kwartier"
PLACES = Decimal("0.01")
LONELINESS_INSTRUMENT = "djg11"
INFORMAL = (Helper.Kind.VRIJWILLIGER, Helper.Kind.BUUR, Helper.Kind.MAATJE)
SMALL = f"minder dan {SMALL_CELL}: niet getoond, zodat niemand herkenbaar is"
COMPLEMENTARY = "verborgen, zodat een klein aantal elders niet is terug te rekenen"
FEW_MEASURED = f"minder dan {SMALL_CELL} gemeten bewoners: niet getoond"
NONE_MEASURED = "geen bewoners gemeten met de De Jong Gierveld-schaal (11 vragen)"
PARTIAL = "Kwartier wordt niet in al zijn buurten gebruikt"
NO_HISTORY = "alleen voor het lopende jaar: het aanbod houdt geen historie bij"
HIDDEN = (SMALL, COMPLEMENTARY, FEW_MEASURED)
Own = Indicator.Own


class OwnFailed(Exception):
    """The figures were not computed (a year outside the range); the message is Dutch."""


@dataclass
class Outcome:
    """What one indicator got in one run."""

    code: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    hidden: int = 0
    not_computed: dict[str, int] = field(default_factory=dict)  # reason → area-years


@dataclass
class OwnReport:
    years: list[int]
    areas: int = 0
    indicators: list[Outcome] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def span(self) -> str:
        first, last = self.years[0], self.years[-1]
        return f"{first}–{last}" if last != first else str(first)

    def total(self, key: str) -> int:
        return sum(getattr(outcome, key) for outcome in self.indicators)

    def lines(self) -> list[str]:
        """The report in Dutch, for the command line and the page."""
        out = [f"Eigen cijfers van Kwartier, {self.span}, voor {self.areas} gebieden:"]
        for outcome in self.indicators:
            out.append(
                f"- {outcome.code}: nieuw {outcome.created}, gewijzigd {outcome.updated}, "
                f"ongewijzigd {outcome.unchanged}; verborgen (kleine aantallen) {outcome.hidden}"
            )
            out += [
                f"  niet berekend: {reason} ({count}×)"
                for reason, count in outcome.not_computed.items()
            ]
        return out


# A cell: (value, missing reason); the value None when it is missing.
Cell = tuple[Decimal | None, str]


def compute(year: int | None = None, *, now: datetime.datetime | None = None) -> OwnReport:
    """Compute and store the own figures of `year`, or of every year from the first
    record in Kwartier up to this year. Running it again changes nothing."""
    now = now or timezone.now()
    this_year = timezone.localtime(now).year
    if year is not None and not EARLIEST_YEAR <= year <= this_year:
        raise OwnFailed(f"Kies een jaar van {EARLIEST_YEAR} tot en met {this_year}.")
    years = [year] if year is not None else list(range(_first_year(this_year), this_year + 1))
    tree = _Tree()
    report = OwnReport(years=years, areas=len(tree.all))
    indicators = {i.own: i for i in definitions.ensure().values() if i.own}
    with transaction.atomic():
        for own, figure in _INDICATORS:
            outcome = Outcome(code=indicators[own].code)
            report.indicators.append(outcome)
            for one_year in years:
                end = now if one_year == this_year else _start_of(one_year + 1)
                cells = figure(tree, one_year, end, this_year)
                if cells is None:
                    skipped = outcome.not_computed.get(NO_HISTORY, 0)
                    outcome.not_computed[NO_HISTORY] = skipped + len(tree.all)
                    continue
                cells |= dict.fromkeys(tree.partial, (None, PARTIAL))
                _tally(outcome, cells)
                _write(indicators[own], one_year, cells, outcome, now)
    return report


# The areas ----------------------------------------------------------------------------


class _Tree:
    """The buurten Kwartier covers, their wijken and gemeenten, and the lines of sums."""

    def __init__(self):
        buurten = set()
        for organisation in Organisation.objects.prefetch_related("areas"):
            for area in organisation.areas.all():
                buurten.update(area.buurt_ids())
        buurten |= set(Signal.objects.values_list("area_id", flat=True).distinct())
        buurten |= set(
            HelpRequest.objects.values_list("person__household__buurt_id", flat=True).distinct()
        )
        buurten |= set(
            Measurement.objects.filter(instrument=LONELINESS_INSTRUMENT)
            .values_list("person__household__buurt_id", flat=True)
            .distinct()
        )
        buurten |= set(
            Helper.objects.filter(area__level=Area.Level.BUURT).values_list("area_id", flat=True)
        )
        rows = Area.objects.filter(pk__in=buurten - {None}, level=Area.Level.BUURT)
        self.parent = dict(rows.values_list("pk", "parent_id"))
        wijken = {wijk for wijk in self.parent.values() if wijk}
        self.parent |= dict(Area.objects.filter(pk__in=wijken).values_list("pk", "parent_id"))
        self.buurten = set(rows.values_list("pk", flat=True))
        self.all = set(self.parent) | {p for p in self.parent.values() if p}
        children = defaultdict(list)
        for child, parent in self.parent.items():
            if parent:
                children[parent].append(child)
        self.lines = tree_lines({parent: sorted(kids) for parent, kids in children.items()})
        # A wijk or gemeente with buurten (or wijken) in Kwartier that are not covered.
        uncovered = Area.objects.filter(parent_id__in=self.all).exclude(pk__in=self.all)
        self.partial = set(uncovered.values_list("parent_id", flat=True))
        self.partial |= {self.parent[a] for a in self.partial if self.parent.get(a)}

    def sums(self, per_buurt: dict[int, int]) -> dict[int, int]:
        """The count of every area: a buurt's own, a wijk's and gemeente's the sum."""
        counts = dict.fromkeys(self.all, 0)
        for buurt in self.buurten:
            area = buurt
            while area:
                counts[area] += per_buurt.get(buurt, 0)
                area = self.parent.get(area)
        return counts

    def pooled(self, per_buurt: dict[int, list]) -> dict[int, list]:
        """The items of every area: a wijk's and gemeente's those of their buurten."""
        items = {area: [] for area in self.all}
        for buurt in self.buurten:
            area = buurt
            while area:
                items[area] += per_buurt.get(buurt, [])
                area = self.parent.get(area)
        return items


def _first_year(this_year: int) -> int:
    firsts = [
        Signal.objects.aggregate(first=Min("reported_at"))["first"],
        HelpRequest.objects.aggregate(first=Min("registered_on"))["first"],
        Measurement.objects.filter(instrument=LONELINESS_INSTRUMENT).aggregate(
            first=Min("measured_on")
        )["first"],
    ]
    years = [first.year for first in firsts if first is not None]
    return max(EARLIEST_YEAR, min(years, default=this_year))


def _start_of(year: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, 1, 1))


# The figures --------------------------------------------------------------------------


def _signals(tree: _Tree, year: int, end, this_year: int) -> dict[int, Cell]:
    reported = Signal.objects.filter(
        parent__isnull=True,
        merged_into__isnull=True,
        reported_at__gte=_start_of(year),
        reported_at__lt=end,
    )
    per_buurt = dict(reported.values_list("area_id").annotate(n=Count("pk")))
    return _rates(tree, tree.sums(per_buurt), year)


def _open_help_requests(tree: _Tree, year: int, end, this_year: int) -> dict[int, Cell]:
    requests = HelpRequest.objects.filter(registered_on__lt=datetime.date(year + 1, 1, 1))
    rows = requests.values_list("pk", "status", "status_changed_at", "person__household__buurt_id")
    at_end = {}
    if year < this_year:
        # The status then: the last change before the end of the year.
        changes = StatusChange.objects.filter(changed_at__lt=end).order_by("changed_at", "pk")
        at_end = dict(changes.values_list("request_id", "to_status"))
    per_buurt: Counter = Counter()
    for pk, status, changed_at, buurt in rows:
        if year < this_year and changed_at >= end:
            status = at_end.get(pk, HelpRequest.Status.NIEUW)
        if buurt is not None and status not in FINAL:
            per_buurt[buurt] += 1
    counts = tree.sums(per_buurt)
    hidden = hidden_cells(counts, tree.lines)
    return {
        area: (_hidden(area, counts) if area in hidden else (Decimal(counts[area]), ""))
        for area in tree.all
    }


def _loneliness(tree: _Tree, year: int, end, this_year: int) -> dict[int, Cell]:
    measured = Measurement.objects.filter(
        instrument=LONELINESS_INSTRUMENT,
        total__isnull=False,
        measured_on__year=year,
        person__household__isnull=False,
    ).order_by("measured_on", "pk")
    last = {}  # each resident once: their last measurement of the year
    for person, buurt, total in measured.values_list(
        "person_id", "person__household__buurt_id", "total"
    ):
        last[person] = (buurt, total)
    per_buurt = defaultdict(list)
    for buurt, total in last.values():
        per_buurt[buurt].append(total)
    cells = {}
    # An average does not add up like a count, and the numbers measured are not shown:
    # hiding averages of fewer than SMALL_CELL residents is enough.
    for area, totals in tree.pooled(per_buurt).items():
        if not totals:
            cells[area] = (None, NONE_MEASURED)
        elif len(totals) < SMALL_CELL:
            cells[area] = (None, FEW_MEASURED)
        else:
            cells[area] = (_rounded(sum(totals) / len(totals)), "")
    return cells


def _helpers(tree: _Tree, year: int, end, this_year: int) -> dict[int, Cell] | None:
    if year != this_year:
        return None
    helpers = Helper.objects.filter(active=True, kind__in=INFORMAL).select_related("area")
    outlines = None
    per_buurt: Counter = Counter()
    for helper in helpers:
        buurt = helper.area_id if helper.area and helper.area.level == Area.Level.BUURT else None
        if helper.area_id is None and helper.lat is not None and helper.lon is not None:
            if outlines is None:
                outlines = Area.objects.filter(pk__in=tree.buurten, outline__isnull=False)
            buurt = next(
                (b.pk for b in outlines if contains(b.outline, helper.lon, helper.lat)), None
            )
        if buurt in tree.buurten:
            per_buurt[buurt] += 1
    return _rates(tree, tree.sums(per_buurt), year)


_INDICATORS = (
    (Own.SIGNALS_PER_1000, _signals),
    (Own.OPEN_HELP_REQUESTS, _open_help_requests),
    (Own.LONELINESS_BAND, _loneliness),
    (Own.HELPERS_PER_1000, _helpers),
)


def _rates(tree: _Tree, counts: dict[int, int], year: int) -> dict[int, Cell]:
    """Per 1,000 inhabitants of the area and year; a hidden count hides its rate."""
    inhabitants = dict(
        IndicatorValue.objects.filter(
            indicator__code="inwoners", year=year, area_id__in=tree.all, value__isnull=False
        ).values_list("area_id", "value")
    )
    # Areas without inhabitants count as shown here: assuming the reader knows more only
    # hides more.
    hidden = hidden_cells(counts, tree.lines)
    cells = {}
    for area in tree.all:
        if area in hidden:
            cells[area] = _hidden(area, counts)
        elif not inhabitants.get(area):
            cells[area] = (None, f"geen inwonertal van {year} ingelezen")
        else:
            cells[area] = (_rounded(Decimal(counts[area]) * 1000 / inhabitants[area]), "")
    return cells


def _hidden(area: int, counts: dict) -> Cell:
    return None, SMALL if counts[area] < SMALL_CELL else COMPLEMENTARY


def _rounded(value) -> Decimal:
    return Decimal(value).quantize(PLACES, ROUND_HALF_UP)


# Storing ------------------------------------------------------------------------------


def _tally(outcome: Outcome, cells: dict[int, Cell]) -> None:
    for value, reason in cells.values():
        if value is None and reason in HIDDEN:
            outcome.hidden += 1
        elif value is None:
            outcome.not_computed[reason] = outcome.not_computed.get(reason, 0) + 1


def _write(indicator: Indicator, year: int, cells: dict[int, Cell], outcome: Outcome, now):
    existing = {
        row.area_id: row
        for row in IndicatorValue.objects.filter(indicator=indicator, year=year, area_id__in=cells)
    }
    new, changed = [], []
    for area, (value, reason) in cells.items():
        row = existing.get(area)
        if row is None:
            new.append(
                IndicatorValue(
                    indicator=indicator,
                    area_id=area,
                    year=year,
                    value=value,
                    missing_reason=reason,
                    source=SOURCE,
                    imported_at=now,
                )
            )
        elif row.value != value or row.missing_reason != reason or row.source != SOURCE:
            row.value, row.missing_reason, row.source, row.imported_at = value, reason, SOURCE, now
            changed.append(row)
        else:
            outcome.unchanged += 1
    IndicatorValue.objects.bulk_create(new, batch_size=500)
    IndicatorValue.objects.bulk_update(
        changed, ["value", "missing_reason", "source", "imported_at"], batch_size=500
    )
    outcome.created += len(new)
    outcome.updated += len(changed)
