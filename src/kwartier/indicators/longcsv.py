"""Reader of a plain long CSV, `area_code;indicator;year;value`: a municipality's own
monitor, one figure per row. Pure. Dutch headers (`gebied;indicator;jaar;waarde`) are
accepted; the separator is `;`, `,` or a tab; numbers may be written `1.234,5`."""

from __future__ import annotations

from .definitions import normal
from .parsing import (
    Column,
    Parsed,
    Problems,
    Record,
    Region,
    is_missing,
    number,
    region_code,
    uses_decimal_comma,
)

HEADERS = {
    "area": {"areacode", "area", "gebied", "gebiedscode", "code", "regiocode"},
    "indicator": {"indicator", "indicatorcode"},
    "year": {"year", "jaar", "periode"},
    "value": {"value", "waarde"},
}


def roles_of(header: list[str]) -> dict[str, int] | None:
    """Position of each needed column, or None when the header is not a long CSV."""
    found = {}
    for i, name in enumerate(header):
        for role, names in HEADERS.items():
            if normal(name) in names:
                found.setdefault(role, i)
    return found if len(found) == len(HEADERS) else None


def read(rows: list[tuple[int, list[str]]]) -> Parsed:
    (_, header), data = rows[0], [row for row in rows[1:] if any(f.strip() for f in row[1])]
    roles = roles_of(header)
    problems = Problems()
    decimal_comma = uses_decimal_comma(
        [fields[roles["value"]] for _, fields in data if len(fields) == len(header)]
    )
    columns: dict[str, Column] = {}
    regions: dict[str, Region] = {}
    records, seen = [], {}
    for line, fields in data:
        if len(fields) != len(header):
            problems.add(
                line,
                f"{len(fields)} velden, de kopregel heeft er {len(header)}: "
                "klopt het scheidingsteken?",
            )
            continue
        raw_code, indicator, raw_year, raw = (fields[roles[r]] for r in HEADERS)
        code = region_code(raw_code)
        if code is None:
            problems.add(line, f"'{raw_code.strip()}' is geen CBS-gebiedscode (GM…, WK…, BU…)")
            continue
        indicator = indicator.strip().lower()
        column = columns.setdefault(indicator, Column(indicator, indicator))
        try:
            year = int(raw_year.strip())
        except ValueError:
            problems.add(line, f"'{raw_year.strip()}' is geen jaartal")
            continue
        key = (code, indicator, year)
        if key in seen:
            problems.add(
                line,
                f"{code}, {indicator}, {year} staat twee keer in het bestand "
                f"(regels {seen[key]} en {line})",
            )
            continue
        seen[key] = line
        if is_missing(raw):
            column.missing += 1
            continue
        try:
            value = number(raw, decimal_comma)
        except ValueError as error:
            problems.add(line, str(error))
            continue
        column.read += 1
        region = regions.setdefault(code, Region(line, code, code))
        records.append(Record(line, region, indicator, year, value))
    return Parsed("long", list(columns.values()), records, list(regions.values()), problems)
