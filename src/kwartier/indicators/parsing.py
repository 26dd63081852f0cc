"""What the file readers share: decoding, splitting into rows, and reading numbers. Pure.

Files arrive as people have them: UTF-8 with or without a byte order mark, or
Windows-1252 from Excel; separated by `;` or `,`; numbers as `1234.5`, `1,8` or the
Dutch `1.234,5`; a missing value as `NA`, `.`, `x` or nothing (padded with spaces).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

MISSING = {"", "na", ".", "x", "?", "-"}  # CBS: `.` unknown, `x` secret; R: NA
YEAR = re.compile(r"(?<!\d)(19[9]\d|20\d\d)(?!\d)")


class ReadError(Exception):
    """The file cannot be read at all (its encoding, its layout); a Dutch message."""


@dataclass
class Problems:
    """Errors found while reading, each with its line number, in file order."""

    errors: list[str] = field(default_factory=list)

    def add(self, line: int, message: str) -> None:
        self.errors.append(f"regel {line}: {message}")


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 (a byte order mark is dropped), UTF-16 with its mark,
    else Windows-1252, the encoding of an Excel export on Dutch Windows."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 met BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    if b"\x00" in data[:2000]:
        raise ReadError("Dit is geen tekstbestand (CSV); sla het bestand op als CSV.")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "Windows-1252"


def delimiter_of(line: str) -> str:
    """The separator of a header line: the most frequent of `;`, `,` and tab outside quotes."""
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {sep: outside.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ";"


def rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """(line number, fields) of every row; a quoted field may span lines."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    out = []
    start = 1
    for fields in reader:
        out.append((start, fields))
        start = reader.line_num + 1
    return out


def is_missing(raw: str) -> bool:
    return raw.strip().lower() in MISSING


def uses_decimal_comma(values) -> bool:
    """Whether the numbers of a file are written the Dutch way: any value with a comma
    between digits (`1,8`, `1.234,5`) makes `.` a thousands separator in the whole file."""
    return any(re.search(r"\d,\d", value) for value in values)


NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)*$")


def number(raw: str, decimal_comma: bool) -> Decimal:
    """The value of `raw`; ValueError with a Dutch message when it is no number."""
    text = raw.strip().replace("\u00a0", "").replace(" ", "")
    if not NUMBER.match(text):
        raise ValueError(f"'{raw.strip()}' is geen getal")
    if decimal_comma:
        if text.count(",") > 1 or not _grouped(text.split(",")[0], "."):
            raise ValueError(f"'{raw.strip()}' is geen getal (verwacht 1.234,5)")
        text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        if not _grouped(text.split(".")[0], ","):
            raise ValueError(f"'{raw.strip()}' is geen getal")
        text = text.replace(",", "")
    if text.count(".") > 1:
        raise ValueError(f"'{raw.strip()}' is geen getal")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"'{raw.strip()}' is geen getal") from None


def _grouped(whole: str, separator: str) -> bool:
    """Whether the integer part uses `separator` only between groups of three digits."""
    groups = whole.lstrip("+-").split(separator)
    return len(groups) == 1 or (
        1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])
    )


def year_in(text: str) -> int | None:
    """The one year a title or file name names (None when none or several)."""
    years = set(YEAR.findall(text))
    return int(years.pop()) if len(years) == 1 else None


@dataclass
class Region:
    """A region as a file names it: by CBS code (`NL…` is the country) or by name only."""

    line: int
    code: str | None
    name: str = ""
    municipality: str = ""  # the gemeente's name, where the file gives it


@dataclass
class Column:
    """What was done with one column of the file (or one indicator of a long file)."""

    name: str
    indicator: str | None
    read: int = 0
    missing: int = 0
    note: str = ""


@dataclass
class Record:
    line: int
    region: Region
    indicator: str
    year: int
    value: Decimal


@dataclass
class Parsed:
    format: str
    columns: list[Column]
    records: list[Record]
    regions: list[Region]
    problems: Problems


CODE = re.compile(r"^(NL\d*|GM\d{4}|WK\d{6}|BU\d{8})$")


def region_code(raw: str) -> str | None:
    """A CBS region code without its padding, or None when `raw` is none."""
    code = raw.strip().upper()
    return code if CODE.match(code) else None
