"""The privacy app's web pages in the permission matrix (see tests/core/matrix.py).

The access log and a resident's export are for the organisation's coördinatoren and
beheerders. Its API expectations are in tests/core/test_permissions.py, with the core's.
"""

from tests.core.matrix import Case, get, only

# Web page URL name → the cases its visitors are walked with.
PAGES: dict[str, list[Case]] = {
    "accesslog-list": [
        get(only(beheerder=200, coordinator=200, wijkwerker=403, partner=403, gemeente=403))
    ],
    "person-export": [
        get(
            only(wijkwerker=403, vrijwilliger=403, partner=403, gemeente=403),
            "privacy_resident",
        )
    ],
}


def targets(world) -> dict[str, dict]:
    """Target key ("privacy_...") → URL arguments of an object made in `world`."""
    return {"privacy_resident": {"public_id": world.in_area.public_id}}
