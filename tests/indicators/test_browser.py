"""The wijkmonitor's pages in Chromium at 375 and 1280 px: axe-core finds nothing serious,
the page fits the width, no script errors. The comparison draws Rotterdam's real buurt
outlines (../shared/data/geo/). Screenshots go to var/screenshots/wijkmonitor-*.png.

Runs the shared checker, tests/browser/page_check.py.
"""

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kwartier.core.models import Area
from kwartier.indicators.models import Indicator, IndicatorValue
from tests.browser.page_check import check_pages
from tests.indicators.monitor_helpers import figures
from tests.indicators.test_choropleth import features

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def rotterdam() -> Indicator:
    """Rotterdam's 88 buurten with their real outlines in two wijken, and ten years of a
    made-up score; two buurten without a value (one a small cell)."""
    gemeente = Area.objects.create(code="GM0599", name="Rotterdam", level="gemeente")
    wijken = [
        Area.objects.create(code=f"WK05990{i}", name=name, level="wijk", parent=gemeente)
        for i, name in ((1, "Centrum"), (2, "Noord en Zuid"))
    ]
    score = Indicator.objects.create(
        code="veiligheid",
        name="Veiligheidsbeleving",
        unit=Indicator.Unit.SCORE,
        scale_min=1,
        scale_max=10,
        higher_is=Indicator.HigherIs.BETTER,
        source="Wijkprofiel Rotterdam",
    )
    now = timezone.now()
    for index, feature in enumerate(features("rotterdam_buurten.geojson")):
        code, name = feature["properties"]["code"], feature["properties"]["name"]
        buurt = Area.objects.create(
            code=code,
            name=name,
            level="buurt",
            parent=wijken[index % 2],
            outline=json.loads(json.dumps(feature["geometry"])),
        )
        for year in range(2015, 2025):
            value = Decimal(4 + (int(code[-3:]) * 7 + year) % 50 / 10).quantize(Decimal("0.1"))
            missing = (index == 3 and year == 2024) or index == 10
            IndicatorValue.objects.create(
                indicator=score,
                area=buurt,
                year=year,
                value=None if missing else value,
                missing_reason="te weinig respondenten" if missing else "",
                imported_at=now,
            )
    for area, base in ((gemeente, Decimal("6.2")), (None, Decimal("6.8"))):
        for year in range(2015, 2025):
            IndicatorValue.objects.create(
                indicator=score, area=area, year=year, value=base, imported_at=now
            )
    return score


def test_wijkmonitor_pages_in_the_browser(world, live_server):
    figures(world.areas)
    score = rotterdam()
    buurt = Area.objects.get(code="BU05990110")
    pages = {
        "start": reverse("indicators:start"),
        "profiel": reverse("indicators:profile", args=[world.areas.buurt.code]),
        "profiel-rotterdam": reverse("indicators:profile", args=[buurt.code]),
        "vergelijk": reverse("indicators:compare", args=["jeugdoverlast"]),
        "vergelijk-rotterdam": reverse("indicators:compare", args=[score.code]) + "?binnen=GM0599",
    }
    failures = check_pages(
        live_server.url,
        {name: (world.users["wijkwerker"], url) for name, url in pages.items()},
        "wijkmonitor",
    )
    assert not failures, "\n".join(failures)
