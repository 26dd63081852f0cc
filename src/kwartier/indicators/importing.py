"""Importing a file of figures: the one function behind the CLI, the upload page and the API.

`import_file(data, file_name, year=, dry_run=, user=)` recognises the format (CBS
Kerncijfers as a table with codes or OData keys, StatLine's download with names only, a
long CSV), reads it, finds or creates the areas, checks every value against its
indicator, writes what changed and computes the derived indicators. All or nothing: any
error raises ImportFailed with every error and its line number, and nothing is saved. A
dry run does the same work and rolls it back, so its report is exactly what an import
would do. Running an import again changes nothing (its values count as unchanged).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kwartier.core.models import Area

from . import cbs, definitions, longcsv
from .models import YEAR, ImportRun, Indicator, IndicatorValue
from .parsing import Column, ReadError, Record, Region, decode, delimiter_of, rows, year_in

MAX_BYTES = 20 * 1024 * 1024  # a whole country's Kerncijfers is about 15 MB
PLACES = Decimal("0.0001")  # the precision of IndicatorValue.value
DERIVED_PLACES = Decimal("0.01")
LEVEL_ORDER = {"GM": 0, "WK": 1, "BU": 2}


class ImportFailed(Exception):
    """The file was not imported; `errors` are Dutch, with their line numbers."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


class _DryRun(Exception):
    """Rolls a dry run back after all its work."""


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class Report:
    file_name: str
    format: str = ""
    encoding: str = ""
    years: list[int] = field(default_factory=list)
    dry_run: bool = False
    columns: list[Column] = field(default_factory=list)
    values: Counts = field(default_factory=Counts)
    derived: dict[str, Counts] = field(default_factory=dict)
    derived_skipped: list[str] = field(default_factory=list)
    regions_read: int = 0
    areas_created: list[str] = field(default_factory=list)
    regions_skipped: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def lines(self) -> list[str]:
        """The report in Dutch, for the command line and the page."""
        label = dict(ImportRun.Format.choices).get(self.format, self.format)
        years = ", ".join(str(year) for year in self.years)
        out = [
            f"{self.file_name}: {label}, {years} ({self.encoding})"
            + (" — proefdraai: er is niets opgeslagen" if self.dry_run else ""),
            f"Gebieden gelezen {self.regions_read}, nieuw in Kwartier {len(self.areas_created)}, "
            f"overgeslagen {len(self.regions_skipped)}.",
            f"Waarden nieuw {self.values.created}, gewijzigd {self.values.updated}, "
            f"ongewijzigd {self.values.unchanged}.",
            "Per kolom:",
        ]
        for column in self.columns:
            if column.indicator:
                out.append(
                    f"- {column.name} → {column.indicator}: gelezen {column.read}, "
                    f"ontbrekend {column.missing}"
                )
            else:
                out.append(f"- {column.name}: {column.note}")
        for code, counts in self.derived.items():
            out.append(
                f"Afgeleid {code}: nieuw {counts.created}, gewijzigd {counts.updated}, "
                f"ongewijzigd {counts.unchanged}"
            )
        if self.areas_created:
            out.append("Nieuwe gebieden: " + ", ".join(self.areas_created))
        out += [f"Overgeslagen: {text}" for text in self.regions_skipped]
        out += [f"Niet berekend: {text}" for text in self.derived_skipped]
        return out


def import_file(
    data: bytes, file_name: str, *, year: int | None = None, dry_run: bool = False, user=None
) -> Report:
    """Read and import one file; ImportFailed (nothing saved) on any error."""
    if len(data) > MAX_BYTES:
        raise ImportFailed([f"Het bestand is groter dan {MAX_BYTES // 1024 // 1024} MB."])
    report = Report(file_name=file_name, dry_run=dry_run)
    try:
        text, report.encoding = decode(data)
    except ReadError as error:
        raise ImportFailed([str(error)]) from error
    parsed = _read(text, file_name, year, report)
    if parsed.problems.errors:
        raise ImportFailed(parsed.problems.errors)
    report.format, report.columns = parsed.format, parsed.columns
    report.regions_read = len(parsed.regions)
    report.years = sorted({record.year for record in parsed.records}) or report.years
    try:
        with transaction.atomic():
            _store(parsed, report, user)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _read(text: str, file_name: str, year: int | None, report: Report):
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise ImportFailed(["Het bestand is leeg."])
    table = rows(text, delimiter_of(_header_line(lines)))
    table = [(line, fields) for line, fields in table if any(f.strip() for f in fields)]
    if cbs.is_statline(table):
        found = _year(year_in(cbs.statline_title(table)) or year_in(file_name), year)
        report.years = [found]
        return cbs.read_statline(table, found)
    header = table[0][1]
    if longcsv.roles_of(header):
        if len(table) < 2:
            raise ImportFailed(["Het bestand heeft geen regels onder de kopregel."])
        return longcsv.read(table)
    if cbs.is_table(header):
        found = _year(year_in(file_name), year)
        report.years = [found]
        return cbs.read_table(table, found)
    raise ImportFailed(
        [
            "regel 1: dit is geen bestand dat Kwartier kent. Verwacht: CBS Kerncijfers wijken "
            "en buurten (met een kolom Codering of WijkenEnBuurten), de CSV-download van "
            "StatLine, of een lange CSV met de kolommen area_code;indicator;year;value."
        ]
    )


def _header_line(lines: list[str]) -> str:
    """The line whose separator counts: StatLine's title has none, so the row after it."""
    for line in lines[:6]:
        if any(sep in re.sub(r'"[^"]*"', "", line) for sep in (";", ",", "\t")):
            return line
    return lines[0]


def _year(from_file: int | None, given: int | None) -> int:
    if from_file and given and from_file != given:
        raise ImportFailed(
            [f"Het bestand gaat over {from_file}, niet over {given} (--year): laat --year weg."]
        )
    chosen = from_file or given
    if chosen is None:
        raise ImportFailed(
            ["Het bestand noemt geen jaar: geef het jaar op (--year, of het veld Jaar)."]
        )
    return _checked_year(chosen)


def _checked_year(year: int, line: int | None = None) -> int:
    try:
        YEAR(year)
    except ValidationError as error:
        where = f"regel {line}: " if line else ""
        raise ImportFailed([where + error.messages[0]]) from None
    return year


def _store(parsed, report: Report, user) -> None:
    indicators = {i.code: i for i in Indicator.objects.all()} | definitions.ensure()
    errors: list[str] = []
    areas = _areas(parsed.regions, report, errors)
    wanted: dict[tuple, tuple[Record, Decimal]] = {}
    for record in parsed.records:
        indicator = indicators.get(record.indicator)
        problem = _indicator_problem(indicator, record.indicator)
        if problem is None:
            try:
                YEAR(record.year)
            except ValidationError as error:
                problem = error.messages[0]
        country = record.region.code is not None and record.region.code.startswith("NL")
        if problem is None:
            problem = indicator.value_problem(record.value, country)
        if problem:
            errors.append(f"regel {record.line}: {problem}")
            continue
        if record.region.line in areas:
            area = areas[record.region.line]
            key = (indicator.pk, area.pk if area else None, record.year)
            wanted[key] = (record, record.value.quantize(PLACES, ROUND_HALF_UP))
    if errors:
        raise ImportFailed(errors)
    source = _source(parsed.format, report)
    report.values = _write(wanted, source)
    if not report.years:
        report.years = sorted({key[2] for key in wanted})
    _derive(indicators, {key for key in wanted}, report)
    if not report.dry_run:
        ImportRun.objects.create(
            file_name=report.file_name[:255],
            format=parsed.format,
            years=", ".join(str(y) for y in report.years)[:200],
            created=report.values.created,
            updated=report.values.updated,
            unchanged=report.values.unchanged,
            skipped=len(report.regions_skipped),
            areas_created=len(report.areas_created),
            report=report.as_dict(),
            recorded_by=user if user is not None and user.is_authenticated else None,
        )


def _indicator_problem(indicator: Indicator | None, code: str) -> str | None:
    if indicator is None:
        return f"onbekende indicator '{code}' (de beheerder legt indicatoren vast)"
    if indicator.derived:
        return (
            f"'{code}' wordt berekend uit '{indicator.numerator.code}' en "
            f"'{indicator.denominator.code}', niet ingelezen"
        )
    if indicator.own:
        return f"'{code}' is een eigen cijfer van Kwartier en wordt niet ingelezen"
    return None


def _source(file_format: str, report: Report) -> str:
    label = dict(ImportRun.Format.choices)[file_format]
    return f"{label} ({report.file_name})"[:200]


# Areas ---------------------------------------------------------------------------------


def _areas(regions: list[Region], report: Report, errors: list[str]) -> dict:
    """{line of the region: Area, or None for the country}; unmatched names are skipped."""
    by_code = {a.code: a for a in Area.objects.filter(code__in=[r.code for r in regions if r.code])}
    found: dict[int, Area | None] = {}
    named = [region for region in regions if region.code is None]
    coded = sorted(
        (region for region in regions if region.code),
        key=lambda r: LEVEL_ORDER.get(r.code[:2], -1),
    )
    for region in coded:
        if region.code.startswith("NL"):
            found[region.line] = None
        elif region.code in by_code:
            found[region.line] = by_code[region.code]
        else:
            area = _create(region, by_code, errors)
            if area is not None:
                by_code[area.code] = found[region.line] = area
                report.areas_created.append(f"{area.code} {area.name}")
    found |= _by_name(named, report)
    return found


def _create(region: Region, by_code: dict, errors: list[str]) -> Area | None:
    """A new area under its parent (in Kwartier or earlier in the file)."""
    level = {"GM": Area.Level.GEMEENTE, "WK": Area.Level.WIJK, "BU": Area.Level.BUURT}
    code = region.code
    parent = None
    if code.startswith("WK"):
        parent = by_code.get("GM" + code[2:6])
        if parent is None and region.municipality:
            parent = Area.objects.create(
                code="GM" + code[2:6], name=region.municipality, level=Area.Level.GEMEENTE
            )
            by_code[parent.code] = parent
    elif code.startswith("BU"):
        parent = by_code.get("WK" + code[2:8])
    if code[:2] in ("WK", "BU") and parent is None:
        expected = "GM" + code[2:6] if code.startswith("WK") else "WK" + code[2:8]
        errors.append(
            f"regel {region.line}: {code} ligt in {expected}, maar dat gebied staat niet in "
            "Kwartier en niet in het bestand"
        )
        return None
    return Area.objects.create(
        code=code, name=region.name[:120] or code, level=level[code[:2]], parent=parent
    )


def _by_name(regions: list[Region], report: Report) -> dict:
    """StatLine's names: a gemeente by its name, then wijken and buurten of the same name
    under the last gemeente named; a name that is not there once is skipped."""
    found: dict[int, Area] = {}
    gemeente = None
    for region in regions:
        name = region.name
        gemeenten = list(Area.objects.filter(level=Area.Level.GEMEENTE, name__iexact=name))
        if len(gemeenten) == 1:
            gemeente = found[region.line] = gemeenten[0]
            continue
        if gemeente is None:
            report.regions_skipped.append(
                f"regel {region.line}: '{name}': geen gemeente van die naam in Kwartier"
            )
            continue
        under = Q(parent=gemeente) | Q(parent__parent=gemeente)
        matches = list(Area.objects.filter(under, name__iexact=name))
        if len(matches) == 1:
            found[region.line] = matches[0]
        elif not matches:
            report.regions_skipped.append(
                f"regel {region.line}: '{name}': geen wijk of buurt van die naam in {gemeente.name}"
            )
        else:
            codes = ", ".join(area.code for area in matches)
            report.regions_skipped.append(
                f"regel {region.line}: '{name}': meer dan één gebied van die naam ({codes})"
            )
    return found


# Values --------------------------------------------------------------------------------


def _write(wanted: dict[tuple, tuple[Record | None, Decimal]], source: str) -> Counts:
    """Create and update the values; one that is already there counts as unchanged."""
    counts = Counts()
    if not wanted:
        return counts
    existing = _existing(wanted)
    now = timezone.now()
    new, changed = [], []
    for key, (_, value) in wanted.items():
        row = existing.get(key)
        if row is None:
            indicator_id, area_id, year = key
            new.append(
                IndicatorValue(
                    indicator_id=indicator_id,
                    area_id=area_id,
                    year=year,
                    value=value,
                    source=source,
                    imported_at=now,
                )
            )
        elif row.value != value or row.missing_reason:
            row.value, row.missing_reason, row.source, row.imported_at = value, "", source, now
            changed.append(row)
        else:
            counts.unchanged += 1
    IndicatorValue.objects.bulk_create(new, batch_size=500)
    IndicatorValue.objects.bulk_update(
        changed, ["value", "missing_reason", "source", "imported_at"], batch_size=500
    )
    counts.created, counts.updated = len(new), len(changed)
    return counts


def _existing(keys) -> dict[tuple, IndicatorValue]:
    indicator_ids = {key[0] for key in keys}
    years = {key[2] for key in keys}
    rows = IndicatorValue.objects.filter(indicator_id__in=indicator_ids, year__in=years)
    return {(row.indicator_id, row.area_id, row.year): row for row in rows}


def _derive(indicators: dict[str, Indicator], touched: set[tuple], report: Report) -> None:
    """Compute every derived indicator whose numerator or denominator was imported, for
    the areas and years imported, from the values now stored."""
    places = {(area_id, year) for _, area_id, year in touched}
    touched_ids = {key[0] for key in touched}
    for indicator in indicators.values():
        if not indicator.derived or not (
            {indicator.numerator_id, indicator.denominator_id} & touched_ids
        ):
            continue
        parts = defaultdict(dict)
        rows = IndicatorValue.objects.filter(
            indicator_id__in=(indicator.numerator_id, indicator.denominator_id),
            year__in={year for _, year in places},
            value__isnull=False,
        ).values_list("indicator_id", "area_id", "year", "value")
        for indicator_id, area_id, year, value in rows:
            if (area_id, year) in places:
                parts[(area_id, year)][indicator_id] = value
        wanted = {}
        for (area_id, year), values in parts.items():
            numerator = values.get(indicator.numerator_id)
            denominator = values.get(indicator.denominator_id)
            if numerator is None or not denominator:
                continue
            value = (numerator / denominator * indicator.factor).quantize(
                DERIVED_PLACES, ROUND_HALF_UP
            )
            if indicator.value_problem(value, country=area_id is None):
                # CBS rounds small counts to fives: a share can come out above 100 %.
                where = _area_name(area_id)
                report.derived_skipped.append(
                    f"{indicator.code} {where} {year}: {value} ligt buiten het bereik"
                )
                continue
            wanted[(indicator.pk, area_id, year)] = (None, value)
        report.derived[indicator.code] = _write(
            wanted, f"berekend: {indicator.numerator.name} / {indicator.denominator.name}"
        )


def _area_name(area_id) -> str:
    return Area.objects.get(pk=area_id).code if area_id else "Nederland"
