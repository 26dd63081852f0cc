"""The standard indicator definitions, kept as data in data/indicators.json.

`ensure()` creates the definitions that are missing (by code) and leaves existing ones
as they are, so the beheerder's edits in the admin survive every import. The `cbs`
names of each definition say which CBS column is read into it (cbs.py).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import cache
from pathlib import Path

from .models import Indicator

DATA = Path(__file__).parent / "data" / "indicators.json"
PLAIN = ("name", "unit", "higher_is", "source", "own")
NUMBERS = ("scale_min", "scale_max", "margin", "factor")


@cache
def standard() -> tuple[dict, ...]:
    return tuple(json.loads(DATA.read_text(encoding="utf-8"))["indicators"])


def ensure() -> dict[str, Indicator]:
    """{code: Indicator} of every standard definition, creating the missing ones."""
    existing = {
        i.code: i for i in Indicator.objects.filter(code__in=[d["code"] for d in standard()])
    }
    for order, definition in enumerate(standard(), start=1):
        if definition["code"] in existing:
            continue
        fields = {key: definition[key] for key in PLAIN if key in definition}
        fields |= {key: Decimal(str(definition[key])) for key in NUMBERS if key in definition}
        for part in ("numerator", "denominator"):
            if part in definition:
                fields[part] = existing[definition[part]]
        existing[definition["code"]] = Indicator.objects.create(
            code=definition["code"], order=order * 10, **fields
        )
    return existing


def normal(name: str) -> str:
    """A column name reduced to lower-case letters and digits: the R-saved header
    `Bevolking.Aantal.inwoners..aantal.` and the label `Aantal inwoners` keep their words,
    an OData key loses its number (`AantalInwoners_5` -> `aantalinwoners`)."""
    name = re.sub(r"_\d+$", "", name.strip())
    return re.sub(r"[^0-9a-z]", "", name.lower())


@cache
def cbs_columns() -> dict[str, str]:
    """{normal column name: indicator code} of every CBS naming in the data file."""
    return {normal(name): d["code"] for d in standard() for name in d.get("cbs", ())}
