"""Web page URL name → the cases every visitor is walked with (see permissions.py).

The resident portal needs no login: every visitor, signed in or not, gets the same. The
steps after the first send a visitor without the earlier steps back to step 1, and the
receipt without a sent signal does the same (302).
"""

from tests.core.matrix import Case, expect, get
from tests.signals.open311.matrix import OPEN311_PAGES

PORTAL_PAGES: dict[str, list[Case]] = {
    "signals:portal-report": [get(expect(200))],
    "signals:portal-report-where": [get(expect(302))],
    "signals:portal-report-contact": [get(expect(302))],
    "signals:portal-report-send": [get(expect(302))],
    "signals:portal-report-sent": [get(expect(302))],
    "signals:portal-status": [get(expect(200), "signals_status")],
    "signals:portal-list": [get(expect(200))],
    "signals:public-map": [get(expect(200))],
    # GeoReport v2 at /open311/v2/ (tests/signals/open311/matrix.py)
    **OPEN311_PAGES,
}
