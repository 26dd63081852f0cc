"""Voting builds on budgets, never the other way round: no module of the budgets app
imports the voting app (the turnout it shows comes from a hook voting registers)."""

import ast
from pathlib import Path

import kwartier.budgets

BUDGETS = Path(kwartier.budgets.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            # `from .. import voting` or `from ..voting import x` climb out of the app.
            prefix = "kwartier." if node.level > 1 else ""
            module = node.module or ""
            names.add(prefix + module)
            names.update(
                f"{prefix}{module}.{alias.name}".replace("..", ".") for alias in node.names
            )
    return names


def test_budgets_never_imports_voting():
    offending = [
        f"{path.relative_to(BUDGETS)}: {name}"
        for path in sorted(BUDGETS.rglob("*.py"))
        for name in imported_modules(path)
        if name == "kwartier.voting" or name.startswith("kwartier.voting.")
    ]
    assert not offending, "\n".join(offending)
