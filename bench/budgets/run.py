"""Benchmark and cross-check of kwartier.budgets on the 15 Pabulib files in shared/data.

1. Every file with every rule, compared with expected.json (pabutools 1.2.3 outcomes and the
   official winners where the file records them).
2. Ours against pabutools, side by side, on Warsaw 2024 and Łódź 2024.

    .venv/bin/python bench/budgets/run.py                       # pabutools greedy/mes live,
                                                                # its Add1 from results/
    .venv/bin/python bench/budgets/run.py --pabutools cached    # all pabutools figures cached
    .venv/bin/python bench/budgets/run.py --pabutools live-add1 # everything live (slow)
    .venv/bin/python bench/budgets/run.py --pabutools none      # only our side

pabutools is a benchmark-only dependency (bench/budgets/requirements.txt). Its Add1 on Warsaw
takes the better part of an hour, so by default that figure is read from
results/pabutools_*.json, which `reference.py` writes; the report says where each figure came
from. Times are wall clock and CPU time of the process (CPU time is the steadier of the two
on a shared machine); ratios use CPU time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from fractions import Fraction
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from kwartier.budgets import pabulib  # noqa: E402
from kwartier.budgets.allocation import RULES, ApprovalProfile, allocate  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "pabulib"
RESULTS = Path(__file__).resolve().parent / "results"
TIMED_FILES = ("poland_warszawa_2024_.pb", "poland_lodz_2024_.pb")
# expected.json's names for official rules; only an official rule we implement exactly
# (equalshares/add1, Wieliczka) must reproduce the published winners. Warsaw's official list
# departs from plain greedy because of mutually exclusive projects (see the file's comment).
OFFICIAL_RULES = {"greedy": "greedy", "equalshares/add1": "mes-add1"}
MUST_MATCH_OFFICIAL = {"equalshares/add1"}


def best_of(repeat: int, call):
    """(fastest wall seconds, fastest CPU seconds, last result) over `repeat` calls."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), result


def check_file(name: str, reference: dict) -> dict:
    """Every rule on one file, compared with its reference outcomes."""
    election = pabulib.read(DATA / name)
    profile = ApprovalProfile.from_ballots(election.projects, election.approvals())
    row = {"file": name, "projects": len(election.projects), "voters": profile.n_voters}
    official_rule = reference.get("official_rule")
    for rule in RULES:
        call = partial(allocate, rule, election.costs(), profile, election.budget)
        wall, cpu, result = best_of(1, call)
        wanted = reference.get(rule.replace("-", "_"))
        outcome = {
            "seconds": wall,
            "cpu_seconds": cpu,
            "selected": sorted(result.selected),
            "total_cost": float(result.total_cost),
            "matches": None if wanted is None else sorted(result.selected) == wanted,
            "official": None,
        }
        if OFFICIAL_RULES.get(official_rule) == rule:
            official = set(reference["official_selected"])
            outcome["official"] = {
                "matches": set(result.selected) == official,
                "required": official_rule in MUST_MATCH_OFFICIAL,
                "differs_by": sorted(official.symmetric_difference(result.selected)),
            }
        row[rule] = outcome
    return row


def failures_of(row: dict) -> list[str]:
    problems = []
    for rule in RULES:
        outcome = row[rule]
        if outcome["matches"] is False:
            problems.append(f"{row['file']} {rule}: differs from expected.json")
        official = outcome["official"]
        if official and official["required"] and not official["matches"]:
            problems.append(f"{row['file']} {rule}: differs from the official winners")
    return problems


def check_line(row: dict) -> str:
    cells = [f"{row['file']:<38}"]
    for rule in RULES:
        outcome = row[rule]
        verdict = {True: "ok", False: "FAIL", None: "-"}[outcome["matches"]]
        official = outcome["official"]
        if official:
            verdict += "/official " + (
                "ok" if official["matches"] else f"differs ({' '.join(official['differs_by'])})"
            )
        cells.append(f"{rule} {verdict} {outcome['cpu_seconds']:.2f}s")
    return "  ".join(cells)


def time_ours(name: str, repeat: int) -> dict:
    path = DATA / name
    parse_wall, parse_cpu, election = best_of(repeat, partial(pabulib.read, path))
    costs, approvals, budget = election.costs(), election.approvals(), election.budget
    group = partial(ApprovalProfile.from_ballots, costs, approvals)
    group_wall, group_cpu, _ = best_of(repeat, group)
    rules = {}
    for rule in RULES:
        # From the parsed election, so grouping the ballots is part of every rule's time.
        wall, cpu, result = best_of(repeat, partial(allocate, rule, costs, approvals, budget))
        rules[rule] = {"seconds": wall, "cpu_seconds": cpu, "selected": sorted(result.selected)}
        if rule == "mes-add1":  # by definition Add1 runs MES for steps 0 .. last kept + 1
            last_step = result.per_voter_budget - Fraction(budget) / len(approvals)
            rules[rule]["unit_step_runs"] = int(last_step) + 2
    return {
        "file": name,
        "parse": {"seconds": parse_wall, "cpu_seconds": parse_cpu},
        "group": {"seconds": group_wall, "cpu_seconds": group_cpu},
        "rules": rules,
    }


def time_pabutools(name: str, live: list[str], max_runs: int | None) -> dict | None:
    """pabutools figures: the rules in `live` are run now, the others are read from the
    results/pabutools_*.json that reference.py wrote."""
    cached = RESULTS / f"pabutools_{Path(name).stem}.json"
    result = None
    if cached.exists():
        result = json.loads(cached.read_text())
        for outcome in result["rules"].values():
            outcome["source"] = f"{cached.relative_to(ROOT)}, {result.get('measured', '?')}"
    if live:
        from reference import time_pabutools as run_reference

        fresh = run_reference(DATA / name, live, max_runs)
        for outcome in fresh["rules"].values():
            outcome["source"] = "live"
        result = {**fresh, "rules": {**(result or {}).get("rules", {}), **fresh["rules"]}}
    return result


def machine() -> dict:
    cpu = platform.processor() or "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    try:
        pabutools_version = version("pabutools")
    except PackageNotFoundError:
        pabutools_version = "not installed"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pabutools": pabutools_version,
        "platform": platform.platform(),
    }


def comparison_lines(ours: dict, theirs: dict | None) -> list[str]:
    lines = [
        f"{ours['file']}: parse {ours['parse']['cpu_seconds']:.2f}s CPU, "
        f"ballots grouped in {ours['group']['cpu_seconds']:.2f}s CPU"
        + (f"; pabutools parse {theirs['parse_s']:.1f}s wall" if theirs else "")
    ]
    for rule in RULES:
        mine = ours["rules"][rule]
        line = f"  {rule:<9} ours {mine['cpu_seconds']:7.2f}s CPU {mine['seconds']:7.2f}s wall"
        other = (theirs or {}).get("rules", {}).get(rule)
        if other:
            if other["complete"]:
                their_cpu = other["cpu_seconds"]
                same = other["selected"] == mine["selected"]
                line += f" | pabutools {their_cpu:8.1f}s CPU {other['seconds']:8.1f}s wall"
                note = "same outcome" if same else "OTHER OUTCOME"
            else:  # stopped early: scale its CPU per MES run to all the runs Add1 needs
                total = mine["unit_step_runs"]
                their_cpu = other["cpu_seconds"] / other["runs"] * total
                line += f" | pabutools ~{their_cpu:7.0f}s CPU (estimate)"
                note = f"from {other['runs']} of {total} runs"
            line += f" | x{their_cpu / mine['cpu_seconds']:.0f} | {note} | {other['source']}"
        lines.append(line)
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark of kwartier.budgets")
    parser.add_argument(
        "--pabutools",
        choices=["none", "cached", "live", "live-add1"],
        default="live",
        help="none; cached: all from results/; live (default): greedy and mes now, Add1 "
        "cached; live-add1: everything now (Add1 on Warsaw takes about an hour)",
    )
    parser.add_argument("--max-runs", type=int, help="stop pabutools' Add1 after N MES runs")
    parser.add_argument("--repeat", type=int, default=3, help="best of N for our timings")
    parser.add_argument("--out", type=Path, default=RESULTS / "run.json")
    args = parser.parse_args()

    expected = json.loads((DATA / "expected.json").read_text())
    facts = machine()
    print(f"machine: {facts}\n")
    checks, failures = [], []
    for name in sorted(expected):
        row = check_file(name, expected[name])
        print(check_line(row), flush=True)
        checks.append(row)
        failures.extend(failures_of(row))
    timings = []
    for name in TIMED_FILES:
        ours = time_ours(name, args.repeat)
        live = {"live": ["greedy", "mes"], "live-add1": list(RULES)}.get(args.pabutools, [])
        theirs = None if args.pabutools == "none" else time_pabutools(name, live, args.max_runs)
        print("\n" + "\n".join(comparison_lines(ours, theirs)), flush=True)
        timings.append({"ours": ours, "pabutools": theirs})
    facts["load_average_after"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {"machine": facts, "checks": checks, "timings": timings, "failures": failures}
    args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    print(f"\n{len(failures)} failures" + "".join(f"\n  {f}" for f in failures))
    print(f"details: {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
