"""Web page URL name → the cases every visitor is walked with (see permissions.py)."""

from tests.core.matrix import Case, expect, get

PORTAL_PAGES: dict[str, list[Case]] = {
    "signals:public-map": [get(expect(200))],
}
