"""Command line for Pabulib files: `pb allocate FILE --rule RULE [--json]` and `pb check FILE`.

`run_cli` takes the arguments after `pb` and returns the exit code: 0 on success, 2 for an
unreadable or malformed file (reported as `FILE:LINE: message` on stderr) or bad arguments.
Files go through the same reader and rules as the import page and API (pbinput.py): a file
this command accepts imports, and one it refuses is refused there too.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from fractions import Fraction
from typing import TextIO

from kwartier.budgets import allocation, pbinput
from kwartier.budgets.allocation import Allocation, money
from kwartier.budgets.pabulib import Election
from kwartier.budgets.pbinput import PbProblem

RULE_TITLES = {
    "greedy": "greedy (meeste steun eerst)",
    "mes": "Method of Equal Shares",
    "mes-add1": "Method of Equal Shares met Add1-aanvulling",
}
NAME_WIDTH = 40


def run_cli(argv: Sequence[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as stop:  # argparse has printed its message already
        return int(stop.code or 0)
    try:
        with open(args.file, "rb") as file:
            election = pbinput.load(pbinput.decode(file.read())).election
    except PbProblem as problem:
        where = f"{args.file}:{problem.line}" if problem.line else args.file
        print(f"{where}: {problem.message}", file=stderr)
        return 2
    except OSError as error:
        print(f"{args.file}: kan het bestand niet lezen ({_os_reason(error)})", file=stderr)
        return 2
    if args.command == "check":
        stdout.write(_summary(args.file, election))
        return 0
    result = allocation.allocate(args.rule, election.costs(), election.approvals(), election.budget)
    if args.json:
        stdout.write(json.dumps(_as_json(result), ensure_ascii=False) + "\n")
    else:
        stdout.write(_table(args.file, election, result))
    return 0


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "het bestaat niet"
    if isinstance(error, IsADirectoryError):
        return "het is een map"
    if isinstance(error, PermissionError):
        return "geen toestemming"
    return error.strerror or type(error).__name__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pb", description="Participatieve begrotingen in het Pabulib-formaat."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="OPDRACHT")
    allocate = commands.add_parser("allocate", help="verdeel het budget over de projecten")
    allocate.add_argument("file", metavar="BESTAND", help="een .pb-bestand")
    allocate.add_argument("--rule", required=True, choices=allocation.RULES, help="de verdeelregel")
    allocate.add_argument("--json", action="store_true", help="uitvoer als JSON")
    check = commands.add_parser("check", help="controleer een bestand en vat het samen")
    check.add_argument("file", metavar="BESTAND", help="een .pb-bestand")
    return parser


def _number(value: int | Fraction) -> int | float:
    return value if isinstance(value, int) else float(value)


def _decimal(value: float) -> str:
    """One decimal with a decimal comma, as Dutch readers expect."""
    return f"{value:.1f}".replace(".", ",")


def _as_json(result: Allocation) -> dict:
    return {
        "selected": list(result.selected),
        "total_cost": _number(result.total_cost),
        "rule": result.rule,
    }


def _table(path: str, election: Election, result: Allocation) -> str:
    budget = election.budget
    share = float(result.total_cost) / float(budget) if budget else 0.0
    lines = [
        f"Verdeling volgens {RULE_TITLES[result.rule]} ({path})",
        f"Budget {money(budget)}, besteed {money(result.total_cost)} ({_decimal(100 * share)}%), "
        f"{len(result.selected)} van {len(election.projects)} projecten gefinancierd",
    ]
    if result.per_voter_budget is not None:
        lines.append(f"Budget per kiezer in de berekening: {money(result.per_voter_budget)}")
    rows = [("Nr", "Project", "Naam", "Kosten", "Steun", "Toelichting")]
    for position, pid in enumerate(result.selected, start=1):
        rows.append(_row(str(position), election, result, pid))
    funded = set(result.selected)
    unfunded = [pid for pid in election.projects if pid not in funded]
    unfunded.sort(key=lambda pid: (-result.explanations[pid].supporters, pid))
    rows.extend(_row("-", election, result, pid) for pid in unfunded)
    lines.append("")
    lines.extend(_aligned(rows, right={0, 3, 4}))
    return "\n".join(lines) + "\n"


def _row(position: str, election: Election, result: Allocation, pid: str) -> tuple[str, ...]:
    name = election.projects[pid].name
    if len(name) > NAME_WIDTH:
        name = name[: NAME_WIDTH - 1] + "…"
    explanation = result.explanations[pid]
    cost = money(election.projects[pid].cost)
    return (position, pid, name, cost, money(explanation.supporters), explanation.text)


def _aligned(rows: list[tuple[str, ...]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def _summary(path: str, election: Election) -> str:
    ballots = election.approvals()
    supported = set().union(*ballots) if ballots else set()
    total_cost = sum(project.cost for project in election.projects.values())
    average = sum(map(len, ballots)) / len(ballots) if ballots else 0.0
    meta = election.meta
    place = ", ".join(filter(None, (meta.get("unit"), meta.get("instance"), meta.get("country"))))
    lines = [
        f"{path}: geldig Pabulib-bestand",
        f"  omschrijving:  {meta.get('description', '-')}",
        f"  plaats:        {place or '-'}",
        f"  stemtype:      {election.vote_type}",
        f"  budget:        {money(election.budget)}",
        f"  projecten:     {len(election.projects)} (samen {money(total_cost)}), "
        f"{len(election.projects) - len(supported)} zonder steun",
        f"  stemmen:       {money(len(ballots))} (gemiddeld {_decimal(average)} projecten "
        f"per stem), {sum(1 for b in ballots if not b)} leeg",
    ]
    lines.extend(_count_warnings(election))
    return "\n".join(lines) + "\n"


def _count_warnings(election: Election) -> list[str]:
    """META's num_projects / num_votes should match what the file holds."""
    warnings = []
    for key, actual in (
        ("num_projects", len(election.projects)),
        ("num_votes", len(election.votes)),
    ):
        stated = election.meta.get(key)
        if stated is not None and stated != str(actual):
            warnings.append(f"  let op: META noemt {key}={stated}, het bestand bevat er {actual}")
    return warnings


if __name__ == "__main__":
    sys.exit(run_cli(sys.argv[1:]))
