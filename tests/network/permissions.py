"""The network app's web pages in the permission matrix (see tests/core/matrix.py).

The ecogram follows its resident: the dossier roles of the resident's organisation read
it; a partner only under a consent that covers "netwerk" (the world's consent covers
contact details only: 403); volunteers and the gemeente never (403); a worker of another
organisation does not find the resident (404). Its API expectations are in
tests/core/test_permissions.py, with the core's.
"""

from tests.core.matrix import LOGIN, Case, expect, get, only

NOT_READERS = {"vrijwilliger": 403, "partner": 403, "gemeente": 403, "other_org_worker": 404}
READERS = expect(200, anonymous=LOGIN, **NOT_READERS)
# The print page and the drawing are walked with the signed-in visitors only.
READERS_SIGNED_IN = only(beheerder=200, coordinator=200, wijkwerker=200, **NOT_READERS)

# Web page URL name → the cases every visitor is walked with.
PAGES: dict[str, list[Case]] = {
    "network-ecogram": [get(READERS, "network_resident")],
    "network-print": [get(READERS_SIGNED_IN, "network_resident")],
    "network-svg": [get(READERS_SIGNED_IN, "network_resident")],
}


def targets(world) -> dict[str, dict]:
    """Target key ("network_...") → URL arguments of an object made in `world`."""
    return {"network_resident": {"public_id": world.in_area.public_id}}
