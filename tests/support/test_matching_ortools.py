"""Optimality against Google OR-Tools: the engine and a min-cost flow agree on count and score.

The reference is the benchmark's OR-Tools model (bench/matching/ortools_reference.py): a flow
source → request → offer → sink whose offer → sink arcs carry the convex load penalty, solved
as a maximum flow of minimum cost. OR-Tools is a benchmark-only dependency, so without it this
module is skipped; test_matching.py checks optimality without it (exhaustive search, flow LP).
"""

from __future__ import annotations

import importlib.util
import math
import random
import sys
from pathlib import Path

import pytest

pytest.importorskip(
    "ortools.graph.python.min_cost_flow",
    reason=(
        "OR-Tools is a benchmark-only dependency (pip install -r bench/matching/requirements.txt);"
        " optimality is also checked against exhaustive search in test_matching.py"
    ),
)

from kwartier.support.matching import (  # noqa: E402  (after the skip on purpose)
    DEFAULT_WEIGHTS,
    MILLI,
    Offer,
    Request,
    Weights,
    match,
)

REFERENCE_PATH = Path(__file__).resolve().parents[2] / "bench" / "matching" / "ortools_reference.py"


def _load_reference():
    spec = importlib.util.spec_from_file_location("ortools_reference", REFERENCE_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


reference = _load_reference()

BASE = (52.1561, 5.3878)
SLOTS = ["ma-ochtend", "ma-middag", "di-avond", "za-ochtend"]
LANGUAGES = ["nl", "tr", "ar", "pl"]
WEIGHT_VARIANTS = [
    DEFAULT_WEIGHTS,
    Weights(per_km=20, network=0, language=0, waiting_per_day=0, load=0),
    Weights(per_km=1, network=100, language=50, waiting_per_day=3, waiting_cap_days=30, load=40),
]


def spot(rng: random.Random, spread_km: float) -> tuple[float, float]:
    north, east = rng.uniform(-spread_km, spread_km), rng.uniform(-spread_km, spread_km)
    lat = BASE[0] + math.degrees(north / 6371.0088)
    lon = BASE[1] + math.degrees(east / (6371.0088 * math.cos(math.radians(BASE[0]))))
    return lat, lon


def random_instance(seed: int) -> tuple[list[Request], list[Offer]]:
    """Small random towns: scarce and ample supply, full helpers, several components."""
    rng = random.Random(seed)
    n_requests, n_offers = rng.randint(5, 70), rng.randint(2, 30)
    spread = rng.choice([0.5, 1.5, 4.0, 12.0])  # 12 km with short reach: many components
    offers = []
    for j in range(n_offers):
        lat, lon = spot(rng, spread)
        capacity = rng.randint(0, 3)
        offers.append(
            Offer(
                id=j if seed % 5 == 0 else f"o{j}",  # integer ids sort differently
                categories=frozenset(rng.sample(["a", "b", "c"], rng.randint(1, 2))),
                slots=frozenset(rng.sample(SLOTS, rng.randint(1, 4))),
                lat=lat,
                lon=lon,
                radius_km=rng.uniform(0.5, 4.0),
                capacity=capacity,
                active=rng.choice([0, 0, 0, 1, 2, capacity + 1]),
                vog=rng.random() < 0.6,
                languages=frozenset(rng.sample(LANGUAGES, rng.randint(0, 2))),
            )
        )
    ids = [o.id for o in offers]
    requests = []
    for i in range(n_requests):
        lat, lon = spot(rng, spread)
        requests.append(
            Request(
                id=f"r{i:03d}",
                category=rng.choice(["a", "a", "b", "c"]),
                slots=frozenset(rng.sample(SLOTS, rng.randint(1, 2))),
                lat=lat,
                lon=lon,
                requires_vog=rng.random() < 0.3,
                languages=tuple(rng.sample(LANGUAGES, rng.choice([0, 0, 1, 2]))),
                waiting_days=rng.choice([0, rng.randint(0, 90), int(rng.expovariate(1 / 25))]),
                exclude=frozenset(rng.sample(ids, 1) if rng.random() < 0.15 else []),
                network=frozenset(rng.sample(ids, min(2, len(ids))) if rng.random() < 0.3 else []),
            )
        )
    rng.shuffle(requests)  # the engine sorts by id; the reference takes any order
    return requests, offers


@pytest.mark.parametrize("seed", range(30))
def test_same_count_and_score_as_ortools(seed):
    requests, offers = random_instance(seed)
    weights = WEIGHT_VARIANTS[seed % len(WEIGHT_VARIANTS)]
    result = match(requests, offers, weights)
    scored = reference.Scored.build(requests, offers, weights)
    optimum = reference.solve(scored)  # in milli-points, rounded as the engine rounds

    index = {r.id: i for i, r in enumerate(requests)}
    offer_index = {o.id: j for j, o in enumerate(offers)}
    ours = {index[m.request]: offer_index[m.offer] for m in result.matches}
    reported = sum(round(m.score * MILLI) for m in result.matches)

    assert len(ours) == len(result.matches)  # one helper per request
    assert len(ours) == optimum.matched
    # the same integer problem on both sides, so the same optimum to the milli-point
    assert reported == optimum.units
    # valid (feasible, within free places) and the reported scores add up to the objective
    assert reference.evaluate_units(scored, ours, MILLI) == reported
    assert reference.evaluate_units(scored, optimum.assignment, MILLI) == optimum.units


@pytest.mark.parametrize("seed", range(0, 30, 3))
def test_milli_point_rounding_costs_at_most_its_bound(seed):
    # Against a reference solved in micro-points: the float score of the engine's matching is
    # within 0.001 point per match of the (practically) unrounded optimum.
    requests, offers = random_instance(seed)
    weights = WEIGHT_VARIANTS[seed % len(WEIGHT_VARIANTS)]
    result = match(requests, offers, weights)
    scored = reference.Scored.build(requests, offers, weights)
    fine = reference.solve(scored, scale=10**6)
    index = {r.id: i for i, r in enumerate(requests)}
    offer_index = {o.id: j for j, o in enumerate(offers)}
    ours = {index[m.request]: offer_index[m.offer] for m in result.matches}
    assert len(ours) == fine.matched
    gap = reference.evaluate_points(scored, fine.assignment) - reference.evaluate_points(
        scored, ours
    )
    assert abs(gap) <= reference.score_tolerance(fine.matched, 10**6)


def test_instances_cover_both_solver_paths_and_full_helpers():
    # Guard the generator: some instances leave requests unmatched while places stay free
    # (both parts of the engine's split non-empty), some fill a whole side, and full helpers
    # occur.
    kinds = set()
    for seed in range(30):
        requests, offers = random_instance(seed)
        optimum = reference.solve(reference.Scored.build(requests, offers))
        places = sum(o.free for o in offers)
        kinds.add("partial" if optimum.matched < min(len(requests), places) else "full side")
        kinds.update("full helper" for o in offers if o.capacity and o.free == 0)
    assert kinds == {"partial", "full side", "full helper"}


def test_reference_scores_reject_invalid_assignments():
    def helper(id, category, active=0):
        return Offer(id, frozenset([category]), frozenset(SLOTS), *BASE, 2, 1, active=active)

    requests = [Request("r1", "a", frozenset(SLOTS), *BASE, requires_vog=False)]
    offers = [helper("free", "a"), helper("other category", "b"), helper("full", "a", active=1)]
    scored = reference.Scored.build(requests, offers)
    assert reference.evaluate_units(scored, {0: 0}) == 10 * MILLI  # language bonus, 0 km
    with pytest.raises(ValueError, match="not feasible"):
        reference.evaluate_units(scored, {0: 1})
    with pytest.raises(ValueError, match="free places"):
        reference.evaluate_units(scored, {0: 2})
    assert reference.solve(scored).assignment == {0: 0}
