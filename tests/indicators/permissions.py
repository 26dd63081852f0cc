"""The wijkmonitor's part of the permission matrix (see tests/core/matrix.py).

Figures per area are not about persons: workers and the funder read them, workers
import files (public figures, the same for every organisation); fact checks belong to
an organisation.
"""

from tests.core.matrix import LOGIN, NOAUTH, Case, expect, get, post

# A claim check on figures sent along: anyone who may check gets verdicts.
CLAIM_CHECK = {
    "series": [
        {"area": "A", "indicator": "x", "unit": "%", "higher_is": "worse", "values": {"2020": 5}}
    ],
    "claims": [{"id": "1", "indicator": "x", "area": "A", "says": "above", "value": 3}],
}


def workers_only_api(status):
    others = dict.fromkeys(("vrijwilliger", "partner", "gemeente"), 403)
    return expect(status, anonymous=NOAUTH, **others)


def workers_only(status):
    others = dict.fromkeys(("vrijwilliger", "partner", "gemeente"), 403)
    return expect(status, anonymous=LOGIN, **others)


# API route name ("api:...") → the cases every visitor is walked with.
EXPECTATIONS: dict[str, list[Case]] = {
    # Workers and the funder check claims; the empty request is a 400 for them.
    "api:indicators-claims-check": [
        Case(
            "post", expect(200, anonymous=NOAUTH, vrijwilliger=403, partner=403), None, CLAIM_CHECK
        ),
        post(expect(400, anonymous=NOAUTH, vrijwilliger=403, partner=403)),
        get(expect(405, anonymous=NOAUTH, vrijwilliger=403, partner=403)),
    ],
    # Workers import and list the imports; a JSON body is refused (multipart only).
    "api:indicators-imports": [
        get(workers_only_api(200)),
        post(workers_only_api(415)),
    ],
}

# Figure pages (the wijkmonitor's start, an area's profile, a comparison): workers and
# the funder; volunteers and partners are refused.
FIGURE_PAGES = expect(200, anonymous=LOGIN, vrijwilliger=403, partner=403)

# Fact checks: everyone signed in has the list (their organisation's and shared ones);
# workers with an organisation write them. One that is not shared is found only by its
# organisation's workers (404 for others), and only they edit and share it.
FACT_CHECK_LIST = expect(200, anonymous=LOGIN)
FACT_CHECK_NEW = expect(200, anonymous=LOGIN, vrijwilliger=403, partner=403, gemeente=403)
FACT_CHECK = expect(
    200, anonymous=LOGIN, vrijwilliger=404, partner=404, gemeente=404, other_org_worker=404
)


def fact_check_writers(status):
    return expect(
        status, anonymous=LOGIN, vrijwilliger=403, partner=403, gemeente=403, other_org_worker=404
    )


# Web page URL name → the cases every visitor is walked with.
PAGES: dict[str, list[Case]] = {
    "indicators:start": [get(FIGURE_PAGES)],
    "indicators:profile": [get(FIGURE_PAGES, "indicators_area")],
    "indicators:compare": [get(FIGURE_PAGES, "indicators_indicator")],
    # A form posted empty comes back with its errors (200).
    "indicators:factcheck-list": [get(FACT_CHECK_LIST)],
    "indicators:factcheck-create": [get(FACT_CHECK_NEW), post(FACT_CHECK_NEW)],
    "indicators:factcheck-detail": [get(FACT_CHECK, "indicators_factcheck")],
    "indicators:factcheck-pdf": [get(FACT_CHECK, "indicators_factcheck")],
    "indicators:factcheck-edit": [
        get(fact_check_writers(200), "indicators_factcheck"),
        post(fact_check_writers(200), "indicators_factcheck"),
    ],
    "indicators:factcheck-share": [
        post(fact_check_writers(302), "indicators_factcheck"),
        get(
            expect(405, anonymous=LOGIN, vrijwilliger=403, partner=403, gemeente=403),
            "indicators_factcheck",
        ),
    ],
    # Importing (the form, its dry run without a file, the import with nothing waiting)
    # and computing the own figures: managers.
    "indicators:import": [get(workers_only(200)), post(workers_only(200))],
    "indicators:import-confirm": [post(workers_only(302)), get(workers_only(405))],
    "indicators:own": [post(workers_only(302))],
}


def targets(world) -> dict[str, dict]:
    """Target key ("indicators_...") → URL arguments of an object made in `world`."""
    from tests.indicators.factcheck_helpers import fact_check
    from tests.indicators.monitor_helpers import figures

    indicator = figures(world.areas)
    check = fact_check(world)
    return {
        "indicators_area": {"code": world.areas.buurt.code},
        "indicators_indicator": {"indicator": indicator.code},
        "indicators_factcheck": {"pk": check.pk},
    }
