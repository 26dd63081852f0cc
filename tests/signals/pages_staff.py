"""Web page URL name → the cases every visitor is walked with (see permissions.py).

The staff pages at /meldingen/: the handlers (workers and the partner) use the queue and
the map; the world's signal is the welfare organisation's and was not passed on, so the
partner and the other organisation's worker do not find it (404). Posting an empty form
on the signal page is an unknown action (400) for those who may act; saving a filter
without a name sends the handler back to the queue (302). The figures are for workers
and the gemeente.
"""

from tests.core.matrix import LOGIN, Case, expect, get, post

REFUSED = {"vrijwilliger": 403, "gemeente": 403}
HANDLERS = expect(200, anonymous=LOGIN, **REFUSED)
SIGNAL = expect(200, anonymous=LOGIN, partner=404, other_org_worker=404, **REFUSED)

STAFF_PAGES: dict[str, list[Case]] = {
    "signals:queue": [get(HANDLERS)],
    "signals:saved-filters": [
        get(expect(405, anonymous=LOGIN, **REFUSED)),
        post(expect(302, anonymous=LOGIN, **REFUSED)),
    ],
    "signals:map": [get(HANDLERS)],
    "signals:figures": [get(expect(200, anonymous=LOGIN, vrijwilliger=403, partner=403))],
    "signals:signal": [
        get(SIGNAL, "signals_signal"),
        post(
            expect(400, anonymous=LOGIN, partner=404, other_org_worker=404, **REFUSED),
            "signals_signal",
        ),
    ],
    "signals:signal-photo": [get(SIGNAL, "signals_photo")],
}


def photo_of(signal):
    """A small PNG with the signal, stored as the portal stores one."""
    import io

    from PIL import Image

    from kwartier.signals.photos import add_photo

    data = io.BytesIO()
    Image.new("RGB", (4, 3), (11, 85, 99)).save(data, "PNG")
    return add_photo(signal, data.getvalue(), "image/png", 4, 3)
