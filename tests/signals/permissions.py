"""The signals app's part of the permission matrix (see tests/core/matrix.py).

The world's signal lies in the wijkwerker's buurt and is handled by the personas' welfare
organisation (the default routing rule): its workers see it, the partner's housing
association does not (nothing was passed on to it), a worker of another organisation
does not find it, volunteers and the gemeente are refused (the gemeente gets figures).
The API's expectations are below; the web pages are in pages_portal.py (the resident
portal, no login) and pages_staff.py (the staff pages).
"""

from tests.core.matrix import NOAUTH, Case, expect, get, post
from tests.signals.pages_portal import PORTAL_PAGES
from tests.signals.pages_staff import STAFF_PAGES

# The API: workers use their organisation's signals, a partner what was routed or passed
# on to it (the world's signal was neither, so the partner does not find it); anything out of
# scope is a 404.
NOT_HANDLERS = {"vrijwilliger": 403, "gemeente": 403}
LIST = expect(200, anonymous=NOAUTH, **NOT_HANDLERS)
CREATE = expect(400, anonymous=NOAUTH, **NOT_HANDLERS)
SIGNAL = expect(200, anonymous=NOAUTH, partner=404, other_org_worker=404, **NOT_HANDLERS)
# Status, notes and messages: also a partner, on what was routed or passed on to it.
HANDLE = expect(400, anonymous=NOAUTH, partner=404, other_org_worker=404, **NOT_HANDLERS)
# Assigning, splitting, merging and linking: the workers only.
WORK = expect(400, anonymous=NOAUTH, partner=403, other_org_worker=404, **NOT_HANDLERS)

# API route name ("api:...") → the cases every visitor is walked with.
EXPECTATIONS: dict[str, list[Case]] = {
    "api:signal-list": [get(LIST), post(CREATE)],
    "api:signal-detail": [get(SIGNAL, "signals_signal")],
    "api:signal-history": [get(SIGNAL, "signals_signal")],
    "api:signal-duplicates": [get(SIGNAL, "signals_signal")],
    "api:signal-status": [post(HANDLE, "signals_signal")],
    "api:signal-notes": [post(HANDLE, "signals_signal")],
    "api:signal-messages": [post(HANDLE, "signals_signal")],
    "api:signal-assign": [post(WORK, "signals_signal")],
    "api:signal-split": [post(WORK, "signals_signal")],
    "api:signal-merge": [post(WORK, "signals_signal")],
    "api:signal-link": [post(WORK, "signals_signal")],
}

# Web page URL name → the cases every visitor is walked with.
PAGES: dict[str, list[Case]] = {**PORTAL_PAGES, **STAFF_PAGES}


def targets(world) -> dict[str, dict]:
    """Target key ("signals_...") → URL arguments of an object made in `world`."""
    from kwartier.signals.models import RoutingRule
    from tests.signals.helpers import make_signal
    from tests.signals.open311.matrix import open311_targets
    from tests.signals.pages_staff import photo_of

    RoutingRule.objects.get_or_create(
        category=None, area=None, defaults={"organisation": world.welfare_org}
    )
    # The reporter's private status link (the portal) is made with the signal.
    token = "status-link-of-the-matrix"
    signal = make_signal(
        world.areas.buurt, reporter_name="Fatima", contact_consent=True, status_token=token
    )
    photo = photo_of(signal)
    return {
        "signals_signal": {"number": signal.number},
        "signals_status": {"token": token},
        "signals_photo": {"number": signal.number, "pk": photo.pk},
        **open311_targets(signal),
    }
