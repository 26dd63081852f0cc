"""Participatory-budgeting allocation rules: `greedy`, `mes` and `mes-add1`.

All rules are approval based with cost utilities (pabutools' `Cost_Sat`): a ballot is the set of
projects it supports, whatever points or ranks it carried. Ties are broken lexicographically on
the project id as a string (`"10" < "9"`), which is pabutools' default tie-breaking.

`mes` is the Method of Equal Shares: every voter gets budget/n; in each round the project is
funded whose cost can be split among its supporters with the smallest maximum payment per unit
of cost (rho / cost, i.e. the largest "effective vote count"). `mes-add1` is equalshares.net's
Add1 completion: raise every voter's budget one currency unit at a time, rerun MES, and keep the
last outcome whose cost still fits the real budget.

MES runs in floating point on voters grouped by identical ballots and on "budget classes"
(voters who paid for the same projects). Every comparison that decides something (the choice
between near-equal candidates, whether a project is affordable) and lies within a relative 1e-9
is redone in exact `Fraction` arithmetic, using that a voter's exact budget is
max(0, b0 - sum of the exact prices of the funded projects on the ballot). The floats are only
a fast path: outcomes equal those of exact arithmetic. For `mes-add1` each run also proves up
to which per-voter budget its outcome stays the same, so steps inside that range are skipped
without changing the result.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from itertools import repeat
from typing import NamedTuple

import numpy as np

Cost = int | Fraction | Decimal

# Relative width of the band in which float comparisons are rechecked exactly; the float
# error on these quantities stays many orders of magnitude below it.
TOLERANCE = 1e-9
RULES = ("greedy", "mes", "mes-add1")


@dataclass(frozen=True)
class Explanation:
    """Why a project was or was not funded; `str()` gives the Dutch text."""

    project: str
    funded: bool
    text: str
    round: int | None = None
    price: float | None = None
    supporters: int = 0
    available: float | None = None

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Allocation:
    rule: str
    selected: tuple[str, ...]
    total_cost: Cost
    budget: Cost
    explanations: dict[str, Explanation] = field(repr=False)
    per_voter_budget: Fraction | None = None


@dataclass(frozen=True, eq=False)
class ApprovalProfile:
    """Ballots grouped by identical content: `matrix[g, j]` says whether ballot group `g`
    supports project `project_ids[j]`, and `weights[g]` counts its voters.

    Project columns are sorted by id as strings, so a lower column index wins a tie.
    """

    project_ids: tuple[str, ...]
    matrix: np.ndarray
    weights: np.ndarray

    @classmethod
    def from_ballots(
        cls, project_ids: Iterable[str], ballots: Iterable[Iterable[str]]
    ) -> ApprovalProfile:
        ids = tuple(sorted(set(project_ids)))
        column = {pid: j for j, pid in enumerate(ids)}
        rows: list[int] = []
        cols: list[int] = []
        count = 0
        for count, ballot in enumerate(ballots, start=1):
            try:
                cols.extend(map(column.__getitem__, ballot))
            except KeyError as error:
                raise ValueError(f"onbekend project {error.args[0]!r} in stem") from None
            rows.extend(repeat(count - 1, len(cols) - len(rows)))
        full = np.zeros((count, len(ids)), dtype=bool)
        full[rows, cols] = True
        return cls._grouped(ids, full, np.ones(count, dtype=np.int64))

    @classmethod
    def _grouped(cls, ids: tuple[str, ...], full: np.ndarray, weights: np.ndarray):
        if len(full) == 0:
            return cls(ids, full, weights)
        keys = _row_keys(full)
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        grouped = np.bincount(inverse.ravel(), weights=weights, minlength=len(first))
        return cls(ids, full[first], grouped.astype(np.int64))

    @property
    def n_voters(self) -> int:
        return int(self.weights.sum())

    @cached_property
    def support(self) -> np.ndarray:
        """Number of supporters per project column."""
        rows, cols = np.nonzero(self.matrix)
        counts = np.bincount(cols, weights=self.weights[rows], minlength=len(self.project_ids))
        return counts.astype(np.int64)

    def restricted_to(self, project_ids: Iterable[str]) -> ApprovalProfile:
        """The same ballots over exactly `project_ids` (missing columns get no support)."""
        ids = tuple(sorted(set(project_ids)))
        if ids == self.project_ids:
            return self
        unknown = set(self.project_ids) - set(ids)
        if self.matrix[:, [self.project_ids.index(pid) for pid in sorted(unknown)]].any():
            raise ValueError(f"stemmen noemen projecten zonder kosten: {sorted(unknown)}")
        full = np.zeros((len(self.weights), len(ids)), dtype=bool)
        for j, pid in enumerate(ids):
            if pid in self.project_ids:
                full[:, j] = self.matrix[:, self.project_ids.index(pid)]
        return self._grouped(ids, full, self.weights)


Approvals = Sequence[Iterable[str]] | ApprovalProfile


def _row_keys(rows: np.ndarray) -> np.ndarray:
    """One comparable value per boolean row, for np.unique over rows."""
    packed = np.ascontiguousarray(np.packbits(rows, axis=1))
    return packed.view(np.dtype((np.void, packed.shape[1]))).ravel()


def allocate(
    rule: str, projects: Mapping[str, Cost], approvals: Approvals, budget: Cost
) -> Allocation:
    """Run the rule named `rule` (one of RULES)."""
    rules: dict[str, Callable[..., Allocation]] = {
        "greedy": greedy,
        "mes": mes,
        "mes-add1": mes_add1,
    }
    if rule not in rules:
        raise ValueError(f"onbekende regel {rule!r}; kies uit {', '.join(RULES)}")
    return rules[rule](projects, approvals, budget)


def _prepare(
    projects: Mapping[str, Cost], approvals: Approvals
) -> tuple[ApprovalProfile, list[Fraction]]:
    if isinstance(approvals, ApprovalProfile):
        profile = approvals.restricted_to(projects)
    else:
        profile = ApprovalProfile.from_ballots(projects, approvals)
    costs = [Fraction(projects[pid]) for pid in profile.project_ids]
    if any(cost < 0 for cost in costs):
        raise ValueError("projectkosten mogen niet negatief zijn")
    return profile, costs


def _exact(value: Cost) -> int | Fraction:
    value = Fraction(value)
    return value.numerator if value.denominator == 1 else value


# --- greedy ------------------------------------------------------------------------------


def greedy(projects: Mapping[str, Cost], approvals: Approvals, budget: Cost) -> Allocation:
    """Fund projects by number of supporters (ties: lowest id), skipping what no longer fits."""
    profile, costs = _prepare(projects, approvals)
    support = profile.support
    order = sorted(range(len(costs)), key=lambda j: (-support[j], j))
    left = Fraction(budget)
    selected: list[str] = []
    explanations: dict[str, Explanation] = {}
    for j in order:
        pid, cost, count = profile.project_ids[j], costs[j], int(support[j])
        if cost <= left:
            left -= cost
            selected.append(pid)
            text = (
                f"gefinancierd als nummer {len(selected)} met {supporters(count)} "
                f"(kosten {money(cost)}, daarna nog {money(left)} over)"
            )
            explanations[pid] = Explanation(pid, True, text, len(selected), None, count)
        else:
            text = (
                f"overgeslagen omdat er nog maar {money(left)} over was tegen kosten {money(cost)}"
            )
            explanations[pid] = Explanation(pid, False, text, None, None, count, float(left))
    total = _exact(Fraction(budget) - left)
    return Allocation("greedy", tuple(selected), total, _exact(budget), explanations)


# --- Method of Equal Shares --------------------------------------------------------------


def mes(
    projects: Mapping[str, Cost],
    approvals: Approvals,
    budget: Cost,
    per_voter_budget: Cost | None = None,
) -> Allocation:
    """Method of Equal Shares with cost utilities, without completion.

    Every voter starts with budget/n, or with `per_voter_budget` when given (as Add1 does).
    """
    profile, costs = _prepare(projects, approvals)
    if profile.n_voters == 0:
        return _empty("mes", profile, budget)
    engine = _EqualShares(profile, costs)
    if per_voter_budget is None:
        per_voter_budget = Fraction(budget) / profile.n_voters
    run = engine.run(Fraction(per_voter_budget))
    return engine.allocation("mes", run, budget)


def mes_add1(projects: Mapping[str, Cost], approvals: Approvals, budget: Cost) -> Allocation:
    """MES with equalshares.net's Add1 completion.

    Step k runs MES with budget/n + k per voter; the result is the outcome of the last step
    before the first one whose cost exceeds the budget. A run certifies up to which per-voter
    budget its outcome cannot change (`_Run.stable_until`), so runs are needed only where the
    outcome may change; the result is the same as visiting every step.
    """
    profile, costs = _prepare(projects, approvals)
    if profile.n_voters == 0:
        return _empty("mes-add1", profile, budget)
    engine = _EqualShares(profile, costs)
    start, limit = Fraction(budget) / profile.n_voters, Fraction(budget)
    supported_cost = sum(c for c, s in zip(costs, engine.support, strict=True) if s)
    if supported_cost <= limit:
        # Every outcome fits, so the steps never stop; their limit funds every supported
        # project, which MES does once each voter could pay for all of them alone.
        run = engine.run(start + math.ceil(supported_cost))
        return engine.allocation("mes-add1", run, budget)
    step, run = 0, engine.run(start, track=True)
    while True:
        last_same = max(step, _steps_within(start, run.stable_until))
        attempt = engine.run(start + last_same + 1, cost_limit=limit, track=True)
        if attempt is None:
            break
        step, run = last_same + 1, attempt
    if last_same != step:  # same outcome, but prices follow the per-voter budget
        run = engine.run(start + last_same)
    return engine.allocation("mes-add1", run, budget)


def _steps_within(start: Fraction, stable_until: float) -> int:
    """The last whole step k with start + k <= stable_until (float, kept conservative)."""
    if not math.isfinite(stable_until):
        return 0
    return math.floor(stable_until * (1 - TOLERANCE) - float(start))


def _empty(rule: str, profile: ApprovalProfile, budget: Cost) -> Allocation:
    text = "niet gefinancierd: er zijn geen stemmen"
    explanations = {pid: Explanation(pid, False, text) for pid in profile.project_ids}
    return Allocation(rule, (), 0, _exact(budget), explanations)


class _Evaluation(NamedTuple):
    """Project price at the current budgets: supporters' classes sorted by budget; the first
    `cut` of them are too poor for the equal share and pay all they have."""

    ratio: float
    classes: np.ndarray
    counts: np.ndarray
    cut: int


class _Run:
    """State of one MES run at a given per-voter budget b.

    Voters who paid for exactly the same funded projects have the same budget, so they share
    a budget class: `classes[g]` is the class of ballot group g and `budgets[c]` its float
    budget. Funding a project moves its supporters from class c to a new child class whose
    exact budget is max(0, exact budget of c - exact price), computed only when needed.

    With `track`, every class budget is also kept as an affine function A + S*b of the
    per-voter budget, valid as long as the same decisions are taken. Each decision adds a
    linear condition on b, and `stable_until` is the largest b that meets all of them with a
    margin: up to there the run would select the same projects in the same order.
    """

    def __init__(self, per_voter: Fraction, weights: np.ndarray, track: bool):
        self.per_voter = per_voter
        self.b = float(per_voter)
        self.track = track
        self.classes = np.zeros(len(weights), dtype=np.int64)
        # Per live class: float budget, voter count, permanent id, and (tracking) A and S.
        self.budgets = np.array([self.b])
        self.sizes = np.array([float(weights.sum())])
        self.ids = np.array([0])
        self.offsets = np.array([0.0])
        self.slopes = np.array([1.0])
        # Per permanent class id: the class it split from and the round that split it.
        self.parents: list[int] = [-1]
        self.created_in: list[int] = [-1]
        self.winners: list[int] = []
        self.prices: list[float] = []
        self.total_cost = Fraction(0)
        self.exact_prices: dict[int, Fraction] = {}
        self.exact_budgets: dict[int, Fraction] = {0: per_voter}
        # (permanent class ids, voter counts) of each winner's supporters when it was chosen.
        self.paid_by: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.bound_lines: dict[int, tuple[float, float]] = {}
        self.conditions: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def split(self, groups, present, counts, price: float, line: tuple[float, float]) -> None:
        """Move the paying `groups` (in classes `present`) to one fresh class per class."""
        self.paid_by[len(self.winners)] = (self.ids[present], counts)
        count = len(self.budgets)
        child = np.empty(count, dtype=np.int64)
        child[present] = np.arange(count, count + len(present))
        self.classes[groups] = child[self.classes[groups]]
        left = self.budgets[present] - price
        self.sizes[present] -= counts
        new_ids = np.arange(len(self.parents), len(self.parents) + len(present))
        self.parents.extend(self.ids[present].tolist())
        self.created_in.extend([len(self.winners)] * len(present))
        self.budgets = np.concatenate([self.budgets, np.maximum(left, 0.0)])
        self.sizes = np.concatenate([self.sizes, counts])
        self.ids = np.concatenate([self.ids, new_ids])
        if self.track:  # exhausted classes stay at 0 whatever b is
            solvent = left > 0
            offsets = np.where(solvent, self.offsets[present] - line[0], 0.0)
            slopes = np.where(solvent, self.slopes[present] - line[1], 0.0)
            self.offsets = np.concatenate([self.offsets, offsets])
            self.slopes = np.concatenate([self.slopes, slopes])
        if np.count_nonzero(self.sizes > 0.5) * 2 < len(self.sizes):
            self._compact()

    def _compact(self) -> None:
        """Drop classes that lost all voters, so that per-class work stays proportional."""
        live = self.sizes > 0.5
        self.classes = (np.cumsum(live) - 1)[self.classes]
        self.budgets, self.sizes, self.ids = self.budgets[live], self.sizes[live], self.ids[live]
        if self.track:
            self.offsets, self.slopes = self.offsets[live], self.slopes[live]

    def require(self, offset, slope, scale: float) -> None:
        """Demand offset + slope*b' > 0 (with a relative margin) for every b' kept stable;
        `scale` is the size of the compared quantities, for the margin."""
        self.conditions.append((np.atleast_1d(offset), np.atleast_1d(slope), scale))

    @property
    def stable_until(self) -> float:
        """The largest per-voter budget that still meets every condition, with a margin."""
        if not self.conditions:
            return math.inf
        offset = np.concatenate([condition[0] for condition in self.conditions])
        slope = np.concatenate([condition[1] for condition in self.conditions])
        scale = np.concatenate([np.full(len(c[0]), c[2]) for c in self.conditions])
        margin = TOLERANCE * (np.abs(offset) + np.abs(slope) * self.b + scale)
        if np.any(offset + slope * self.b < margin):
            return self.b
        falling = slope < 0
        if not falling.any():
            return math.inf
        room = offset[falling] - TOLERANCE * (np.abs(offset[falling]) + scale[falling])
        return float(np.min(room / (-slope[falling] * (1 + TOLERANCE))))


class _EqualShares:
    """MES over an ApprovalProfile; `run` executes the rule for one per-voter budget."""

    def __init__(self, profile: ApprovalProfile, costs: list[Fraction]):
        self.profile = profile
        self.costs = costs
        self.float_costs = [float(c) for c in costs]
        weights = profile.weights.astype(np.float64)
        self.supporters = [np.flatnonzero(profile.matrix[:, j]) for j in range(len(costs))]
        self.supporter_weights = [weights[groups] for groups in self.supporters]
        self.support = [int(count) for count in profile.support]

    def run(self, per_voter: Fraction, cost_limit=None, track: bool = False) -> _Run | None:
        """The MES outcome, or None as soon as its cost exceeds `cost_limit`."""
        run = _Run(per_voter, self.profile.weights, track)
        candidates = self._initial_candidates(run)
        bounds = {j: 1.0 / self.support[j] for j in candidates}
        run.bound_lines = {j: (bound, 0.0) for j, bound in bounds.items()}
        while candidates:
            chosen = self._next_winner(run, candidates, bounds)
            if chosen is None:
                break
            winner, evaluation = chosen
            candidates.remove(winner)
            line = self._price_line(run, winner, evaluation) if track else (0.0, 0.0)
            if track:
                self._certify(run, winner, evaluation, line, candidates)
            self._fund(run, winner, bounds[winner] * self.float_costs[winner], line, evaluation)
            if cost_limit is not None and run.total_cost > cost_limit:
                return None
        return run

    def _initial_candidates(self, run: _Run) -> set[int]:
        """Supported projects; free ones are funded at once (as pabutools does)."""
        candidates = set()
        for j, cost in enumerate(self.costs):
            if not self.support[j]:
                continue
            if cost == 0:
                run.exact_prices[len(run.winners)] = Fraction(0)
                self._fund(run, j, 0.0, (0.0, 0.0))
            elif self.support[j] * run.per_voter >= cost:
                candidates.add(j)
            elif run.track:  # stays unaffordable while support * b < cost
                run.require(self.float_costs[j], -float(self.support[j]), self.float_costs[j])
        return candidates

    def _supporter_classes(self, run: _Run, j: int) -> tuple[np.ndarray, np.ndarray]:
        """The budget classes among project j's supporters, with their voter counts."""
        classes, weights = run.classes[self.supporters[j]], self.supporter_weights[j]
        if len(classes) * 16 < len(run.budgets):  # few supporters: sorting them is cheaper
            present, inverse = np.unique(classes, return_inverse=True)
            return present, np.bincount(inverse, weights=weights)
        counts = np.bincount(classes, weights=weights, minlength=len(run.budgets))
        present = np.flatnonzero(counts)
        return present, counts[present]

    def _fund(self, run: _Run, j: int, price: float, line, evaluation=None) -> None:
        """Charge j's supporters; each of their classes moves to a fresh child class."""
        if evaluation is None:
            present, counts = self._supporter_classes(run, j)
        else:  # the winner was evaluated this round, on the same budgets
            present, counts = evaluation.classes, evaluation.counts
        run.split(self.supporters[j], present, counts, price, line)
        run.winners.append(j)
        run.prices.append(price)
        run.total_cost += self.costs[j]

    def _next_winner(self, run: _Run, candidates: set[int], bounds: dict[int, float]):
        """The affordable project with the lowest rho/cost and its evaluation; None when
        nothing is affordable.

        `bounds` holds each project's rho/cost from an earlier round: budgets only shrink, so
        it is a lower bound and projects whose bound is already worse need no evaluation.
        """
        best = math.inf
        near: dict[int, _Evaluation] = {}
        for j in sorted(candidates, key=lambda k: (bounds[k], k)):
            if bounds[j] > best * (1 + TOLERANCE):
                break
            evaluation = self._evaluate(run, j)
            if evaluation is None:
                candidates.discard(j)
                continue
            bounds[j] = evaluation.ratio
            if run.track:
                run.bound_lines[j] = self._ratio_line(run, j, evaluation)
            best = min(best, evaluation.ratio)
            near[j] = evaluation
        near = {j: ev for j, ev in near.items() if ev.ratio <= best * (1 + TOLERANCE)}
        if len(near) <= 1:
            return next(iter(near.items()), None)
        winner = self._exact_winner(run, list(near), bounds)
        return None if winner is None else (winner, near[winner])

    def _evaluate(self, run: _Run, j: int) -> _Evaluation | None:
        """rho/cost of project j at the current budgets, or None when it is unaffordable."""
        classes, counts = self._supporter_classes(run, j)
        budgets = run.budgets[classes]
        cost = self.float_costs[j]
        money = float(budgets @ counts)
        if money < cost * (1 - TOLERANCE) or (
            money <= cost * (1 + TOLERANCE) and self._exact_rho(run, j) is None
        ):
            if run.track:  # stays unaffordable while the supporters' money < cost
                offset, slope = run.offsets[classes] @ counts, run.slopes[classes] @ counts
                run.require(cost - offset, -slope, cost)
            return None
        order = np.argsort(budgets)
        budgets, counts, classes = budgets[order], counts[order], classes[order]
        paid_before = np.cumsum(budgets * counts) - budgets * counts
        count_after = counts.sum() - (np.cumsum(counts) - counts)
        rhos = (cost - paid_before) / count_after
        # The first supporter who can pay the equal share fixes rho for all who follow.
        fits = rhos <= budgets
        cut = int(np.argmax(fits)) if fits.any() else len(rhos) - 1
        return _Evaluation(float(rhos[cut]) / cost, classes, counts, cut)

    # --- stability certificate (mes-add1) ------------------------------------------------

    def _price_line(self, run: _Run, j: int, ev: _Evaluation) -> tuple[float, float]:
        """rho of project j as an affine function of b, keeping the poor/rich split of `ev`.

        For any split this is at most the true rho, so it is also a valid lower bound."""
        poor, rich = slice(None, ev.cut), slice(ev.cut, None)
        paying = ev.counts[rich].sum()
        offset = (self.float_costs[j] - run.offsets[ev.classes[poor]] @ ev.counts[poor]) / paying
        slope = -(run.slopes[ev.classes[poor]] @ ev.counts[poor]) / paying
        return float(offset), float(slope)

    def _ratio_line(self, run: _Run, j: int, ev: _Evaluation) -> tuple[float, float]:
        offset, slope = self._price_line(run, j, ev)
        return offset / self.float_costs[j], slope / self.float_costs[j]

    def _certify(self, run, winner, ev: _Evaluation, line, candidates: set[int]) -> None:
        """Conditions on b under which `winner` is chosen now at the same price function."""
        offsets, slopes = run.offsets[ev.classes], run.slopes[ev.classes]
        sign = np.where(np.arange(len(ev.classes)) < ev.cut, 1.0, -1.0)
        # Poor classes keep budget <= rho, the others budget >= rho.
        run.require(sign * (line[0] - offsets), sign * (line[1] - slopes), run.b)
        if candidates:
            rivals = np.array([run.bound_lines[j] for j in sorted(candidates)])
            ratio = (line[0] / self.float_costs[winner], line[1] / self.float_costs[winner])
            scale = ratio[0] + ratio[1] * run.b
            run.require(rivals[:, 0] - ratio[0], rivals[:, 1] - ratio[1], scale)

    # --- exact arithmetic ----------------------------------------------------------------

    def _exact_winner(self, run: _Run, tied: list[int], bounds: dict[int, float]) -> int | None:
        """Settle a near tie exactly: lowest exact rho/cost, then lowest id."""
        exact: dict[int, Fraction] = {}
        for j in tied:
            rho = self._exact_rho(run, j)
            if rho is not None:
                exact[j] = rho / self.costs[j]
        if not exact:
            return None
        winner = min(exact, key=lambda j: (exact[j], j))
        bounds[winner] = float(exact[winner])
        run.exact_prices[len(run.winners)] = exact[winner] * self.costs[winner]
        return winner

    def _exact_rho(self, run: _Run, j: int, paid_by=None) -> Fraction | None:
        """Exact max payment per supporter of project j (now, or for the given classes)."""
        if paid_by is None:
            classes, counts = self._supporter_classes(run, j)
            paid_by = run.ids[classes], counts
        shares = sorted((self._exact_budget(run, c), int(n)) for c, n in zip(*paid_by, strict=True))
        cost = self.costs[j]
        if sum(value * n for value, n in shares) < cost:
            return None
        paid, remaining = Fraction(0), sum(n for _, n in shares)
        for value, n in shares:
            rho = (cost - paid) / remaining
            if rho <= value:
                return rho
            paid += value * n
            remaining -= n
        raise AssertionError("affordable project without a price")  # pragma: no cover

    def _exact_budget(self, run: _Run, c: int) -> Fraction:
        if c not in run.exact_budgets:
            parent = self._exact_budget(run, run.parents[c])
            price = self._exact_price(run, run.created_in[c])
            run.exact_budgets[c] = max(Fraction(0), parent - price)
        return run.exact_budgets[c]

    def _exact_price(self, run: _Run, k: int) -> Fraction:
        if k not in run.exact_prices:
            rho = self._exact_rho(run, run.winners[k], run.paid_by[k])
            if rho is None:  # pragma: no cover - the float path funded it, so it is affordable
                raise AssertionError("funded project is not affordable in exact arithmetic")
            run.exact_prices[k] = rho
        return run.exact_prices[k]

    # --- explanations --------------------------------------------------------------------

    def allocation(self, rule: str, run: _Run, budget: Cost) -> Allocation:
        ids = self.profile.project_ids
        explanations = {}
        for position, (j, price) in enumerate(zip(run.winners, run.prices, strict=True), 1):
            explanations[ids[j]] = self._funded(j, position, price)
        for j, pid in enumerate(ids):
            if pid not in explanations:
                explanations[pid] = self._not_funded(run, j)
        return Allocation(
            rule,
            tuple(ids[j] for j in run.winners),
            _exact(run.total_cost),
            _exact(budget),
            explanations,
            run.per_voter,
        )

    def _funded(self, j: int, position: int, price: float) -> Explanation:
        pid, count = self.profile.project_ids[j], int(self.support[j])
        if self.costs[j] == 0:
            text = "gefinancierd zonder kosten (het project kost niets)"
        else:
            text = (
                f"gefinancierd in ronde {position} tegen {money(price)} per steunbetuiger "
                f"({supporters(count)}, kosten {money(self.costs[j])})"
            )
        return Explanation(pid, True, text, position, price, count)

    def _not_funded(self, run: _Run, j: int) -> Explanation:
        pid, count, cost = self.profile.project_ids[j], int(self.support[j]), self.costs[j]
        if not count:
            return Explanation(pid, False, "niet gefinancierd: niemand steunde dit project")
        classes, counts = self._supporter_classes(run, j)
        left = float(run.budgets[classes] @ counts)
        missing = max(float(cost) - left, 0.0)
        extra = math.ceil(missing / float(run.per_voter) - TOLERANCE)
        text = (
            f"niet gefinancierd: {_holders(count)} nog {money(left)} over tegen kosten "
            f"{money(cost)}; er ontbrak {money(missing)} (ongeveer {extra} extra "
            f"{'steunbetuiger' if extra == 1 else 'steunbetuigers'} met elk {money(run.per_voter)})"
        )
        return Explanation(pid, False, text, None, None, count, left)


def supporters(count: int) -> str:
    return f"{money(count)} {'steunbetuiger' if count == 1 else 'steunbetuigers'}"


def _holders(count: int) -> str:
    if count == 1:
        return "de enige steunbetuiger had"
    return f"de {money(count)} steunbetuigers hadden samen"


def money(value: Cost | float) -> str:
    """Dutch notation: 1.234.567 for whole amounts, 1.234,57 otherwise.

    Exact for every size: rounded to cents as a fraction, never through a float (which would
    overflow past 1e308 and show 1e26 as 100.000.000.000.000.004.764.729.344).
    """
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    cents = round(Fraction(value) * 100)
    whole, part = divmod(abs(cents), 100)
    text = ("-" if cents < 0 else "") + f"{whole:,}".replace(",", ".")
    return text if part == 0 else f"{text},{part:02d}"
