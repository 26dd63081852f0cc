"""Web page URL name → the cases every visitor is walked with (see permissions.py)."""

from tests.core.matrix import Case

STAFF_PAGES: dict[str, list[Case]] = {}
