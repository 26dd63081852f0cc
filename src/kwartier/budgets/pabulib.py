"""Read and write participatory-budgeting elections in the Pabulib `.pb` format.

A file has three sections in this order, each a section name on a line of its own followed by
a `;`-separated header line and data rows: META (`key;value`), PROJECTS (at least `project_id`
and `cost`) and VOTES (at least `voter_id` and `vote`, a comma-separated list of project ids in
ballot order, with `points` alongside for cumulative/scoring ballots). Fields may be quoted and
then contain `;`, so every row goes through the csv module.

Parsing is all-or-nothing: `read` returns a complete `Election` or raises `PabulibError` with
the 1-based line number of the first problem. Costs, the budget and points are exact numbers
(`int`, or `Fraction` when written with decimals), written with ASCII digits only (Python's
`int()` would also take Arabic-Indic and other Unicode digits) and at most
`MAX_NUMBER_LENGTH` characters long. What Kwartier accepts beyond the format (ranges, two
decimals, whole points) is checked by `pbinput.load`.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

Number = int | Fraction

SECTIONS = ("META", "PROJECTS", "VOTES")
VOTE_TYPES = frozenset({"approval", "choose-1", "cumulative", "scoring", "ordinal"})
_REQUIRED_COLUMNS = {"PROJECTS": ("project_id", "cost"), "VOTES": ("voter_id", "vote")}
# [0-9], not \d: \d also matches Arabic-Indic, Devanagari, fullwidth, ... digits.
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
# No amount or count in a participatory budget needs more characters; longer text is refused
# before it is converted (Python refuses integers past 4,300 digits with a ValueError anyway).
MAX_NUMBER_LENGTH = 40
_SHOWN = 30  # characters of a bad value quoted in a message


class PabulibError(ValueError):
    """A malformed `.pb` file; `line` is the 1-based line where the problem was found."""

    def __init__(self, message: str, line: int):
        super().__init__(f"regel {line}: {message}")
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Project:
    id: str
    cost: Number
    name: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Vote:
    voter_id: str
    projects: tuple[str, ...]
    points: tuple[Number, ...] | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Election:
    meta: dict[str, str]
    projects: dict[str, Project]
    votes: list[Vote]
    # Column order as read, so that `write` reproduces the file layout; not part of equality.
    project_columns: tuple[str, ...] = field(default=(), compare=False)
    vote_columns: tuple[str, ...] = field(default=(), compare=False)
    # Line of every META key, project and vote in the file read, for errors found after parsing.
    meta_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    project_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    vote_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def budget(self) -> Number:
        return parse_number(self.meta["budget"])

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval")

    def costs(self) -> dict[str, Number]:
        return {pid: project.cost for pid, project in self.projects.items()}

    def approvals(self) -> list[frozenset[str]]:
        """Every ballot as the set of projects it supports (points and ranks are ignored)."""
        return [frozenset(vote.projects) for vote in self.votes]


def parse_number(text: str) -> Number:
    """Parse an exact decimal number; a lone comma is accepted as decimal separator."""
    text = text.strip()
    if len(text) > MAX_NUMBER_LENGTH:
        raise ValueError(f"langer dan {MAX_NUMBER_LENGTH} tekens")
    if "," in text and "." not in text and text.count(",") == 1:
        text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"geen getal: {shown(text)}")
    value = Fraction(text)
    return value.numerator if value.denominator == 1 else value


def format_number(value: Number) -> str:
    """Write an exact number as a plain decimal (the inverse of `parse_number`)."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    sign, value = ("-" if value < 0 else ""), abs(value)
    for digits in range(1, 64):
        scaled = value * 10**digits
        if scaled.denominator == 1:
            whole, fraction = divmod(scaled.numerator, 10**digits)
            return f"{sign}{whole}.{fraction:0{digits}d}".rstrip("0")
    raise ValueError(f"{value} is geen eindige decimale breuk")


def read(source: str | os.PathLike[str]) -> Election:
    """Parse a `.pb` file from a path, or from its text when `source` spans several lines."""
    if isinstance(source, str) and ("\n" in source or "\r" in source):
        return parse(source)
    return parse(Path(source).read_text(encoding="utf-8-sig"))


def parse(text: str) -> Election:
    """Parse the text of a `.pb` file; raises PabulibError on the first malformed line."""
    return _Parser().run(text.removeprefix("\ufeff"))


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (first line number, fields) per csv record, skipping blank lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise PabulibError(f"onleesbare regel ({error})", start) from None
        if len(row) > 1 or (row and row[0].strip()):
            yield start, row


class _Parser:
    def __init__(self) -> None:
        self.meta: dict[str, str] = {}
        self.meta_lines: dict[str, int] = {}
        self.projects: dict[str, Project] = {}
        self.project_lines: dict[str, int] = {}
        self.votes: list[Vote] = []
        self.voter_lines: dict[str, int] = {}
        self.columns: dict[str, tuple[str, ...]] = {}
        self.section_lines: dict[str, int] = {}

    def run(self, text: str) -> Election:
        handlers: dict[str, Callable[[dict[str, str], int], None]] = {
            "META": self._meta_row,
            "PROJECTS": self._project_row,
            "VOTES": self._vote_row,
        }
        section: str | None = None
        last_line = 0
        for line, row in _rows(text):
            last_line = line
            name = row[0].strip().upper()
            if len(row) == 1 and name in SECTIONS:
                self._close_section(section)
                section = self._open_section(name, line)
            elif section is None:
                raise PabulibError("het bestand moet beginnen met de sectie META", line)
            elif section not in self.columns:
                self.columns[section] = self._header(section, row, line)
            else:
                header = self.columns[section]
                if len(row) != len(header):
                    found = f"{len(row)} {'kolom' if len(row) == 1 else 'kolommen'}"
                    message = f"{found} gevonden, de kop van {section} heeft er {len(header)}"
                    raise PabulibError(message, line)
                fields = {key: value.strip() for key, value in zip(header, row, strict=True)}
                handlers[section](fields, line)
        self._close_section(section)
        if section != "VOTES":
            missing = SECTIONS[len(self.section_lines)]
            raise PabulibError(f"de sectie {missing} ontbreekt", last_line + 1)
        return Election(
            meta=self.meta,
            projects=self.projects,
            votes=self.votes,
            project_columns=self.columns["PROJECTS"],
            vote_columns=self.columns["VOTES"],
            meta_lines=self.meta_lines,
            project_lines=self.project_lines,
            vote_lines=self.voter_lines,
        )

    def _open_section(self, name: str, line: int) -> str:
        expected = SECTIONS[len(self.section_lines)] if len(self.section_lines) < 3 else None
        if name != expected:
            where = f"verwacht {expected}" if expected else "alle secties staan er al"
            raise PabulibError(f"sectie {name} staat op de verkeerde plek ({where})", line)
        self.section_lines[name] = line
        return name

    def _close_section(self, section: str | None) -> None:
        if section is not None and section not in self.columns:
            line = self.section_lines[section]
            raise PabulibError(f"de kopregel van sectie {section} ontbreekt", line)
        if section == "META":
            self._check_meta()

    def _header(self, section: str, row: list[str], line: int) -> tuple[str, ...]:
        header = tuple(name.strip() for name in row)
        if section == "META" and tuple(name.lower() for name in header) != ("key", "value"):
            raise PabulibError("de kopregel van META moet 'key;value' zijn", line)
        for required in _REQUIRED_COLUMNS.get(section, ()):
            if required not in header:
                raise PabulibError(f"kolom '{required}' ontbreekt in de kop van {section}", line)
        duplicates = sorted({name for name in header if header.count(name) > 1})
        if duplicates:
            raise PabulibError(f"dubbele kolom '{duplicates[0]}' in de kop van {section}", line)
        return header

    def _meta_row(self, fields: dict[str, str], line: int) -> None:
        key, value = fields.values()
        if not key:
            raise PabulibError("lege sleutel in META", line)
        self._unique(key, self.meta_lines, "META-sleutel", line)
        self.meta[key] = value

    def _check_meta(self) -> None:
        header_line = self.section_lines["META"]
        if "budget" not in self.meta:
            raise PabulibError("META mist de sleutel 'budget'", header_line)
        line = self.meta_lines["budget"]
        number = _number(self.meta["budget"], "budget", line)
        if number <= 0:
            raise PabulibError("het budget moet groter dan nul zijn", line)
        vote_type = self.meta.get("vote_type", "approval")
        if vote_type not in VOTE_TYPES:
            line = self.meta_lines["vote_type"]
            raise PabulibError(f"onbekend vote_type '{vote_type}'", line)

    def _project_row(self, fields: dict[str, str], line: int) -> None:
        project_id = fields.pop("project_id")
        if not project_id:
            raise PabulibError("lege project_id", line)
        self._unique(project_id, self.project_lines, "project", line)
        cost = _number(fields.pop("cost"), f"kosten van project {project_id}", line)
        if cost < 0:
            raise PabulibError(f"negatieve kosten voor project {project_id}", line)
        name = fields.pop("name", "")
        self.projects[project_id] = Project(project_id, cost, name, fields)

    def _vote_row(self, fields: dict[str, str], line: int) -> None:
        voter_id = fields.pop("voter_id")
        if not voter_id:
            raise PabulibError("lege voter_id", line)
        self._unique(voter_id, self.voter_lines, "kiezer", line)
        ballot = _split(fields.pop("vote"))
        supported = set(ballot)
        if not supported <= self.projects.keys():
            unknown = next(pid for pid in ballot if pid not in self.projects)
            raise PabulibError(f"onbekend project '{unknown}' in stem {voter_id}", line)
        if len(supported) != len(ballot):
            twice = next(pid for i, pid in enumerate(ballot) if pid in ballot[:i])
            raise PabulibError(f"project '{twice}' twee keer in stem {voter_id}", line)
        points = None
        if "points" in fields:
            points = self._points(fields.pop("points"), len(ballot), voter_id, line)
        self.votes.append(Vote(voter_id, ballot, points, fields))

    @staticmethod
    def _points(text: str, expected: int, voter_id: str, line: int) -> tuple[Number, ...]:
        values = tuple(
            _number(value, f"punten van stem {voter_id}", line) for value in _split(text)
        )
        if len(values) != expected:
            raise PabulibError(
                f"stem {voter_id} noemt {expected} projecten maar {len(values)} punten", line
            )
        return values

    @staticmethod
    def _unique(key: str, seen: dict[str, int], what: str, line: int) -> None:
        if key in seen:
            raise PabulibError(f"{what} '{key}' komt dubbel voor (ook op regel {seen[key]})", line)
        seen[key] = line


def _split(text: str) -> tuple[str, ...]:
    return tuple(map(str.strip, text.split(","))) if text else ()


def shown(text: str) -> str:
    """`text` quoted for a message, cut short: a bad value may be megabytes long."""
    return repr(text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…")


def _number(text: str, what: str, line: int) -> Number:
    try:
        return parse_number(text)
    except ValueError:
        if len(text.strip()) > MAX_NUMBER_LENGTH:
            message = f"{what}: getal van meer dan {MAX_NUMBER_LENGTH} tekens"
        else:
            message = f"{what}: {shown(text)} is geen getal (alleen de cijfers 0-9)"
        raise PabulibError(message, line) from None


def write(election: Election) -> str:
    """Render an Election as `.pb` text; `parse(write(e)) == e` for every parsed election."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerows([["META"], ["key", "value"], *election.meta.items()])
    fixed = {"project_id": "id", "cost": "cost", "name": "name"}
    columns = _columns(election.project_columns, fixed, election.projects.values())
    writer.writerows([["PROJECTS"], columns])
    for project in election.projects.values():
        writer.writerow([_cell(project, column, fixed) for column in columns])
    fixed = {"voter_id": "voter_id", "vote": "projects", "points": "points"}
    columns = _columns(election.vote_columns, fixed, election.votes)
    if not any(vote.points is not None for vote in election.votes) and "points" in columns:
        columns = tuple(column for column in columns if column != "points")
    writer.writerows([["VOTES"], columns])
    for vote in election.votes:
        writer.writerow([_cell(vote, column, fixed) for column in columns])
    return buffer.getvalue()


def _columns(given: tuple[str, ...], fixed: dict[str, str], records) -> tuple[str, ...]:
    """The header to write: the columns as read, else the fixed ones, plus any extra keys."""
    columns = list(given) or [
        column for column in fixed if any(getattr(r, fixed[column]) for r in records)
    ]
    for required in list(fixed)[:2]:
        if required not in columns:
            columns.insert(list(fixed).index(required), required)
    for record in records:
        columns.extend(key for key in record.extra if key not in columns)
    return tuple(columns)


def _cell(record: Project | Vote, column: str, fixed: dict[str, str]) -> str:
    if column not in fixed:
        return record.extra.get(column, "")
    value = getattr(record, fixed[column])
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ",".join(v if isinstance(v, str) else format_number(v) for v in value)
    return value if isinstance(value, str) else format_number(value)
