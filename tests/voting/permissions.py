"""The voting app's part of the permission matrix (see tests/core/matrix.py)."""

from tests.core.matrix import Case

# API route name ("api:...") → the cases every visitor is walked with.
EXPECTATIONS: dict[str, list[Case]] = {}


def targets(world) -> dict[str, dict]:
    """Target key ("voting_...") → URL arguments of an object made in `world`."""
    return {}
