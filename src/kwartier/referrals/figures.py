"""Figures of referrals per period, for the referrer's periodic overview. Pure Python (only the
domain error, core's RuleError, is Django's ValidationError).

Two kinds of count, each named for what it is:
- the *cohort* of a period: referrals received in it, and what has become of them so far
  (accepted, declined with reasons, still waiting) and how long the decision took;
- *events* in a period: trajectories of referrals that started or ended in it, with the
  outcomes of those that ended.
"""

from __future__ import annotations

import datetime
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from kwartier.core.errors import RuleError

ACCEPTED = "geaccepteerd"
DECLINED = "afgewezen"
NEW = "nieuw"
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


@dataclass(frozen=True)
class Period:
    code: str  # "2025", "2025Q4", "2025-11"
    start: datetime.date
    end: datetime.date  # inclusive
    label: str

    def contains(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def parts(self) -> list[Period]:
        """A year in quarters, a quarter in months; a month is itself."""
        if re.fullmatch(r"\d{4}", self.code):
            return [parse_period(f"{self.code}Q{q}") for q in range(1, 5)]
        if "Q" in self.code:
            first = self.start.month
            return [parse_period(f"{self.start.year}-{m:02d}") for m in range(first, first + 3)]
        return [self]


def _month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier; the month's last day where that month is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, _month_end(year, month).day))


def parse_period(text: str) -> Period:
    """Read "2025" (a year), "2025Q4" (a quarter) or "2025-11" (a month)."""
    value = (text or "").strip().upper()
    if match := re.fullmatch(r"(\d{4})", value):
        year = int(match[1])
        _check_year(year)
        return Period(value, datetime.date(year, 1, 1), datetime.date(year, 12, 31), str(year))
    if match := re.fullmatch(r"(\d{4})-?Q([1-4])", value):
        year, quarter = int(match[1]), int(match[2])
        _check_year(year)
        first = 3 * quarter - 2
        return Period(
            f"{year}Q{quarter}",
            datetime.date(year, first, 1),
            _month_end(year, first + 2),
            f"{quarter}e kwartaal {year}",
        )
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
        year, month = int(match[1]), int(match[2])
        _check_year(year)
        if not 1 <= month <= 12:
            raise RuleError("Een maand ligt tussen 1 en 12.")
        return Period(
            f"{year}-{month:02d}",
            datetime.date(year, month, 1),
            _month_end(year, month),
            f"{MONTHS[month - 1]} {year}",
        )
    raise RuleError("Geef een periode als jaar (2025), kwartaal (2025Q4) of maand (2025-11).")


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise RuleError("Kies een jaar tussen 2000 en 2100.")


def previous_quarter(today: datetime.date) -> Period:
    """The last complete quarter before `today` (what a periodic overview reports on)."""
    quarter = (today.month - 1) // 3 + 1
    year = today.year
    quarter -= 1
    if quarter == 0:
        year, quarter = year - 1, 4
    return parse_period(f"{year}Q{quarter}")


@dataclass(frozen=True)
class Facts:
    """What the figures need of one referral (labels, not codes, for reasons and outcomes)."""

    received_on: datetime.date
    status: str
    decided_on: datetime.date | None = None
    decline_reason: str = ""
    started_on: datetime.date | None = None
    ended_on: datetime.date | None = None
    outcome: str = ""


@dataclass
class Figures:
    period: Period
    referred: int = 0
    accepted: int = 0
    declined: int = 0
    waiting: int = 0
    declined_by_reason: dict[str, int] = field(default_factory=dict)
    median_days_to_decision: float | None = None
    median_days_to_start: float | None = None
    started: int = 0
    ended: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """The plain counts, by Dutch column name (for tables, CSV and suppression)."""
        return {
            "verwezen": self.referred,
            "geaccepteerd": self.accepted,
            "afgewezen": self.declined,
            "wacht op besluit": self.waiting,
            "gestart": self.started,
            "beëindigd": self.ended,
        }


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def figures(facts: Iterable[Facts], period: Period) -> Figures:
    result = Figures(period)
    reasons: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    to_decision: list[int] = []
    to_start: list[int] = []
    for f in facts:
        if period.contains(f.received_on):
            result.referred += 1
            if f.status == ACCEPTED:
                result.accepted += 1
            elif f.status == DECLINED:
                result.declined += 1
                reasons[f.decline_reason or "onbekend"] += 1
            else:
                result.waiting += 1
            if f.decided_on is not None:
                to_decision.append((f.decided_on - f.received_on).days)
            if f.started_on is not None:
                to_start.append((f.started_on - f.received_on).days)
        if period.contains(f.started_on):
            result.started += 1
        if period.contains(f.ended_on):
            result.ended += 1
            if f.outcome:
                outcomes[f.outcome] += 1
    result.declined_by_reason = dict(reasons.most_common())
    result.outcomes = dict(outcomes.most_common())
    result.median_days_to_decision = _median(to_decision)
    result.median_days_to_start = _median(to_start)
    return result


def overview(facts: Iterable[Facts], period: Period) -> list[Figures]:
    """The period's parts (months of a quarter, quarters of a year), then the whole."""
    facts = list(facts)
    parts = period.parts()
    rows = [figures(facts, part) for part in parts] if len(parts) > 1 else []
    return [*rows, figures(facts, period)]
