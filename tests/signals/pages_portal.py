"""Web page URL name → the cases every visitor is walked with (see permissions.py)."""

from tests.core.matrix import Case, expect, get
from tests.signals.open311.matrix import OPEN311_PAGES

PORTAL_PAGES: dict[str, list[Case]] = {
    "signals:public-map": [get(expect(200))],
    # GeoReport v2 at /open311/v2/ (tests/signals/open311/matrix.py)
    **OPEN311_PAGES,
}
