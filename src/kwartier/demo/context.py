"""What every module's demo seeder builds on: the context the generator hands it and the
demo's JSON source files. Apart from generate.py, so that a module's seeder can use these
without importing the generator (which imports every seeder)."""

import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import QuerySet

from kwartier.core.models import Organisation

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def load_data(name: str) -> Any:
    return json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class DemoContext:
    """What every module's demo seeder builds on."""

    reference_date: datetime.date  # ages count from it: the same residents in every build
    today: datetime.date  # the day the activity leads up to: waiting times, due dates, rounds
    organisation: Organisation  # the welfare organisation whose workers do the work
    persons: QuerySet  # its residents, with household and buurt
    users: QuerySet  # the six demo accounts
