"""The wijkmonitor reads other apps in one place: own.py (Kwartier's own figures). Every
other module of the indicators app imports only core, itself and the demo's helpers."""

from pathlib import Path

import kwartier.indicators
from tests.budgets.test_layers import imported_modules

INDICATORS = Path(kwartier.indicators.__file__).parent
ALLOWED = ("kwartier.core", "kwartier.indicators", "kwartier.demo")


def test_only_own_py_imports_other_apps():
    offending = [
        f"{path.relative_to(INDICATORS)}: {name}"
        for path in sorted(INDICATORS.rglob("*.py"))
        if path.name != "own.py"
        for name in imported_modules(path)
        if name.startswith("kwartier.") and not name.startswith(ALLOWED)
    ]
    assert not offending, "\n".join(offending)


def test_own_py_reads_the_modules_it_counts():
    names = imported_modules(INDICATORS / "own.py")
    apps = {name.split(".")[1] for name in names if name.startswith("kwartier.")}
    assert {"signals", "support", "instruments"} <= apps
