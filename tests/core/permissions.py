"""The core's web pages in the permission matrix (see tests/core/matrix.py).

The core's pages and the project's own (login, logout, the API schema and its docs) come
from the walk over the URL configuration (`core_routes()`): every one of them must have
an entry here. The core's API expectations are in tests/core/test_permissions.py.

Writes post empty data: a role that may write gets the form back with errors (200), a
role that may not gets 403, so nothing changes.
"""

from tests.core.matrix import LOGIN, Case, expect, get, only, post

# Roles without dossier work: no writes, no households. A partner may read the residents
# a consent in force opens; volunteers see residents only through their own matches (in
# the support app), and the gemeente never sees a single resident: both get 403 here.
NO_DOSSIERS = {"vrijwilliger": 403, "partner": 403, "gemeente": 403}

EVERYONE = expect(200, anonymous=LOGIN)
DOSSIER_WORK = expect(200, anonymous=LOGIN, **NO_DOSSIERS)
# A resident or household in the wijkwerker's wijk, registered by their organisation.
DOSSIER = expect(200, anonymous=LOGIN, other_org_worker=404, **NO_DOSSIERS)
# A resident or household of the same organisation in another wijk.
DOSSIER_ELSEWHERE = expect(
    200, anonymous=LOGIN, wijkwerker=404, other_org_worker=404, **NO_DOSSIERS
)
PERSON_LIST = expect(200, anonymous=LOGIN, gemeente=403, vrijwilliger=403)
# The resident in the wijk has consented to sharing with the partner's organisation.
PERSON_CONSENTED = expect(
    200, anonymous=LOGIN, gemeente=403, vrijwilliger=403, other_org_worker=404
)
PERSON_ELSEWHERE = expect(
    404, anonymous=LOGIN, gemeente=403, vrijwilliger=403, beheerder=200, coordinator=200
)
ORGANISATION_EDIT = expect(403, anonymous=LOGIN, beheerder=200, coordinator=200)
ACTIVITY_CREATE = expect(200, anonymous=LOGIN, vrijwilliger=403, gemeente=403)
ACTIVITY_EDIT_OTHERS = expect(200, anonymous=LOGIN, vrijwilliger=403, gemeente=403, partner=403)
SIGNED_IN_AWAY = expect(302, anonymous=200)  # the login page sends a signed-in user home

# Web page URL name → the cases its visitors are walked with.
PAGES: dict[str, list[Case]] = {
    # Start, residents, households
    "home": [get(EVERYONE)],
    # The resident portal's start page: public.
    "portal-home": [get(expect(200))],
    "person-list": [get(PERSON_LIST)],
    "person-create": [get(DOSSIER_WORK), post(DOSSIER_WORK)],
    "person-detail": [
        get(PERSON_CONSENTED, "person"),
        get(PERSON_ELSEWHERE, "person_elsewhere"),
    ],
    "person-update": [
        get(DOSSIER, "person"),
        post(DOSSIER, "person"),
        get(DOSSIER_ELSEWHERE, "person_elsewhere"),
        post(DOSSIER_ELSEWHERE, "person_elsewhere"),
    ],
    "household-list": [get(DOSSIER_WORK)],
    "household-create": [get(DOSSIER_WORK), post(DOSSIER_WORK)],
    "household-detail": [
        get(DOSSIER, "household"),
        get(DOSSIER_ELSEWHERE, "household_elsewhere"),
    ],
    "household-update": [
        get(DOSSIER, "household"),
        post(DOSSIER, "household"),
        post(DOSSIER_ELSEWHERE, "household_elsewhere"),
    ],
    # Organisations and the sociale kaart
    "organisation-list": [get(EVERYONE)],
    "organisation-create": [get(ORGANISATION_EDIT), post(ORGANISATION_EDIT)],
    "organisation-detail": [get(EVERYONE, "organisation")],
    "organisation-update": [
        get(ORGANISATION_EDIT, "organisation"),
        post(ORGANISATION_EDIT, "organisation"),
    ],
    "activity-list": [get(EVERYONE)],
    "activity-create": [get(ACTIVITY_CREATE), post(ACTIVITY_CREATE)],
    "activity-detail": [get(EVERYONE, "activity"), get(EVERYONE, "partner_activity")],
    "activity-update": [
        get(ACTIVITY_EDIT_OTHERS, "activity"),
        post(ACTIVITY_EDIT_OTHERS, "activity"),
        get(ACTIVITY_CREATE, "partner_activity"),
        post(ACTIVITY_CREATE, "partner_activity"),
    ],
    "area-list": [get(EVERYONE)],
    # Health endpoints for load balancers: public, before any login or second step.
    "health-live": [get(expect(200))],
    "health-ready": [get(expect(200))],
    # The project's own routes
    "login": [get(SIGNED_IN_AWAY), post(SIGNED_IN_AWAY)],
    "logout": [get(expect(405)), post(expect(302))],
    # The schema is public and the same for everyone; building it takes a second.
    "api-schema": [get(only(anonymous=200, wijkwerker=200))],
    "api-docs": [get(expect(200))],
    # An old API path with its slash: redirected before any login or role is looked at.
    "api-old-path": [get(expect(308), "old_api_path")],
}


def targets(world) -> dict[str, dict]:
    """The core's target keys: objects of the world itself (tests/conftest.py)."""
    return {
        "person": {"public_id": world.in_area.public_id},
        "person_elsewhere": {"public_id": world.out_of_area.public_id},
        "household": {"pk": world.in_area.household.pk},
        "household_elsewhere": {"pk": world.out_of_area.household.pk},
        "organisation": {"pk": world.welfare_org.pk},
        "activity": {"pk": world.welfare_activity.pk},
        "partner_activity": {"pk": world.partner_activity.pk},
        "area": {"code": world.areas.buurt.code},
        "consent": {"pk": world.consent.pk},
        "old_api_path": {"path": "persons"},
    }
