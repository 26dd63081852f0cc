"""Readers of CBS *Kerncijfers wijken en buurten* files. Pure: text in, records out.

Two layouts:
- a table with one row per region and a code column: CBS's CSV as R or Excel saved it
  (label headers such as `Regioaanduiding.Codering..code.`, `Bevolking.Aantal.inwoners..aantal.`)
  or CBS's OData keys (`WijkenEnBuurten`, `SoortRegio_2`, `Codering_3`, `AantalInwoners_5`);
- StatLine's own CSV download: a title line with the year, a header over several lines
  (`Thema|Onderwerp|Label`, then the units) and regions by name only, no codes.

Which column goes into which indicator is data (data/indicators.json, definitions.py);
other columns are reported as not read.
"""

from __future__ import annotations

from .definitions import cbs_columns, normal
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

# The region columns, by their normal name in each naming.
REGION_COLUMNS = {
    "wijkenenbuurten": "name",
    "regios": "name",
    "regioaanduidinggemeentenaamnaam": "municipality",
    "gemeentenaam": "municipality",
    "regioaanduidingsoortregioomschrijving": "kind",
    "soortregio": "kind",
    "regioaanduidingcoderingcode": "code",
    "codering": "code",
}
# Columns about the row itself, not a figure: R's row number, OData's ID, the
# "indelingswijziging" flag.
META_COLUMNS = {"", "id", "regioaanduidingindelingswijzigingwijkenenbuurtencode"}
META_COLUMNS |= {"indelingswijzigingwijkenenbuurten"}


def is_table(header: list[str]) -> bool:
    return any(REGION_COLUMNS.get(normal(name)) in ("code", "name") for name in header)


def read_table(rows: list[tuple[int, list[str]]], year: int) -> Parsed:
    """A table with a header row and one row per region (R-saved CSV or OData keys)."""
    (_, header), data = rows[0], [row for row in rows[1:] if any(f.strip() for f in row[1])]
    problems = Problems()
    roles, columns = _columns(header, problems, 1)
    values = [fields[i] for _, fields in data for i, column in columns.items() if i < len(fields)]
    decimal_comma = uses_decimal_comma(values)
    regions, records, seen = [], [], {}
    for line, fields in data:
        if len(fields) != len(header):
            problems.add(
                line,
                f"{len(fields)} velden, de kopregel heeft er {len(header)}: "
                "klopt het scheidingsteken?",
            )
            continue
        region = _region(line, fields, roles, problems)
        if region is None:
            continue
        if region.code in seen:
            problems.add(
                line,
                f"{region.code} staat twee keer in het bestand (regels {seen[region.code]} "
                f"en {line})",
            )
            continue
        seen[region.code] = line
        regions.append(region)
        records += _values(line, fields, columns, region, year, decimal_comma, problems)
    return Parsed(
        "cbs", list(columns.values()) + _others(header, roles, columns), records, regions, problems
    )


def _columns(header, problems, line) -> tuple[dict[str, int], dict[int, Column]]:
    """The region columns by role, and the figure columns read into an indicator."""
    roles: dict[str, int] = {}
    columns: dict[int, Column] = {}
    mapping = cbs_columns()
    taken: dict[str, str] = {}
    for i, name in enumerate(header):
        key = normal(name.split("|")[-1])
        if key in REGION_COLUMNS:
            roles.setdefault(REGION_COLUMNS[key], i)
        elif key in mapping:
            code = mapping[key]
            if code in taken:
                problems.add(
                    line, f"de kolommen '{taken[code]}' en '{name.strip()}' zijn allebei '{code}'"
                )
                continue
            taken[code] = name.strip()
            columns[i] = Column(name.strip(), code)
    return roles, columns


def _others(header, roles, columns) -> list[Column]:
    used = set(roles.values()) | set(columns)
    return [
        Column(name.strip(), None, note="geen indicator in Kwartier: niet ingelezen")
        for i, name in enumerate(header)
        if i not in used and normal(name.split("|")[-1]) not in META_COLUMNS
    ]


def _region(line, fields, roles, problems) -> Region | None:
    name = fields[roles["name"]].strip() if "name" in roles else ""
    raw = fields[roles["code"]] if "code" in roles else name  # raw OData: the key is the code
    code = region_code(raw)
    if code is None:
        problems.add(line, f"'{raw.strip()}' is geen CBS-gebiedscode (GM…, WK…, BU…)")
        return None
    municipality = fields[roles["municipality"]].strip() if "municipality" in roles else ""
    return Region(line, code, name if name and name != raw.strip() else code, municipality)


def _values(line, fields, columns, region, year, decimal_comma, problems) -> list[Record]:
    records = []
    for i, column in columns.items():
        raw = fields[i]
        if is_missing(raw):
            column.missing += 1
            continue
        try:
            value = number(raw, decimal_comma)
        except ValueError as error:
            problems.add(line, f"kolom '{column.name}': {error}")
            continue
        column.read += 1
        records.append(Record(line, region, column.indicator, year, value))
    return records


def is_statline(rows: list[tuple[int, list[str]]]) -> bool:
    """StatLine's download starts with a title line of one field."""
    return bool(rows) and len(rows[0][1]) == 1 and _units_row(rows) is not None


def _units_row(rows) -> int | None:
    """Index of the row that names the region dimension and the units of each column."""
    for index, (_, fields) in enumerate(rows[:12]):
        if index and fields and normal(fields[0]) in ("wijkenenbuurten", "regios"):
            return index
    return None


def read_statline(rows: list[tuple[int, list[str]]], year: int) -> Parsed:
    """StatLine's CSV download: labels the row above the units; regions by name."""
    problems = Problems()
    units = _units_row(rows)
    header_line, labels = rows[units - 1]
    header = ["Wijken en buurten", *labels[1:]]
    roles, columns = _columns(header, problems, header_line)
    data = [
        (line, fields)
        for line, fields in rows[units + 1 :]
        if len(fields) > 1 or (fields and fields[0].strip() and not _footer(fields[0]))
    ]
    decimal_comma = uses_decimal_comma(
        [fields[i] for _, fields in data for i in columns if i < len(fields)]
    )
    regions, records, seen = [], [], {}
    for line, fields in data:
        if len(fields) != len(header):
            problems.add(
                line,
                f"{len(fields)} velden, de kopregel heeft er {len(header)}: "
                "klopt het scheidingsteken?",
            )
            continue
        name = " ".join(fields[0].split())
        if name.lower() in seen:
            problems.add(
                line,
                f"'{name}' staat twee keer in het bestand (regels {seen[name.lower()]} en {line})",
            )
            continue
        seen[name.lower()] = line
        region = Region(line, region_code(name), name)
        regions.append(region)
        records += _values(line, fields, columns, region, year, decimal_comma, problems)
    return Parsed(
        "cbs_statline",
        list(columns.values()) + _others(header, roles, columns),
        records,
        regions,
        problems,
    )


def _footer(text: str) -> bool:
    return text.strip().lower().startswith(("bron", "source", "©"))


def statline_title(rows) -> str:
    return rows[0][1][0] if rows and rows[0][1] else ""
