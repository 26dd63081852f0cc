"""Benchmark the matching engine on a synthetic city, side by side with OR-Tools and greedy.

One city, with the quality of the assignments (the default):

    .venv/bin/python bench/matching/run.py [--requests 5000] [--offers 2000] [--seed 7]
                                          [--repeat 3] [--write-input city.json]

Sizes, with time and memory; every solver runs in a fresh subprocess per repetition, so peak
memory figures do not mix, and the median of the repetitions is reported:

    .venv/bin/python bench/matching/run.py --sizes 5000,20000,50000 [--repeat 3] [--dense]

The city is deterministic for a given seed: neighbourhoods scattered around the centre of
Amersfoort, residents and helpers clustered in them, realistic categories, dagdelen, languages,
VOG needs and helper loads. The reference optimum is a min-cost flow in Google OR-Tools
(`ortools_reference.py`, needs bench/matching/requirements.txt). The baseline is what
coordinators do by hand: take the requests longest-waiting first and give each the nearest
feasible helper that still has a place. All three use the same feasibility rules
(`feasible_pairs`), so the difference is the assignment.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import scipy
from scipy.sparse import coo_array, csr_array
from scipy.sparse.csgraph import connected_components, maximum_bipartite_matching

from kwartier.support import flow, matching  # flow: numba is imported here, untimed, like OR-Tools
from kwartier.support.matching import (
    MILLI,
    Offer,
    Request,
    feasible_pairs,
    match,
    parse,
)

try:  # benchmark-only dependency: pip install -r bench/matching/requirements.txt
    import ortools_reference as reference
except ImportError:  # the single-city report still runs, without the OR-Tools column
    reference = None

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


def city(
    n_requests: int,
    n_offers: int,
    seed: int,
    *,
    max_capacity: int = 4,
    wijken: int = 14,
    spread_km: float = 2.5,
) -> dict:
    """A deterministic synthetic city in the engine's input format.

    `wijken` neighbourhood centres scatter around the centre with σ `spread_km`; helpers'
    capacity is 1..`max_capacity` (35/35/20/10 %, truncated). The defaults are the Amersfoort of
    the README; `region` scales it for the size comparison.
    """
    rng = random.Random(seed)
    centres = [_point(rng, CENTRE, spread_km) for _ in range(wijken)]
    wijk_centres = [(w["lat"], w["lon"]) for w in centres]
    capacities = [1, 2, 3, 4][:max_capacity]
    capacity_weights = [35, 35, 20, 10][:max_capacity]

    offers = []
    for j in range(n_offers):
        working = rng.random() < 0.4  # working helpers mostly have evenings and weekends
        parts = {"ochtend": 1, "middag": 1, "avond": 4} if working else PARTS
        capacity = rng.choices(capacities, weights=capacity_weights)[0]
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


def region(n_requests: int, seed: int, dense: bool = False) -> dict:
    """The size comparison's city: helpers half as many as requests, capacity 1-3.

    Grows like a region rather than a denser town: one neighbourhood per ~357 requests (14 at
    5,000), spread over an area growing with the number of neighbourhoods, so residents and
    helpers per km² stay as in the 5,000-request town. `dense` keeps 14 neighbourhoods in the
    same area instead, so the feasible pairs grow with the square of the size (a stress test).
    """
    wijken = 14 if dense else max(14, round(14 * n_requests / 5000))
    return city(
        n_requests,
        n_requests // 2,
        seed,
        max_capacity=3,
        wijken=wijken,
        spread_km=2.5 * math.sqrt(wijken / 14),
    )


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
    tools = f"numpy {np.__version__}, scipy {scipy.__version__}"
    try:
        from numba import __version__ as numba_version

        tools += f", numba {numba_version}"
    except ImportError:
        tools += ", no numba"
    if reference is not None:
        from ortools import __version__ as ortools_version

        tools += f", ortools {ortools_version}"
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {tools}; load average {load_average()}"
    )


def load_average() -> str:
    """1, 5 and 15 minute load averages, as `uptime` shows them: other jobs skew timings."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


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


def engine_assignment(result, requests, offers) -> dict[int, int]:
    """The engine's result as request index -> offer index."""
    index = {r.id: i for i, r in enumerate(requests)}
    offer_index = {o.id: j for j, o in enumerate(offers)}
    return {index[m.request]: offer_index[m.offer] for m in result.matches}


def engine_units(result) -> int:
    """The engine's own total score in milli-points (each match score is a whole milli-point)."""
    return sum(round(m.score * MILLI) for m in result.matches)


# --------------------------------------------------------------------------------------------
# One city: quality of the assignments


def single_city(args: argparse.Namespace) -> int:
    print(f"engine solver: {warm_up()} (compile or cache load, not timed)")
    data = city(args.requests, args.offers, args.seed)
    if args.write_input:
        args.write_input.write_text(json.dumps(data, ensure_ascii=False))
    t_parse, (requests, offers) = timed(lambda: parse(data), args.repeat)
    t_pairs, pairs = timed(lambda: feasible_pairs(requests, offers), args.repeat)
    t_match, result = timed(lambda: match(requests, offers), args.repeat)
    t_greedy, baseline = timed(lambda: greedy(requests, offers), args.repeat)
    bound = max_matchable(requests, offers)

    optimal = engine_assignment(result, requests, offers)
    solvers, ortools_time = {"engine (optimal)": optimal}, ""
    if reference is not None:

        def reference_solve():
            return reference.solve(reference.Scored.build(requests, offers, pairs=pairs))

        t_ortools, ref = timed(reference_solve, args.repeat)
        ortools_time = f", OR-Tools {t_ortools} (scores, flow network, solve; pairs given)"
        solvers["OR-Tools (reference)"] = ref.assignment
    solvers["greedy (longest wait first, nearest)"] = baseline
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
        f"match {t_match} (includes pairs and reasons), greedy {t_greedy}{ortools_time}"
    )
    print(f"maximum possible matches (Hopcroft-Karp on places): {bound}")
    print()
    print("| | " + " | ".join(solvers) + " |")
    print("|---|" + "---:|" * len(solvers))
    scored = reference.Scored.build(requests, offers, pairs=pairs) if reference else None
    figures = [describe(a, requests, offers, pairs) for a in solvers.values()]
    if scored is not None:
        for figure, assignment in zip(figures, solvers.values(), strict=True):
            figure["score"] = reference.evaluate_units(scored, assignment) / MILLI
    rows = [
        ("matched", "matched requests", "{}"),
        ("score", "total score (points)", "{:,.3f}"),
        ("mean_km", "mean distance (km)", "{:.2f}"),
        ("in_network", "matched within the resident's network", "{}"),
        ("mean_wait_matched", "mean waiting days of matched requests", "{:.1f}"),
        ("helpers_used", "helpers given at least one request", "{}"),
        ("idle_free_helpers", "free helpers (no load) left without a request", "{}"),
    ]
    for key, label, fmt in rows:
        if key in figures[0]:
            print(f"| {label} | " + " | ".join(fmt.format(f[key]) for f in figures) + " |")
    print()
    print(
        "unmatched by binding constraint (engine): "
        + ", ".join(f"{code} {n}" for code, n in sorted(reasons.items()))
    )
    assert figures[0]["matched"] == bound, "engine must reach the maximum cardinality"
    if scored is not None:
        assert figures[0]["matched"] == ref.matched, "engine and OR-Tools differ in matches"
        assert engine_units(result) == ref.units, "engine and OR-Tools differ in score"
        print(f"engine = OR-Tools: {ref.matched} matches, score {ref.units / MILLI:,.3f} points")
    return 0


# --------------------------------------------------------------------------------------------
# Sizes: one subprocess per solver and run


SOLVERS = ("kwartier", "ortools", "greedy")
FINE_SCALE = 10**6  # second OR-Tools solve in micro-points: the rounding check
ENGINE_PHASES = {"_feasible": "pairs", "_assign": "solve", "_unmatched": "reasons"}


def _proc_status_kb(key: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark of this process (Linux ≥ 4.0), so it measures the solve."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return _proc_status_kb("VmHWM") is not None


@contextmanager
def engine_phases(seconds: dict[str, float]) -> Iterator[None]:
    """Time the engine's phases by wrapping its (private) steps; diagnostics only.

    `match` looks these functions up at call time, so wrapping the module attributes times
    them without changing what runs. A renamed step is simply not timed.
    """
    originals = {name: getattr(matching, name, None) for name in ENGINE_PHASES}

    def wrap(name: str, fn: Callable) -> Callable:
        def timed_step(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                label = ENGINE_PHASES[name]
                seconds[label] = seconds.get(label, 0.0) + time.perf_counter() - start

        return timed_step

    for name, fn in originals.items():
        if fn is not None:
            setattr(matching, name, wrap(name, fn))
    try:
        yield
    finally:
        for name, fn in originals.items():
            if fn is not None:
                setattr(matching, name, fn)


def worker(solver: str, path: Path) -> dict:
    """Solve the city in `path` with one solver; time, peak memory and result as a dict."""
    requests, offers = parse(json.loads(path.read_text()))
    gc.collect()
    exact_peak = _reset_peak_rss()
    rss_before = _proc_status_kb("VmRSS")
    phases: dict[str, float] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    if solver == "kwartier":
        with engine_phases(phases):
            result = match(requests, offers)
    elif solver == "ortools":
        scored = reference.Scored.build(requests, offers)
        phases["pairs and scores"] = time.perf_counter() - wall
        ref = reference.solve(scored)
        phases.update(ref.seconds)
    else:
        assignment = greedy(requests, offers)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak_kb = (
        _proc_status_kb("VmHWM")
        if exact_peak
        else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # whole process, KiB on Linux
    )

    # Not timed: score every assignment the same way, with the reference's scorer.
    out = {"solver": solver, "wall": wall, "cpu": cpu, "peak_mb": peak_kb / 1024}
    out["rss_before_mb"] = rss_before / 1024 if rss_before else None
    out["peak_is_solve_only"] = exact_peak
    out["phases"] = phases
    if solver == "kwartier":
        assignment = engine_assignment(result, requests, offers)
        out["reported_units"] = engine_units(result)
        phases["other"] = wall - sum(phases.values())
    if solver == "ortools":
        assignment = ref.assignment
        out["units_from_flow"] = ref.units
        fine = reference.solve(scored, scale=FINE_SCALE)
        out["fine"] = {
            "matched": fine.matched,
            "points": reference.evaluate_points(scored, fine.assignment),
        }
        out["arcs"] = ref.arcs
    else:
        scored = reference.Scored.build(requests, offers)
    out["matched"] = len(assignment)
    out["units"] = reference.evaluate_units(scored, assignment)
    out["points"] = reference.evaluate_points(scored, assignment)
    return out


def spawn(solver: str, path: Path) -> dict:
    command = [sys.executable, __file__, "--worker", solver, "--input", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{solver} on {path.name} failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def city_facts(data: dict) -> dict:
    requests, offers = parse(data)
    pairs = feasible_pairs(requests, offers)
    usable = np.array([o.free for o in offers])[pairs.offer] > 0
    n, m = len(requests), len(offers)
    graph = coo_array(
        (np.ones(int(usable.sum())), (pairs.request[usable], n + pairs.offer[usable])),
        shape=(n + m, n + m),
    )
    _, label = connected_components(graph, directed=False)
    sizes = np.bincount(label[np.unique(pairs.request[usable])])  # matchable requests
    return {
        "requests": n,
        "offers": m,
        "places": sum(o.free for o in offers),
        "pairs": len(pairs.request),
        "largest_component": int(sizes.max()) if sizes.size else 0,
    }


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def warm_up() -> str:
    """Compile the engine's solver loops (numba caches them on disk), outside all timings.

    Every worker then loads the compiled code from that cache when it imports `flow`, untimed,
    as it imports OR-Tools' compiled library.
    """
    start = time.perf_counter()
    match(*parse(city(100, 50, seed=1)))
    compiled = "numba" if hasattr(flow._successive_shortest_paths, "py_func") else None
    return f"{compiled or 'no numba: plain Python'}, warm-up {time.perf_counter() - start:.2f} s"


def compare_sizes(args: argparse.Namespace) -> int:
    if reference is None:
        sys.exit("--sizes needs OR-Tools: pip install -r bench/matching/requirements.txt")
    sizes = [int(x) for x in args.sizes.split(",")]
    kind = "dense town (14 neighbourhoods)" if args.dense else "region (density of 5k town)"
    print(f"machine: {machine()}")
    print(f"engine solver: {warm_up()} (compile or cache load, not timed)")
    print(f"city: seed {args.seed}, {kind}, helpers = requests / 2, capacity 1-3")
    print(f"median of {args.repeat} runs; every run a fresh process per solver")
    print()
    failures, tables = [], []
    with tempfile.TemporaryDirectory(prefix="kwartier-bench-") as tmp:
        for n in sizes:
            path = Path(tmp) / f"city-{n}.json"
            data = region(n, args.seed, args.dense)
            path.write_text(json.dumps(data))
            facts = city_facts(data)
            del data
            load_before = load_average()
            runs: dict[str, list[dict]] = {s: [] for s in SOLVERS}
            for _ in range(args.repeat):
                for solver in SOLVERS:  # interleaved, so load changes hit all solvers alike
                    runs[solver].append(spawn(solver, path))
                    print(f"  {n}: {solver} {runs[solver][-1]['wall']:.2f} s", file=sys.stderr)
            tables.append((n, facts, runs, load_before, load_average()))
            failures += check(n, runs)
    for n, facts, runs, before, after in tables:
        report(n, facts, runs, before, after)
    print("\n".join(failures) if failures else "all checks passed: engine = OR-Tools everywhere")
    return 1 if failures else 0


def check(n: int, runs: dict[str, list[dict]]) -> list[str]:
    """Optimality checks; each run of a solver must also give the same result."""
    problems = []
    for solver, results in runs.items():
        if len({(r["matched"], r["units"]) for r in results}) != 1:
            problems.append(f"{n}: {solver} gave different results in different runs")
    engine, ref = runs["kwartier"][0], runs["ortools"][0]
    if engine["reported_units"] != engine["units"]:
        problems.append(f"{n}: the engine's reported scores do not add up to its objective")
    if ref["units_from_flow"] != ref["units"]:
        problems.append(f"{n}: OR-Tools' optimal cost differs from its assignment's score")
    if (engine["matched"], engine["units"]) != (ref["matched"], ref["units"]):
        problems.append(
            f"{n}: engine {engine['matched']} matches / {engine['units']} milli-points, "
            f"OR-Tools {ref['matched']} / {ref['units']}"
        )
    fine = ref["fine"]
    tolerance = reference.score_tolerance(engine["matched"], FINE_SCALE)
    if fine["matched"] != engine["matched"] or abs(fine["points"] - engine["points"]) > tolerance:
        problems.append(f"{n}: engine vs OR-Tools in micro-points beyond the rounding bound")
    return problems


def report(n: int, facts: dict, runs: dict[str, list[dict]], before: str, after: str) -> None:
    print(
        f"### {facts['requests']:,} requests × {facts['offers']:,} helpers: "
        f"{facts['places']:,} free places, {facts['pairs']:,} feasible pairs, "
        f"largest component {facts['largest_component']:,} requests; "
        f"load average {before} before, {after} after"
    )
    print()
    print("| solver | wall s (median; all runs) | cpu s | peak RSS MB | matched | score (points) |")
    print("|---|---:|---:|---:|---:|---:|")
    names = {"kwartier": "Kwartier", "ortools": "OR-Tools", "greedy": "greedy"}
    for solver, results in runs.items():
        walls = ", ".join(f"{r['wall']:.2f}" for r in results)
        print(
            f"| {names[solver]} | {median(results, 'wall'):.2f} ({walls}) "
            f"| {median(results, 'cpu'):.2f} | {median(results, 'peak_mb'):,.0f} "
            f"| {results[0]['matched']:,} | {results[0]['units'] / MILLI:,.3f} |"
        )
    print()
    engine, ref = runs["kwartier"], runs["ortools"]
    for label, results in (("Kwartier", engine), ("OR-Tools", ref)):
        phases = [
            (k, statistics.median(r["phases"][k] for r in results)) for k in results[0]["phases"]
        ]
        print(f"{label} phases (median s): " + ", ".join(f"{k} {v:.2f}" for k, v in phases))
    ratio = median(engine, "wall") / median(ref, "wall")
    solve_ratio = statistics.median(r["phases"]["solve"] for r in engine) / statistics.median(
        sum(r["phases"][k] for k in ("build", "solve", "extract")) for r in ref
    )
    fine = ref[0]["fine"]
    print(
        f"Kwartier / OR-Tools wall time: {ratio:.2f}× end to end, {solve_ratio:.2f}× "
        f"optimisation only (engine solve vs OR-Tools network + solve)"
    )
    scope = "during the solve" if engine[0]["peak_is_solve_only"] else "of the whole worker"
    print(
        f"peak RSS is the worker's peak {scope}; it includes the parsed input, "
        f"{median(engine, 'rss_before_mb'):,.0f} MB before solving"
    )
    print(
        f"score check in micro-points (OR-Tools scale 10^6): {fine['points']:,.6f} vs engine "
        f"{engine[0]['points']:,.6f}, gap {fine['points'] - engine[0]['points']:.6f} ≤ bound "
        f"{reference.score_tolerance(engine[0]['matched'], FINE_SCALE):.3f}"
    )
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=5000)
    ap.add_argument("--offers", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3, help="best (one city) or median (--sizes)")
    ap.add_argument("--write-input", type=Path, help="also save the city as engine input JSON")
    ap.add_argument("--sizes", help="comma-separated request counts, e.g. 5000,20000,50000")
    ap.add_argument("--dense", action="store_true", help="--sizes: all in the same 14 wijken")
    ap.add_argument("--worker", choices=SOLVERS, help=argparse.SUPPRESS)
    ap.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.input)))
        return 0
    return compare_sizes(args) if args.sizes else single_city(args)


if __name__ == "__main__":
    sys.exit(main())
