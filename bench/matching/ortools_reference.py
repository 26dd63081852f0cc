"""Reference optimum for the matching engine: the same problem as a min-cost flow in OR-Tools.

Benchmark-only: needs `ortools` (bench/matching/requirements.txt), which Kwartier itself never
imports. The model follows docs/matching.md and shares only *public* parts of the engine with
it: `feasible_pairs` (which pairs are allowed, and their distance), `Weights` and `MILLI`.
The score of a pair and the load penalty are computed here from the requests' and offers'
fields, and the network is built without the engine's place columns:

    source ─(cap 1, cost 0)→ request r ─(cap 1, cost −score(r, o))→ offer o
    offer o ─(cap 1, cost load·(active_o + k))→ sink        for k = 0 .. free_o − 1

The parallel offer → sink arcs carry the convex load penalty: their costs increase with `k`,
so a min-cost flow fills them in order and `n` units through offer `o` cost exactly the
helper's penalty `Σ_{k<n} load·(active_o + k)`. Pairs with a full helper are left out, as no
flow could use them. The lexicographic objective (most matches, then the highest score) is
`SimpleMinCostFlow.solve_max_flow_with_min_cost`: a maximum flow, and among maximum flows the
cheapest. That needs no big-M, so costs stay small and far from int64 overflow.

Integer costs. OR-Tools wants integer costs, so every score is multiplied by `scale` and
rounded half-to-even (`np.rint`), and the load penalty per carried request is
`round(load · scale)` — at `scale = MILLI` (1,000, the default) exactly as the engine does, in
the same floating-point order of operations. Both then optimise the *same integer problem*:
the optimal totals must be equal to the unit, and any difference is a bug. The engine's
documented objective is this milli-point one (docs/matching.md, "Exact arithmetic").

Against the unrounded float score, at another `scale` (say 10^6): every rounded pair score is
within ½ unit of the float one, so for `k` matches the rounded and the float total of one
assignment differ by at most `k/2` units (load penalties are exact when `load · scale` is an
integer, as for the defaults). For the engine's optimum E (milli-points, M = 1,000) and the
reference's optimum O (scale s), both with the maximum count k:

    float(E) ≥ rounded_M(E) − k/2M ≥ rounded_M(O) − k/2M ≥ float(O) − k/M
    float(O) ≥ float(E) − k/s                      (the same argument at scale s)

so their float totals differ by at most `k / min(M, s)` points: `score_tolerance`. In words:
the milli-point rounding can cost the engine at most 0.001 point per match against the true
float optimum. The matched count does not depend on the scores and must be equal at any scale.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

from kwartier.support.matching import (
    DEFAULT_WEIGHTS,
    MILLI,
    Offer,
    Pairs,
    Request,
    Weights,
    feasible_pairs,
)


def pair_points(
    requests: Sequence[Request], offers: Sequence[Offer], pairs: Pairs, weights: Weights
) -> np.ndarray:
    """Float score of each feasible pair, without the load penalty (docs/matching.md)."""
    ri, oi = pairs.request, pairs.offer
    position = {o.id: j for j, o in enumerate(offers)}
    m = len(offers)
    network_keys = np.array(
        [r * m + position[o] for r, q in enumerate(requests) for o in q.network if o in position],
        dtype=np.int64,
    )
    in_network = np.isin(ri.astype(np.int64) * m + oi, network_keys)

    # the helper speaks the first language the resident listed, or the resident listed none
    spoken_anywhere = sorted({x for o in offers for x in o.languages})
    vocabulary = {lang: i for i, lang in enumerate(spoken_anywhere)}
    n_lang = len(vocabulary) + 1  # code len(vocabulary): a first language no helper speaks
    first = np.array(
        [vocabulary.get(q.languages[0], n_lang - 1) if q.languages else -1 for q in requests],
        dtype=np.int64,
    )
    spoken = np.array(
        [j * n_lang + vocabulary[x] for j, o in enumerate(offers) for x in o.languages],
        dtype=np.int64,
    )
    first_of_pair = first[ri] if len(ri) else np.zeros(0, dtype=np.int64)
    language = (first_of_pair < 0) | np.isin(oi.astype(np.int64) * n_lang + first_of_pair, spoken)

    waiting = np.array([q.waiting_days for q in requests], dtype=float)
    # Same terms in the same order as the engine, so the float values are bit-identical and the
    # rounding to integer units cannot differ between the two.
    return (
        weights.network * in_network
        + weights.language * language
        + weights.waiting_per_day * np.minimum(waiting[ri], weights.waiting_cap_days)
        - weights.per_km * pairs.distance_km
    )


def to_units(points: np.ndarray, scale: int) -> np.ndarray:
    """Scores in integer units of 1/scale point, rounded half to even (as the engine does)."""
    return np.rint(points * scale).astype(np.int64)


def load_unit(weights: Weights, scale: int) -> int:
    """Units a helper's score drops per request it already carries."""
    return round(weights.load * scale)


@dataclass
class Scored:
    """Feasible pairs with their scores, shared by `solve` and `evaluate`."""

    requests: Sequence[Request]
    offers: Sequence[Offer]
    pairs: Pairs
    points: np.ndarray  # float score per pair, no load penalty
    weights: Weights

    @classmethod
    def build(
        cls,
        requests: Sequence[Request],
        offers: Sequence[Offer],
        weights: Weights = DEFAULT_WEIGHTS,
        pairs: Pairs | None = None,
    ) -> Scored:
        if pairs is None:
            pairs = feasible_pairs(requests, offers)
        return cls(requests, offers, pairs, pair_points(requests, offers, pairs, weights), weights)


@dataclass
class Reference:
    assignment: dict[int, int]  # request index -> offer index
    matched: int
    units: int  # optimal total score in units of 1/scale point (`-optimal_cost`)
    scale: int
    seconds: dict[str, float] = field(default_factory=dict)
    arcs: int = 0
    nodes: int = 0


def solve(scored: Scored, scale: int = MILLI) -> Reference:
    """Maximum number of matches, then maximum total score, as an OR-Tools min-cost flow."""
    t0 = time.perf_counter()
    requests, offers, pairs = scored.requests, scored.offers, scored.pairs
    n, m = len(requests), len(offers)
    free = np.array([o.free for o in offers], dtype=np.int64)
    active = np.array([o.active for o in offers], dtype=np.int64)
    usable = free[pairs.offer] > 0
    ri, oi = pairs.request[usable], pairs.offer[usable]
    gain = to_units(scored.points[usable], scale)

    source, sink = n + m, n + m + 1  # requests are nodes 0..n-1, offers n..n+m-1
    # offer o gets free[o] parallel unit arcs to the sink, the k-th costing load·(active + k)
    helper = np.repeat(np.arange(m), free)
    k = np.arange(len(helper)) - np.repeat(np.cumsum(free) - free, free)
    penalty = load_unit(scored.weights, scale) * (active[helper] + k)

    tails = np.concatenate((np.full(n, source), ri, n + helper)).astype(np.int32)
    heads = np.concatenate((np.arange(n), n + oi, np.full(len(helper), sink))).astype(np.int32)
    capacities = np.ones(len(tails), dtype=np.int64)
    costs = np.concatenate((np.zeros(n, dtype=np.int64), -gain, penalty)).astype(np.int64)

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    supplies = np.zeros(n + m + 2, dtype=np.int64)
    supplies[source], supplies[sink] = n, -n
    flow.set_nodes_supplies(np.arange(n + m + 2, dtype=np.int32), supplies)
    t1 = time.perf_counter()
    status = flow.solve_max_flow_with_min_cost()
    t2 = time.perf_counter()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow did not solve the problem: {status!r}")
    pair_arcs = np.arange(n, n + len(ri), dtype=np.int32)
    used = flow.flows(pair_arcs) > 0
    assignment = dict(zip(ri[used].tolist(), oi[used].tolist(), strict=True))
    if len(assignment) != flow.maximum_flow():
        raise RuntimeError("flow and assignment disagree")
    t3 = time.perf_counter()
    return Reference(
        assignment=assignment,
        matched=len(assignment),
        units=-flow.optimal_cost(),
        scale=scale,
        seconds={"build": t1 - t0, "solve": t2 - t1, "extract": t3 - t2},
        arcs=len(tails),
        nodes=n + m + 2,
    )


def _edges(scored: Scored, assignment: Mapping[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Pair positions of the assignment, and its offers; fails on an infeasible pair."""
    req = np.fromiter(assignment.keys(), dtype=np.int64, count=len(assignment))
    off = np.fromiter(assignment.values(), dtype=np.int64, count=len(assignment))
    m = len(scored.offers)
    keys = scored.pairs.request.astype(np.int64) * m + scored.pairs.offer  # sorted
    wanted = req * m + off
    edge = np.searchsorted(keys, wanted)
    if len(edge) and (edge.max() >= len(keys) or np.any(keys[edge] != wanted)):
        raise ValueError("the assignment uses a pair that is not feasible")
    return edge, off


def _load_counts(scored: Scored, off: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    count = np.bincount(off, minlength=len(scored.offers))
    active = np.array([o.active for o in scored.offers], dtype=np.int64)
    free = np.array([o.free for o in scored.offers], dtype=np.int64)
    if np.any(count > free):
        raise ValueError("the assignment gives a helper more requests than free places")
    # Σ_{k<c} (active + k) = c·active + c(c−1)/2
    return count, count * active + count * (count - 1) // 2


def evaluate_units(scored: Scored, assignment: Mapping[int, int], scale: int = MILLI) -> int:
    """Total score of any valid assignment in units of 1/scale point (the solver's objective)."""
    edge, off = _edges(scored, assignment)
    _, carried = _load_counts(scored, off)
    gains = to_units(scored.points[edge], scale).sum()
    return int(gains - load_unit(scored.weights, scale) * carried.sum())


def evaluate_points(scored: Scored, assignment: Mapping[int, int]) -> float:
    """Total score of any valid assignment in (unrounded) points."""
    edge, off = _edges(scored, assignment)
    _, carried = _load_counts(scored, off)
    return float(scored.points[edge].sum() - scored.weights.load * carried.sum())


def score_tolerance(matched: int, scale: int) -> float:
    """Largest float-score gap between the engine's optimum and one at `scale` (see above).

    Plus a little for summing tens of thousands of floats in different orders.
    """
    return matched / min(MILLI, scale) + 1e-9 * max(1, matched) * 1000
