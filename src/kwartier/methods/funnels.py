"""Funnels and outcomes of one method: pure computation on plain rows (no Django).

The cohort is every trajectory started in the period (and every referral received in it):
referred → accepted → started → each phase reached → completed (ended after reaching the
last phase), with the conversion from the step before and from the first step; the days
spent in each phase (finished stays only); the outcome and end-reason distribution; and
per instrument the change between the first and the last measurement taken within the
trajectory's dates. `views.py` builds the rows from the database.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from dataclasses import dataclass, field

from kwartier.core import suppression, svg_text


@dataclass(frozen=True)
class Visit:
    phase: str  # phase code
    entered_on: datetime.date
    left_on: datetime.date | None


@dataclass(frozen=True)
class TrajectoryRow:
    started_on: datetime.date
    ended_on: datetime.date | None
    outcome: str
    end_reason: str
    visits: tuple[Visit, ...]
    # instrument code -> totals in date order, taken within the trajectory's dates
    scores: dict[str, list[float]] = field(default_factory=dict)


@dataclass(frozen=True)
class ReferralRow:
    received_on: datetime.date
    status: str  # "nieuw" | "geaccepteerd" | "afgewezen"
    started: bool = False  # a trajectory was started for it


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    count: int
    from_previous: float | None  # share of the step before (0..1), None for a first step
    from_first: float | None  # share of the first step of its part
    starts_part: bool = False


@dataclass(frozen=True)
class PhaseTime:
    code: str
    label: str
    finished: int  # stays that ended
    median_days: float | None
    mean_days: float | None


@dataclass(frozen=True)
class ScoreChange:
    instrument: str
    count: int  # trajectories with at least two measurements
    mean_first: float | None
    mean_last: float | None
    mean_change: float | None


@dataclass
class Funnel:
    steps: list[Step]
    phase_times: list[PhaseTime]
    outcomes: list[tuple[str, str, int]]  # (code, label, count)
    end_reasons: list[tuple[str, str, int]]
    score_changes: list[ScoreChange]
    running: int
    ended: int


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _distribution(options: list[tuple[str, str]], values: list[str]) -> list[tuple[str, str, int]]:
    counts = Counter(v for v in values if v)
    known = [(code, label, counts.pop(code, 0)) for code, label in options]
    # codes no longer in the template (an older version) still count, under their code
    return known + [(code, code, n) for code, n in sorted(counts.items())]


def compute(
    trajectories: list[TrajectoryRow],
    phases: list[tuple[str, str]],
    outcomes: list[tuple[str, str]] = (),
    end_reasons: list[tuple[str, str]] = (),
    referrals: list[ReferralRow] | None = None,
) -> Funnel:
    """The funnel of a cohort; `phases` are (code, name) in the method's order."""
    # Two parts, each with its own first step: the referrals (referred → accepted → started
    # after a referral) and the trajectories (all started, also without a referral, → each
    # phase reached → completed). Rates never cross from one part to the other.
    parts: list[list[tuple[str, str, int]]] = []
    if referrals is not None:
        accepted = [r for r in referrals if r.status == "geaccepteerd"]
        parts.append(
            [
                ("verwezen", "Verwezen", len(referrals)),
                ("geaccepteerd", "Geaccepteerd", len(accepted)),
                (
                    "gestart-na-verwijzing",
                    "Gestart na verwijzing",
                    sum(r.started for r in accepted),
                ),
            ]
        )
    counts = [("gestart", "Gestart", len(trajectories))]
    reached = [{v.phase for v in t.visits} for t in trajectories]
    for code, name in phases:
        counts.append((f"fase-{code}", f"Fase bereikt: {name}", sum(code in r for r in reached)))
    last = phases[-1][0] if phases else None
    completed = sum(
        1 for t, r in zip(trajectories, reached, strict=True) if t.ended_on and last in r
    )
    counts.append(("afgerond", "Afgerond", completed))
    parts.append(counts)

    steps = []
    for part in parts:
        first = part[0][2]
        for i, (code, label, n) in enumerate(part):
            previous = part[i - 1][2] if i else None
            steps.append(
                Step(
                    code,
                    label,
                    n,
                    None if previous is None else _rate(n, previous),
                    None if i == 0 else _rate(n, first),
                    starts_part=i == 0,
                )
            )

    phase_times = []
    for code, name in phases:
        days = [
            (v.left_on - v.entered_on).days
            for t in trajectories
            for v in t.visits
            if v.phase == code and v.left_on is not None
        ]
        phase_times.append(
            PhaseTime(
                code,
                name,
                len(days),
                statistics.median(days) if days else None,
                statistics.fmean(days) if days else None,
            )
        )

    ended = [t for t in trajectories if t.ended_on]
    return Funnel(
        steps=steps,
        phase_times=phase_times,
        outcomes=_distribution(list(outcomes), [t.outcome for t in ended]),
        end_reasons=_distribution(list(end_reasons), [t.end_reason for t in ended]),
        score_changes=score_changes(trajectories),
        running=len(trajectories) - len(ended),
        ended=len(ended),
    )


def score_changes(trajectories: list[TrajectoryRow]) -> list[ScoreChange]:
    """Per instrument: mean first and last score of trajectories measured at least twice."""
    pairs: dict[str, list[tuple[float, float]]] = {}
    for t in trajectories:
        for instrument, totals in t.scores.items():
            if len(totals) >= 2:
                pairs.setdefault(instrument, []).append((totals[0], totals[-1]))
    out = []
    for instrument in sorted(pairs):
        firsts = [a for a, _ in pairs[instrument]]
        lasts = [b for _, b in pairs[instrument]]
        out.append(
            ScoreChange(
                instrument,
                len(firsts),
                statistics.fmean(firsts),
                statistics.fmean(lasts),
                statistics.fmean(b - a for a, b in pairs[instrument]),
            )
        )
    return out


# Showing the figures -------------------------------------------------------------------


def percent(rate: float | None) -> str:
    return "–" if rate is None else f"{round(rate * 100)}%"


def number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value:.{digits}f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def cells(funnel: Funnel) -> dict:
    """Every count of the funnel's figures, by (kind, code)."""
    cells = {("step", s.code): s.count for s in funnel.steps}
    cells |= {("phase", p.code): p.finished for p in funnel.phase_times}
    cells |= {("outcome", code): n for code, _, n in funnel.outcomes}
    cells |= {("reason", code): n for code, _, n in funnel.end_reasons}
    cells |= {("score", s.instrument): s.count for s in funnel.score_changes}
    cells |= {"running": funnel.running, "ended": funnel.ended}
    return cells


def hidden(funnel: Funnel, small_cell: int) -> set:
    """The cells to hide from aggregate-only roles: the small ones, and those that would let
    a small one be worked back where figures add up: started = running + ended, and the
    outcomes and the end reasons each = ended (where every ended trajectory has one; the
    form asks for both). The steps themselves do not add up (each is part of the one
    before), so only their own small cells are hidden."""
    counts = cells(funnel)
    lines = [
        (("step", "gestart"), ["running", "ended"]),
        ("ended", [("outcome", code) for code, _, _ in funnel.outcomes]),
        ("ended", [("reason", code) for code, _, _ in funnel.end_reasons]),
    ]
    lines = [(total, parts) for total, parts in lines if parts and total in counts]
    return suppression.hidden_cells(counts, suppression.adding_up(counts, lines), small_cell)


def table(funnel: Funnel, small_cell: int | None = None) -> dict:
    """Every figure of the funnel as display text, small cells suppressed when asked.

    A rate next to a hidden count is hidden too, so a small cell cannot be worked out
    from its percentage; a score mean over fewer than `small_cell` trajectories is hidden.
    """
    counts = cells(funnel)
    gone = hidden(funnel, small_cell) if small_cell else set()

    def show(cell, count: int) -> str:
        return suppression.shown(count, cell in gone, small_cell or 0)

    def hides(*cells) -> bool:
        return any(cell in gone for cell in cells)

    steps = []
    first = funnel.steps[0] if funnel.steps else None
    for i, step in enumerate(funnel.steps):
        if step.starts_part:
            first = step
        cell = ("step", step.code)
        before = ("step", funnel.steps[i - 1].code) if i else cell
        steps.append(
            {
                "code": step.code,
                "label": step.label,
                "count": show(cell, step.count),
                "value": 0 if hides(cell) else step.count,
                "suppressed": hides(cell),
                "from_previous": "–" if hides(cell, before) else percent(step.from_previous),
                "from_first": "–"
                if hides(cell, ("step", first.code))
                else percent(step.from_first),
            }
        )
    phase_times = [
        {
            "label": p.label,
            "finished": show(("phase", p.code), p.finished),
            "median": "–" if hides(("phase", p.code)) else number(p.median_days),
            "mean": "–" if hides(("phase", p.code)) else number(p.mean_days),
        }
        for p in funnel.phase_times
    ]

    def dist(kind, rows):
        return [
            {"code": code, "label": label, "count": show((kind, code), n)}
            for code, label, n in rows
        ]

    scores = []
    for s in funnel.score_changes:
        small = hides(("score", s.instrument))
        scores.append(
            {
                "instrument": s.instrument,
                "count": show(("score", s.instrument), s.count),
                "first": "–" if small else number(s.mean_first),
                "last": "–" if small else number(s.mean_last),
                "change": "–" if small else number(s.mean_change),
            }
        )
    return {
        "steps": steps,
        "phase_times": phase_times,
        "outcomes": dist("outcome", funnel.outcomes),
        "end_reasons": dist("reason", funnel.end_reasons),
        "scores": scores,
        "running": show("running", funnel.running),
        "ended": show("ended", funnel.ended),
        # whether a cell is hidden that is not small itself (the page explains the "x")
        "complementary": any(counts[cell] >= small_cell for cell in gone),
    }


# The chart -----------------------------------------------------------------------------

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 270
LABEL_FONT = 13  # a step's name left of its bar, shortened to LABEL_WIDTH (full in a <title>)
CHART_WIDTH = 640


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def bar_chart_svg(steps: list[dict], title: str) -> str:
    """A horizontal bar chart of the funnel steps (from `table()`), as accessible SVG.

    Suppressed cells draw no bar and show '<5'; the data table next to it has the same
    figures, so the chart is decoration for screen readers apart from its title.
    """
    most = max((s["value"] for s in steps), default=0) or 1
    bar_room = CHART_WIDTH - LABEL_WIDTH - 60
    height = len(steps) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    parts = [
        f'<svg class="funnel-chart" role="img" aria-labelledby="funnel-chart-title" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="funnel-chart-title">{_escape(title)}</title>',
    ]
    for i, step in enumerate(steps):
        y = BAR_GAP + i * (BAR_HEIGHT + BAR_GAP)
        width = round(bar_room * step["value"] / most) if step["value"] else 0
        label = svg_text.shorten(step["label"], LABEL_WIDTH - 12, LABEL_FONT)
        tooltip = svg_text.title(step["label"]) if label != step["label"] else ""
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" '
            f'font-size="{LABEL_FONT}" fill="#222">{tooltip}{_escape(label)}</text>'
        )
        if width:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
                'fill="#1d5c8c" rx="2"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 15}" font-size="13" '
            f'fill="#222">{_escape(step["count"])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
