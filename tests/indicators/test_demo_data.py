"""The wijkmonitor demo: ten years of figures for every area, consistent with the
registered residents, a fact check whose verdicts come out four against one,
deterministic and removable."""

import datetime
import random
from decimal import Decimal
from types import SimpleNamespace

import pytest

from kwartier.core.models import Area, Person, User
from kwartier.indicators import checking, definitions, demo_data
from kwartier.indicators.models import Claim, FactCheck, Indicator, IndicatorValue
from tests.demo.test_generate import built  # noqa: F401 (the class-scoped demo)
from tests.factories import BuurtFactory, HouseholdFactory, PersonFactory, WijkFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 1)
YEARS = list(range(2016, 2026))
SURVEY_YEARS = [2017, 2019, 2021, 2023, 2025]
TODAY_AT = datetime.datetime(2026, 11, 1, 9, tzinfo=datetime.UTC)


def _square(lon: float, lat: float) -> dict:
    corners = [(lon, lat), (lon + 0.018, lat), (lon + 0.018, lat + 0.011), (lon, lat + 0.011)]
    return {"type": "Polygon", "coordinates": [[list(c) for c in [*corners, corners[0]]]]}


@pytest.fixture
def demo(world):
    """The shared world with the new-build wijk added, and a few households per buurt
    (singles, one of them old, and couples)."""
    areas = world.areas
    waardepolder = WijkFactory(parent=areas.gemeente, code="WK999903", name="Waardepolder")
    BuurtFactory(parent=waardepolder, code="BU99990301", name="Waterrijk")
    BuurtFactory(parent=waardepolder, code="BU99990302", name="Polderzicht")
    buurten = Area.objects.filter(level=Area.Level.BUURT, parent__parent=areas.gemeente)
    for i, buurt in enumerate(buurten.order_by("code")):
        Area.objects.filter(pk=buurt.pk).update(outline=_square(5.2 + 0.02 * i, 52.5))
        for size, born in ((1, 1950), (1, 1990), (1, 1985), (2, 1975), (2, 2000)):
            household = HouseholdFactory(organisation=world.welfare_org, buurt=buurt)
            for _ in range(size):
                PersonFactory(
                    organisation=world.welfare_org,
                    household=household,
                    birth_date=datetime.date(born, 3, 1),
                )
    return SimpleNamespace(
        reference_date=datetime.date(2026, 1, 1),
        today=TODAY,
        organisation=world.welfare_org,
        persons=Person.objects.filter(organisation=world.welfare_org),
        users=User.objects.filter(organisation=world.welfare_org),
    )


def series(code, area):
    return {
        year: float(value)
        for year, value in IndicatorValue.objects.series(
            Indicator.objects.get(code=code), area
        ).items()
    }


def snapshot():
    return list(
        IndicatorValue.objects.order_by("indicator__code", "area__code", "year").values_list(
            "indicator__code", "area__code", "year", "value", "source"
        )
    ) + list(
        Claim.objects.order_by("order").values_list(
            "fact_check__title", "sentence", "indicator__code", "area__code", "says",
            "than__code", "year", "from_year", "to_year",
        )
    )  # fmt: skip


def test_ten_years_for_every_area_within_the_ranges(demo, world):
    demo_data.seed_demo(random.Random(3), demo)
    gemeente = world.areas.gemeente
    areas = [*Area.objects.filter(code__startswith="BU9999"), *gemeente.children.all(), gemeente]
    for area in [*areas, None]:
        assert list(series("inwoners", area)) == YEARS
        assert list(series("aandeel-eenpersoonshuishoudens", area)) == YEARS
        assert list(series("bevolkingsdichtheid", area)) == YEARS
        assert list(series("jeugdoverlast", area)) == SURVEY_YEARS
        assert list(series("tevredenheid-buurt", area)) == SURVEY_YEARS
    # The gemeente's register has no national figure on families moving away.
    assert series("verhuizingen-uit-buurt", None) == {}
    for value in IndicatorValue.objects.select_related("indicator"):
        value.full_clean(validate_unique=False, validate_constraints=False)
        # Made-up figures say so; Kwartier's own figures are computed from the modules.
        assert value.source.endswith(demo_data.DEMO_MARK) == (value.indicator.own == "")
    own = IndicatorValue.objects.exclude(indicator__own="")
    assert set(own.values_list("year", flat=True)) == {YEARS[-1]}
    assert set(own.values_list("source", flat=True)) == {"Kwartier"}


def test_figures_follow_the_registered_residents(demo, world):
    demo_data.seed_demo(random.Random(3), demo)
    buurt = world.areas.buurt
    registered = Person.objects.filter(organisation=world.welfare_org, household__buurt=buurt)
    assert series("inwoners", buurt)[2025] == pytest.approx(
        registered.count() * demo_data.SCALE, abs=5
    )
    # A wijk sums its buurten; the gemeente's shares weigh its buurten by households.
    wijk = world.areas.wijk
    children = list(wijk.children.all())
    assert series("inwoners", wijk) == {
        year: sum(series("inwoners", child)[year] for child in children) for year in YEARS
    }
    gemeente = world.areas.gemeente
    buurten = Area.objects.filter(level=Area.Level.BUURT, parent__parent=gemeente)
    weights = {b: series("huishoudens", b)[2025] for b in buurten}
    mean = sum(series("huishoudens-laag-inkomen", b)[2025] * w for b, w in weights.items())
    assert series("huishoudens-laag-inkomen", gemeente)[2025] == pytest.approx(
        mean / sum(weights.values()), abs=0.05
    )
    # Derived shares as the import computes them; density from the outlines' land.
    share = series("aandeel-65-plus", buurt)[2025]
    assert share == pytest.approx(
        100 * series("65-plussers", buurt)[2025] / series("inwoners", buurt)[2025], abs=0.01
    )
    # Each outline is 0.018° by 0.011° at 52.5° N: about 1.22 by 1.22 km.
    density = series("inwoners", buurt)[2025] / 1.484
    assert series("bevolkingsdichtheid", buurt)[2025] == pytest.approx(density, abs=1)


def test_the_papers_claims_four_not_supported_and_one_supported(demo, world):
    demo_data.seed_demo(random.Random(3), demo)
    fact_check = FactCheck.objects.get()
    assert fact_check.title == "Lokale krant: 'Waardepolder glijdt af'"
    assert fact_check.shared and fact_check.organisation == world.welfare_org
    verdicts = [c.verdict.verdict for c in checking.check_fact_check(fact_check)]
    assert verdicts == ["not_supported", "supported", "not_supported"] + ["not_supported"] * 2
    for claim in fact_check.claims.all():
        assert claim.sentence in fact_check.article


def test_the_demo_is_deterministic_and_removable(demo, world):
    country = definitions.ensure()["woz-waarde"]
    imported = IndicatorValue.objects.create(
        indicator=country, area=None, year=2020, value=Decimal(300), imported_at=TODAY_AT
    )
    demo_data.seed_demo(random.Random(3), demo)
    first = snapshot()
    # A national figure that was imported is kept, not overwritten.
    imported.refresh_from_db()
    assert imported.value == 300 and not imported.source
    assert IndicatorValue.objects.filter(area=None, indicator=country).count() == len(YEARS)

    area_ids = set(Area.objects.values_list("pk", flat=True))
    demo_data.delete_demo_data({world.welfare_org.pk}, area_ids)
    assert not FactCheck.objects.exists() and not Claim.objects.exists()
    assert list(IndicatorValue.objects.all()) == [imported]

    demo_data.seed_demo(random.Random(3), demo)
    assert snapshot() == first


class TestInTheDemo:
    """The full demo build: the paper's wijk and its fact check, four against one."""

    def test_the_fact_check_in_the_built_demo(self, built):  # noqa: F811
        fact_check = FactCheck.objects.get(title__contains="Waardepolder")
        verdicts = [c.verdict.verdict for c in checking.check_fact_check(fact_check)]
        assert sorted(verdicts) == ["not_supported"] * 4 + ["supported"]
        gemeente = Area.objects.get(code="GM9999")
        inhabitants = series("inwoners", gemeente)
        assert 10_000 < inhabitants[max(inhabitants)] < 15_000
