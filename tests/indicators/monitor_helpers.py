"""A few figures on the shared test areas (tests/conftest.py `areas`) for the
wijkmonitor's pages."""

from decimal import Decimal

from django.utils import timezone

from kwartier.indicators.models import Indicator, IndicatorValue

SMALL_CELL = "te weinig respondenten"


def figures(areas) -> Indicator:
    """`jeugdoverlast` (a percentage, higher is worse) in 2019–2022 for the three buurten,
    both wijken, the gemeente and the country; Kanaalzijde has no figure for 2022 (a
    small cell) and Lindehof none for 2019; plus `inwoners` (a count) for 2022."""
    overlast, _ = Indicator.objects.get_or_create(
        code="jeugdoverlast",
        defaults={
            "name": "Jeugdoverlast",
            "unit": Indicator.Unit.PERCENT,
            "higher_is": Indicator.HigherIs.WORSE,
            "source": "Veiligheidsmonitor",
            "margin": Decimal("0.5"),
            "order": 1,
        },
    )
    inwoners, _ = Indicator.objects.get_or_create(
        code="inwoners",
        defaults={"name": "Inwoners", "unit": Indicator.Unit.COUNT, "order": 2},
    )
    now = timezone.now()
    rows = {
        areas.buurt: [11.5, 10.8, 9.9, 9.3],
        areas.buurt_2: [None, 6.1, 6.4, 7.0],
        areas.other_buurt: [14.0, 13.2, 12.9, SMALL_CELL],
        areas.wijk: [9.0, 8.7, 8.5, 8.2],
        areas.other_wijk: [12.5, 12.0, 11.8, 11.0],
        areas.gemeente: [10.1, 9.8, 9.5, 9.4],
        None: [7.0, 6.9, 6.8, 6.5],
    }
    for area, values in rows.items():
        for year, value in zip(range(2019, 2023), values, strict=True):
            if value is None:
                continue
            missing = isinstance(value, str)
            IndicatorValue.objects.update_or_create(
                indicator=overlast,
                area=area,
                year=year,
                defaults={
                    "value": None if missing else Decimal(str(value)),
                    "missing_reason": value if missing else "",
                    "imported_at": now,
                },
            )
    for area, count in ((areas.buurt, 1520), (areas.buurt_2, 13450), (areas.other_buurt, 980)):
        IndicatorValue.objects.update_or_create(
            indicator=inwoners,
            area=area,
            year=2022,
            defaults={"value": Decimal(count), "imported_at": now},
        )
    return overlast
