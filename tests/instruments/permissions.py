"""The instruments app's part of the permission matrix (see tests/core/matrix.py).

Definitions and scoring hold no person-level data: every signed-in user. Measurements
follow the resident: the dossier roles of the resident's organisation (the wijkwerker
in their own wijk), a partner only under a consent that covers "metingen" (the
world's consent covers contact details only, so the measurement is absent: 404);
volunteers and the gemeente never (403). The organisation's scoring settings are for
its coördinator and beheerder only (every other role 403).
"""

import datetime

from tests.core.matrix import NOAUTH, Case, delete, expect, get, patch, post, put

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


def targets(world) -> dict[str, dict]:
    """Target key ("instruments_...") → URL arguments of an object made in `world`."""
    from kwartier.instruments.services import record_measurement
    from tests.instruments.samples import answers

    def measurement(person) -> dict:
        recorded = record_measurement(
            person, "djg6", answers("djg6"), datetime.date(2025, 3, 1), world.users["beheerder"]
        )
        return {"pk": recorded.pk}

    return {
        "instruments_code": {"code": "djg6"},
        "instruments_unknown_code": {"code": "phq9"},
        "instruments_measurement": measurement(world.in_area),
        "instruments_measurement_elsewhere": measurement(world.out_of_area),
    }
