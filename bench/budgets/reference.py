"""Time pabutools (the benchmark reference) on one Pabulib file.

Only the benchmark imports pabutools; Kwartier itself never does. `mes-add1` is the Add1 rule
of expected.json (per-voter budget budget/n + k for k = 0, 1, ...; keep the last outcome within
budget), run as a loop of fresh pabutools MES calls. pabutools' own `voter_budget_increment`
is not used: it stops at the first exhaustive outcome (a different rule) and keeps a cache per
voter and budget value that grew past 17 GB on Warsaw 2024 before it finished.

One pabutools MES run on Warsaw costs about half a minute of CPU and Add1 needs 108 of them,
so `--max-runs` can stop the loop early; the JSON then says how many runs were measured
(`complete: false`), and run.py extrapolates from the CPU time per run. Standalone use, in the
background:

    nohup .venv/bin/python bench/budgets/reference.py poland_warszawa_2024_.pb \\
        --rules greedy mes mes-add1 --max-runs 12 \\
        --out bench/budgets/results/pabutools_poland_warszawa_2024_.json &
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "pabulib"


def _mes(instance, profile, per_voter=None):
    """pabutools' MES; with `per_voter`, every voter starts with that budget instead."""
    from pabutools.election import Cost_Sat
    from pabutools.rules import method_of_equal_shares

    if per_voter is None:
        return method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    real_budget = instance.budget_limit
    instance.budget_limit = per_voter * profile.num_ballots()
    try:
        return method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    finally:
        instance.budget_limit = real_budget


def _greedy(instance, profile):
    from pabutools.election import Cost_Sat
    from pabutools.rules import greedy_utilitarian_welfare

    return greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)


def _add1(instance, profile, max_runs=None, progress=None):
    """Unit steps from budget/n; the last outcome before the first one over budget.

    Returns (outcome or None when stopped by `max_runs`, number of MES runs made)."""
    from pabutools.election import total_cost
    from pabutools.fractions import frac

    start = frac(instance.budget_limit, profile.num_ballots())
    outcome, runs = _mes(instance, profile), 1
    while max_runs is None or runs < max_runs:
        following = _mes(instance, profile, start + runs)
        runs += 1
        if progress:
            progress(f"add1 run {runs}: cost {float(total_cost(following)):,.0f}")
        if total_cost(following) > instance.budget_limit:
            return outcome, runs
        outcome = following
    return None, runs


def time_pabutools(path: Path, rules: list[str], max_runs=None, progress=None, out=None) -> dict:
    """Parse `path` with pabutools and time each rule once; returns seconds and outcomes.

    With `out`, the result so far is written there after every rule."""
    from pabutools.election import parse_pabulib

    started = time.perf_counter()
    instance, profile = parse_pabulib(str(path))
    result = {"file": path.name, "parse_s": time.perf_counter() - started, "rules": {}}
    for rule in rules:
        started, cpu_started = time.perf_counter(), time.process_time()
        runs = 1
        if rule == "greedy":
            outcome = _greedy(instance, profile)
        elif rule == "mes":
            outcome = _mes(instance, profile)
        else:
            outcome, runs = _add1(instance, profile, max_runs, progress)
        result["rules"][rule] = {
            "seconds": time.perf_counter() - started,
            "cpu_seconds": time.process_time() - cpu_started,
            "runs": runs,
            "complete": outcome is not None,
            "selected": sorted(p.name for p in outcome) if outcome is not None else None,
        }
        if progress:
            progress(f"{rule}: {result['rules'][rule]['cpu_seconds']:.1f}s CPU, {runs} run(s)")
        if out:
            _save(result, out)
    return result


def _save(result: dict, out: Path) -> None:
    result["measured"] = time.ctime()
    result["python"] = platform.python_version()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="file name inside shared/data/pabulib")
    parser.add_argument("--rules", nargs="+", default=["greedy", "mes"])
    parser.add_argument("--max-runs", type=int, help="stop Add1 after this many MES runs")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    started, cpu_started = time.perf_counter(), time.process_time()

    def progress(message: str) -> None:
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        print(f"{message}; {wall:.0f}s wall, {cpu:.0f}s CPU so far", file=sys.stderr, flush=True)

    time_pabutools(DATA_DIR / args.file, args.rules, args.max_runs, progress, args.out)


if __name__ == "__main__":
    main()
