"""A fact check with claims on the shared test areas (tests/conftest.py `areas`)."""

from decimal import Decimal

from django.utils import timezone

from kwartier.indicators.models import Claim, FactCheck, Indicator, IndicatorValue

# Ervaren jeugdoverlast (%), higher is worse, margin 0,5: the buurt improved and lies
# below the gemeente, as in the sociologist's check of the newspaper's "problem area".
VALUES = {
    "buurt": {2007: "11.5", 2009: "9.3"},
    "wijk": {2007: "10.0", 2009: "9.6"},
    "gemeente": {2007: "12.9", 2009: "13.7"},
}


def nuisance(areas) -> Indicator:
    indicator, _ = Indicator.objects.get_or_create(
        code="fc-jeugdoverlast",
        defaults={
            "name": "Ervaren jeugdoverlast",
            "unit": Indicator.Unit.PERCENT,
            "higher_is": Indicator.HigherIs.WORSE,
            "margin": Decimal("0.5"),
        },
    )
    now = timezone.now()
    for key, values in VALUES.items():
        for year, value in values.items():
            IndicatorValue.objects.update_or_create(
                indicator=indicator,
                area=getattr(areas, key),
                year=year,
                defaults={"value": Decimal(value), "imported_at": now},
            )
    return indicator


def fact_check(world, shared=False, title="Probleemwijk van de toekomst?") -> FactCheck:
    """Four claims of a newspaper article about Oude Haven: one holds, two do not, and
    one cannot be checked (no figures for 2012)."""
    areas = world.areas
    indicator = nuisance(areas)
    check = FactCheck.objects.create(
        title=title,
        source="Dagblad Testveen, 3 maart 2010",
        article="Oude Haven wordt de probleemwijk van de toekomst.",
        organisation=world.welfare_org,
        shared=shared,
        recorded_by=world.users["wijkwerker"],
    )
    claims = [
        (
            "Er is in Oude Haven meer jeugdoverlast dan in de rest van de stad.",
            "worse_than",
            {"than": areas.gemeente},
        ),
        ("De jeugdoverlast in Oude Haven neemt toe.", "getting_worse", {}),
        ("Een op de twintig bewoners ervaart jeugdoverlast.", "above", {"value": Decimal(5)}),
        (
            "In 2012 was de overlast al hoger dan in Centrum.",
            "worse_than",
            {"than": areas.wijk, "year": 2012},
        ),
    ]
    for order, (sentence, says, fields) in enumerate(claims):
        Claim.objects.create(
            fact_check=check,
            order=order,
            sentence=sentence,
            indicator=indicator,
            area=areas.buurt,
            says=says,
            **fields,
        )
    return check
