"""The instruments app's part of the permission matrix (see tests/core/matrix.py).

Definitions and scoring hold no person-level data: every signed-in user. Measurements
follow the resident: the dossier roles of the resident's organisation (the wijkwerker
in their own wijk), a partner only under a consent that covers "metingen" (the
world's consent covers contact details only, so the measurement is absent: 404);
volunteers and the gemeente never (403). The organisation's scoring settings are for
its coördinator and beheerder only (every other role 403). The pages follow the same
rules; a partner who may not see measurements is refused the resident's (403), and finds
no resident it has no consent for at all (404).
"""

import datetime

from tests.core.matrix import LOGIN, NOAUTH, Case, delete, expect, get, patch, post, put

NO_METINGEN = {"vrijwilliger": 403, "gemeente": 403}
SIGNED_IN = expect(200, anonymous=NOAUTH)
# Empty data: the score endpoint needs {"answers": ...}, a new measurement its fields.
SIGNED_IN_BAD_DATA = expect(400, anonymous=NOAUTH)
READ_ONLY = expect(405, anonymous=NOAUTH)
LIST = expect(200, anonymous=NOAUTH, **NO_METINGEN)
CREATE = expect(400, anonymous=NOAUTH, partner=403, **NO_METINGEN)
MEASUREMENT = expect(200, anonymous=NOAUTH, partner=404, other_org_worker=404, **NO_METINGEN)
MEASUREMENT_ELSEWHERE = expect(
    200, anonymous=NOAUTH, partner=404, wijkwerker=404, other_org_worker=404, **NO_METINGEN
)
# Never changed or deleted through the API; roles that may not write are refused first.
UNCHANGEABLE = expect(405, anonymous=NOAUTH, partner=403, **NO_METINGEN)

CONFIGURERS = {"beheerder": 200, "coordinator": 200}
SETTINGS = expect(403, anonymous=NOAUTH, **CONFIGURERS)
# Empty data names no setting and asks no recompute: 400 for those who may change them.
SETTINGS_BAD_DATA = expect(403, anonymous=NOAUTH, beheerder=400, coordinator=400)
SETTINGS_NO_SUCH_METHOD = expect(403, anonymous=NOAUTH, beheerder=405, coordinator=405)

# API route name ("api:...") → the cases every visitor is walked with.
EXPECTATIONS: dict[str, list[Case]] = {
    "api:instrument-list": [get(SIGNED_IN), post(READ_ONLY)],
    "api:instrument-detail": [
        get(SIGNED_IN, "instruments_code"),
        get(expect(404, anonymous=NOAUTH), "instruments_unknown_code"),
    ],
    "api:instrument-score": [
        post(SIGNED_IN_BAD_DATA, "instruments_code"),
        post(expect(404, anonymous=NOAUTH), "instruments_unknown_code"),
        get(READ_ONLY, "instruments_code"),
    ],
    "api:measurement-list": [get(LIST), post(CREATE)],
    "api:measurement-detail": [
        get(MEASUREMENT, "instruments_measurement"),
        get(MEASUREMENT_ELSEWHERE, "instruments_measurement_elsewhere"),
        put(UNCHANGEABLE, "instruments_measurement"),
        patch(UNCHANGEABLE, "instruments_measurement"),
        delete(UNCHANGEABLE, "instruments_measurement"),
    ],
    "api:instrument-settings": [
        get(SETTINGS),
        put(SETTINGS_BAD_DATA),
        post(SETTINGS_NO_SUCH_METHOD),
        delete(SETTINGS_NO_SUCH_METHOD),
    ],
}

PAGE_EVERYONE = expect(200, anonymous=LOGIN)
# The world's consent covers contact details only: the partner is refused (403).
PAGE_RESIDENT = expect(200, anonymous=LOGIN, partner=403, other_org_worker=404, **NO_METINGEN)
# No consent at all for the resident in the other wijk: out of the partner's scope (404).
PAGE_RESIDENT_ELSEWHERE = expect(
    200, anonymous=LOGIN, partner=404, wijkwerker=404, other_org_worker=404, **NO_METINGEN
)
PAGE_RESCORE = expect(302, anonymous=LOGIN, partner=403, other_org_worker=404, **NO_METINGEN)
# The settings page: an empty post gets the form back with its errors; recomputing
# needs a post and sends the coördinator back to the page.
PAGE_SETTINGS = expect(403, anonymous=LOGIN, **CONFIGURERS)
PAGE_RECOMPUTE = expect(403, anonymous=LOGIN, beheerder=302, coordinator=302)
PAGE_RECOMPUTE_GET = expect(403, anonymous=LOGIN, beheerder=405, coordinator=405)
NEW_MEASUREMENT = ("djg11", "zrm2017", "participatieladder", "csi")

# Web page URL name → the cases every visitor is walked with.
PAGES: dict[str, list[Case]] = {
    "instrument-list": [get(PAGE_EVERYONE)],
    "measurement-list": [
        get(PAGE_RESIDENT, "instruments_resident"),
        get(PAGE_RESIDENT_ELSEWHERE, "instruments_resident_elsewhere"),
    ],
    "measurement-detail": [
        get(PAGE_RESIDENT, "instruments_resident_measurement"),
        get(PAGE_RESIDENT_ELSEWHERE, "instruments_resident_measurement_elsewhere"),
    ],
    "measurement-create": [
        get(PAGE_RESIDENT, f"instruments_new_{code}") for code in NEW_MEASUREMENT
    ],
    "measurement-rescore": [post(PAGE_RESCORE, "instruments_resident_measurement")],
    "instrument-settings": [get(PAGE_SETTINGS), post(PAGE_SETTINGS)],
    "instrument-settings-recompute": [post(PAGE_RECOMPUTE), get(PAGE_RECOMPUTE_GET)],
}


def targets(world) -> dict[str, dict]:
    """Target key ("instruments_...") → URL arguments of an object made in `world`."""
    from kwartier.instruments.services import record_measurement
    from tests.instruments.samples import answers

    def measurement(person):
        return record_measurement(
            person, "djg6", answers("djg6"), datetime.date(2025, 3, 1), world.users["beheerder"]
        )

    here, elsewhere = measurement(world.in_area), measurement(world.out_of_area)
    resident = {"public_id": world.in_area.public_id}
    return {
        "instruments_code": {"code": "djg6"},
        "instruments_unknown_code": {"code": "phq9"},
        "instruments_measurement": {"pk": here.pk},
        "instruments_measurement_elsewhere": {"pk": elsewhere.pk},
        "instruments_resident": resident,
        "instruments_resident_elsewhere": {"public_id": world.out_of_area.public_id},
        "instruments_resident_measurement": {**resident, "pk": here.pk},
        "instruments_resident_measurement_elsewhere": {
            "public_id": world.out_of_area.public_id,
            "pk": elsewhere.pk,
        },
        **{f"instruments_new_{code}": {**resident, "code": code} for code in NEW_MEASUREMENT},
    }
