"""Benchmark the matching engine on a synthetic city, side by side with a greedy baseline.

    .venv/bin/python bench/matching/run.py [--requests 5000] [--offers 2000] [--seed 7]
                                          [--repeat 3] [--write-input city.json]

The city is deterministic for a given seed: neighbourhoods scattered around the centre of
Amersfoort, residents and helpers clustered in them, realistic categories, dagdelen, languages,
VOG needs and helper loads. The baseline is what coordinators do by hand: take the requests
longest-waiting first and give each the nearest feasible helper that still has a place.
Both use the same feasibility rules (`feasible_pairs`), so the difference is the assignment.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import sys
import time
from pathlib import Path

import numpy as np
import scipy
from scipy.sparse import csr_array
from scipy.sparse.csgraph import maximum_bipartite_matching

from kwartier.support.matching import (
    Offer,
    Request,
    feasible_pairs,
    match,
    parse,
)

CENTRE = (52.1561, 5.3878)  # Amersfoort, Onze Lieve Vrouwetoren
KM_PER_DEGREE_LAT = 111.2
CATEGORIES = {
    "boodschappen": 22,
    "vervoer": 14,
    "gezelschap": 16,
    "klusjes": 12,
    "administratie": 10,
    "tuin": 7,
    "computerhulp": 7,
    "maaltijd": 6,
    "wandelen": 6,
}
DAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
PARTS = {"ochtend": 4, "middag": 4, "avond": 2}
OTHER_LANGUAGES = {"tr": 30, "ar": 25, "ber": 10, "pl": 10, "uk": 10, "en": 10, "so": 5}


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _picks(rng: random.Random, weights: dict[str, int], n: int) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < min(n, len(weights)):
        item = _pick(rng, weights)
        if item not in chosen:
            chosen.append(item)
    return chosen


def _point(rng: random.Random, around: tuple[float, float], spread_km: float) -> dict:
    lat0, lon0 = around
    km_per_degree_lon = KM_PER_DEGREE_LAT * math.cos(math.radians(lat0))
    return {
        "lat": round(lat0 + rng.gauss(0, spread_km) / KM_PER_DEGREE_LAT, 6),
        "lon": round(lon0 + rng.gauss(0, spread_km) / km_per_degree_lon, 6),
    }


def _slots(rng: random.Random, n: int, parts: dict[str, int]) -> list[str]:
    slots = {f"{rng.choice(DAYS)}-{_pick(rng, parts)}" for _ in range(n)}
    return sorted(slots)


def _languages(rng: random.Random, share_other: float) -> list[str]:
    if rng.random() >= share_other:
        return []
    first = _pick(rng, OTHER_LANGUAGES)
    return [first, "nl"] if rng.random() < 0.5 else [first]


def city(n_requests: int, n_offers: int, seed: int) -> dict:
    """A deterministic synthetic city in the engine's input format."""
    rng = random.Random(seed)
    wijken = [_point(rng, CENTRE, 2.5) for _ in range(14)]
    wijk_centres = [(w["lat"], w["lon"]) for w in wijken]

    offers = []
    for j in range(n_offers):
        working = rng.random() < 0.4  # working helpers mostly have evenings and weekends
        parts = {"ochtend": 1, "middag": 1, "avond": 4} if working else PARTS
        capacity = rng.choices([1, 2, 3, 4], weights=[35, 35, 20, 10])[0]
        spoken = ["nl"] if rng.random() < 0.95 else []
        spoken += [lang for lang in _languages(rng, 0.25) if lang not in spoken]
        offers.append(
            {
                "id": f"a{j:05d}",
                "categories": _picks(rng, CATEGORIES, rng.choice([1, 1, 2, 2, 3])),
                "slots": _slots(rng, rng.randint(3, 8), parts),
                **_point(rng, rng.choice(wijk_centres), 0.7),
                "radius_km": rng.choices([1, 2, 3, 5], weights=[20, 35, 30, 15])[0],
                "capacity": capacity,
                "vog": rng.random() < 0.45,
                "languages": spoken,
                "active": min(capacity, int(rng.expovariate(1.2))),
            }
        )

    requests = []
    for i in range(n_requests):
        home = _point(rng, rng.choice(wijk_centres), 0.7)
        near = [o["id"] for o in rng.sample(offers, 40) if _close(o, home, 2.0)]
        requests.append(
            {
                "id": f"h{i:05d}",
                "category": _pick(rng, CATEGORIES),
                "slots": _slots(rng, rng.randint(2, 5), PARTS),
                **home,
                "languages": _languages(rng, 0.22),
                "requires_vog": rng.random() < 0.25,
                "waiting_days": int(rng.expovariate(1 / 25)),
                "exclude": near[:1] if rng.random() < 0.03 else [],
                "network": near[1:3] if rng.random() < 0.10 else [],
            }
        )
    return {"requests": requests, "offers": offers}


def _close(a: dict, b: dict, km: float) -> bool:
    dy = (a["lat"] - b["lat"]) * KM_PER_DEGREE_LAT
    dx = (a["lon"] - b["lon"]) * KM_PER_DEGREE_LAT * math.cos(math.radians(a["lat"]))
    return math.hypot(dx, dy) <= km


def greedy(requests: list[Request], offers: list[Offer]) -> dict[int, int]:
    """First come, first served: longest waiting first, nearest helper with a free place."""
    pairs = feasible_pairs(requests, offers)
    options: dict[int, list[tuple[float, int]]] = {}
    for r, o, d in zip(pairs.request, pairs.offer, pairs.distance_km, strict=True):
        options.setdefault(int(r), []).append((float(d), int(o)))
    free = [o.free for o in offers]
    queue = sorted(range(len(requests)), key=lambda r: (-requests[r].waiting_days, r))
    assigned = {}
    for r in queue:
        for _, o in sorted(options.get(r, [])):
            if free[o] > 0:
                free[o] -= 1
                assigned[r] = o
                break
    return assigned


def max_matchable(requests: list[Request], offers: list[Offer]) -> int:
    """Upper bound by an independent algorithm: Hopcroft–Karp on places instead of helpers."""
    pairs = feasible_pairs(requests, offers)
    free = np.array([o.free for o in offers])
    first_place = np.cumsum(free) - free
    copies = free[pairs.offer]
    rows = np.repeat(pairs.request, copies)
    cols = np.repeat(first_place[pairs.offer], copies) + (
        np.arange(copies.sum()) - np.repeat(np.cumsum(copies) - copies, copies)
    )
    graph = csr_array((np.ones(len(rows)), (rows, cols)), shape=(len(requests), free.sum()))
    return int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())


def describe(assigned: dict[int, int], requests, offers, pairs) -> dict:
    """Quality figures of an assignment (request index -> offer index)."""
    distance = {
        (int(r), int(o)): float(d)
        for r, o, d in zip(pairs.request, pairs.offer, pairs.distance_km, strict=True)
    }
    km = [distance[(r, o)] for r, o in assigned.items()]
    load = np.bincount(list(assigned.values()), minlength=len(offers))
    free_helpers = [j for j, o in enumerate(offers) if o.active == 0 and o.free > 0]
    return {
        "matched": len(assigned),
        "mean_km": float(np.mean(km)) if km else 0.0,
        "in_network": sum(offers[o].id in requests[r].network for r, o in assigned.items()),
        "mean_wait_matched": float(np.mean([requests[r].waiting_days for r in assigned])),
        "helpers_used": int((load > 0).sum()),
        "idle_free_helpers": sum(load[j] == 0 for j in free_helpers),
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())  # other jobs skew the timings
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}; "
        f"load average {load}"
    )


class Timing:
    """Best wall-clock and CPU seconds over the repeats (CPU time resists other jobs' load)."""

    def __init__(self) -> None:
        self.wall = self.cpu = math.inf

    def __str__(self) -> str:
        return f"{self.wall:.2f} s (cpu {self.cpu:.2f} s)"


def timed(fn, repeat: int):
    timing, value = Timing(), None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        value = fn()
        timing.wall = min(timing.wall, time.perf_counter() - wall)
        timing.cpu = min(timing.cpu, time.process_time() - cpu)
    return timing, value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=5000)
    ap.add_argument("--offers", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3, help="report the best of N runs")
    ap.add_argument("--write-input", type=Path, help="also save the city as engine input JSON")
    args = ap.parse_args(argv)

    data = city(args.requests, args.offers, args.seed)
    if args.write_input:
        args.write_input.write_text(json.dumps(data, ensure_ascii=False))
    t_parse, (requests, offers) = timed(lambda: parse(data), args.repeat)
    t_pairs, pairs = timed(lambda: feasible_pairs(requests, offers), args.repeat)
    t_match, result = timed(lambda: match(requests, offers), args.repeat)
    t_greedy, baseline = timed(lambda: greedy(requests, offers), args.repeat)
    bound = max_matchable(requests, offers)

    index = {r.id: i for i, r in enumerate(requests)}
    offer_index = {o.id: j for j, o in enumerate(offers)}
    optimal = {index[m.request]: offer_index[m.offer] for m in result.matches}
    reasons: dict[str, int] = {}
    for u in result.unmatched:
        reasons[u.code] = reasons.get(u.code, 0) + 1
    places = sum(o.free for o in offers)

    print(f"machine: {machine()}")
    print(
        f"city: seed {args.seed}, {len(requests)} requests, {len(offers)} offers, "
        f"{places} free places, {len(pairs.request)} feasible pairs"
    )
    print(
        f"time (best of {args.repeat}): parse {t_parse}, feasible pairs {t_pairs}, "
        f"match {t_match} (includes pairs and reasons), greedy {t_greedy}"
    )
    print(f"maximum possible matches (Hopcroft-Karp on places): {bound}")
    print()
    print("| | engine (optimal) | greedy (longest wait first, nearest) |")
    print("|---|---:|---:|")
    ours, theirs = (
        describe(optimal, requests, offers, pairs),
        describe(baseline, requests, offers, pairs),
    )
    for key, label, fmt in (
        ("matched", "matched requests", "{}"),
        ("mean_km", "mean distance (km)", "{:.2f}"),
        ("in_network", "matched within the resident's network", "{}"),
        ("mean_wait_matched", "mean waiting days of matched requests", "{:.1f}"),
        ("helpers_used", "helpers given at least one request", "{}"),
        ("idle_free_helpers", "free helpers (no load) left without a request", "{}"),
    ):
        print(f"| {label} | {fmt.format(ours[key])} | {fmt.format(theirs[key])} |")
    print()
    print(
        "unmatched by binding constraint (engine): "
        + ", ".join(f"{code} {n}" for code, n in sorted(reasons.items()))
    )
    assert ours["matched"] == bound, "engine must reach the maximum cardinality"
    return 0


if __name__ == "__main__":
    sys.exit(main())
