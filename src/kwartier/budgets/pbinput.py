"""What Kwartier accepts from a Pabulib `.pb` file: the one reader behind `kwartier pb` and the
import page and API, so that a file the command line accepts imports, and the other way round.

`pabulib.parse` reads the format; `load` adds Kwartier's rules on top of it:
- the file is UTF-8 text (a byte order mark is fine) without control characters other than tab
  and line ends: a NUL means a binary file (and no database stores one), an escape sequence in
  a project name would be run by the terminal that shows it;
- numbers are written with the ASCII digits 0-9 (pabulib.parse);
- the budget and every cost are amounts in euro: at most two decimals, at most `MAX_AMOUNT`;
- points on a ballot are whole numbers of 0 or more, a ballot's points together and META's
  `max_sum_points` at most `MAX_POINTS` (what a round's points per voter may be);
- a project id has at most `MAX_PROJECT_ID` characters (what an initiative keeps of it).
The first problem raises `PbProblem` with its line (None when no single line is at fault).
The module needs no database or settings: the command line runs without them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from kwartier.core.validators import AMOUNT_MAX

from . import pabulib

# Ten million euro, the bound of the model fields (BudgetRound.amount, Initiative.cost) and so
# of the forms and the API: more than any neighbourhood budget or initiative. Whole-city files
# in another currency can exceed it (Warsaw 2024: 30 million zloty); they are refused, as they
# would be as an amount in euro.
MAX_AMOUNT = Decimal(AMOUNT_MAX)
MAX_POINTS = 10_000  # points per voter: BudgetRound.points allows no more
MAX_PROJECT_ID = 40  # Initiative.pabulib_id
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_END = re.compile(r"\r\n|\r|\n")  # as the csv module counts lines


class PbProblem(ValueError):
    """A file Kwartier does not accept; `line` is 1-based, or None for the file as a whole."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(f"regel {line}: {message}" if line else message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Checked:
    """A file that passed every rule, with its amounts as stored."""

    election: pabulib.Election
    budget: Decimal
    costs: dict[str, Decimal]
    # Per vote, in file order: project id -> points (1 for each project on a non-points ballot).
    ballots: list[dict[str, int]]
    # Points per voter for a cumulative ballot: META max_sum_points or the largest ballot.
    points: int | None


def decode(data: bytes) -> str:
    """The text of a file's bytes: UTF-8, with or without a byte order mark."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = len(_LINE_END.findall(data[: error.start].decode("utf-8", "replace"))) + 1
        raise PbProblem(
            "het bestand is geen tekst in UTF-8; sla het op als UTF-8 en probeer opnieuw", line
        ) from None


def load(text: str) -> Checked:
    """Parse the text of a `.pb` file and check it against Kwartier's rules."""
    _check_characters(text)
    try:
        election = pabulib.parse(text)
    except pabulib.PabulibError as error:
        raise PbProblem(error.message, error.line) from None
    budget = amount(election.budget, "budget", election.meta_lines.get("budget"))
    costs = {}
    for pid, project in election.projects.items():
        line = election.project_lines.get(pid)
        if len(pid) > MAX_PROJECT_ID:
            raise PbProblem(f"project-id {pabulib.shown(pid)} is langer dan 40 tekens", line)
        costs[pid] = amount(project.cost, f"kosten van project {pid}", line)
    cumulative = election.vote_type == "cumulative"
    ballots = []
    for vote in election.votes:
        line = election.vote_lines.get(vote.voter_id)
        points = _points(vote, line)
        if not cumulative or points is None:
            points = [1] * len(vote.projects)
        ballots.append(dict(zip(vote.projects, points, strict=True)))
    most = max((sum(ballot.values()) for ballot in ballots), default=0)
    points = max(_max_sum_points(election), most) if cumulative else None
    return Checked(election, budget, costs, ballots, points)


def amount(value: pabulib.Number, what: str, line: int | None) -> Decimal:
    """An exact number as an amount in euro: 0 up to MAX_AMOUNT, at most two decimals."""
    exact = Fraction(value)
    if exact < 0:
        raise PbProblem(f"{what}: negatief bedrag", line)
    if exact > MAX_AMOUNT:
        limit = f"{MAX_AMOUNT:,.0f}".replace(",", ".")
        raise PbProblem(f"{what}: meer dan {limit}, te groot voor een bewonersbudget", line)
    cents = exact * 100
    if cents.denominator != 1:
        raise PbProblem(f"{what}: meer dan twee decimalen", line)
    return Decimal(cents.numerator).scaleb(-2)


def _points(vote: pabulib.Vote, line: int | None) -> list[int] | None:
    if vote.points is None:
        return None
    values = []
    for value in vote.points:
        if Fraction(value).denominator != 1 or value < 0:
            raise PbProblem(
                f"stem {vote.voter_id}: punten moeten hele getallen van 0 of meer zijn", line
            )
        values.append(int(value))
    if sum(values) > MAX_POINTS:
        raise PbProblem(
            f"stem {vote.voter_id}: samen meer dan {MAX_POINTS:,} punten".replace(",", "."), line
        )
    return values


def _max_sum_points(election: pabulib.Election) -> int:
    text = election.meta.get("max_sum_points", "").strip()
    if not text:
        return 0
    line = election.meta_lines.get("max_sum_points")
    try:
        value = pabulib.parse_number(text)
    except ValueError:
        value = None
    if value is None or Fraction(value).denominator != 1 or not 0 <= value <= MAX_POINTS:
        raise PbProblem(
            f"max_sum_points moet een heel getal van 0 tot en met {MAX_POINTS:,} zijn".replace(
                ",", "."
            ),
            line,
        )
    return int(value)


def _check_characters(text: str) -> None:
    found = _CONTROL.search(text)
    if found is None:
        return
    char = found.group()
    name = "NUL-teken" if char == "\x00" else f"stuurteken (U+{ord(char):04X})"
    line = len(_LINE_END.findall(text, 0, found.start())) + 1
    raise PbProblem(f"het bestand bevat een {name}; is het wel een tekstbestand?", line)
