"""The Open311 endpoints in the page matrix (tests/signals/pages_portal.py): public
reading for every visitor, signed in or not; creating needs an app's api_key, which no
visitor of the matrix has (403, the specification's answer)."""

from tests.core.matrix import Case, expect, get, post

TOKEN = "open311-token-of-the-matrix"


def open311_targets(signal) -> dict[str, dict]:
    """The matrix's signal as an Open311 app would know it: by number and by token."""
    type(signal).objects.filter(pk=signal.pk).update(open311_token=TOKEN)
    return {"signals_open311_service": {"code": "afval"}, "signals_open311_token": {"token": TOKEN}}


OPEN311_PAGES: dict[str, list[Case]] = {}
for _fmt in ("json", "xml"):
    OPEN311_PAGES |= {
        f"open311:discovery-{_fmt}": [get(expect(200))],
        f"open311:services-{_fmt}": [get(expect(200))],
        f"open311:service-{_fmt}": [get(expect(200), "signals_open311_service")],
        f"open311:requests-{_fmt}": [get(expect(200)), post(expect(403))],
        f"open311:request-{_fmt}": [get(expect(200), "signals_signal")],
        f"open311:token-{_fmt}": [get(expect(200), "signals_open311_token")],
    }
