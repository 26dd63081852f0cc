"""The wijkmonitor's part of the permission matrix (see tests/core/matrix.py).

Figures per area are not about persons: workers and the funder read them, managers
import files; fact checks belong to an organisation.
"""

from tests.core.matrix import Case

# API route name ("api:...") → the cases every visitor is walked with.
EXPECTATIONS: dict[str, list[Case]] = {}

# Web page URL name → the cases every visitor is walked with.
PAGES: dict[str, list[Case]] = {}


def targets(world) -> dict[str, dict]:
    """Target key ("indicators_...") → URL arguments of an object made in `world`."""
    return {}
