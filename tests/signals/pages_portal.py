"""Web page URL name → the cases every visitor is walked with (see permissions.py)."""

from tests.core.matrix import Case

PORTAL_PAGES: dict[str, list[Case]] = {}
