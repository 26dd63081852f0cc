"""Demo data of the wijkmonitor: ten years of figures for Kwartiersveen and a fact check.

Every buurt gets the figures CBS would publish (inhabitants, households, incomes, WOZ,
crime) for the ten years up to last year, and the survey figures of the
Veiligheidsmonitor (every other year); wijken and the gemeente get the sums or weighted
means of their buurten, Nederland national figures. The inhabitants follow the demo's
registered residents: Welzijn Kwartiersveen has registered about one in eight of them,
so a buurt's inhabitants and households last year are its registered residents and
households times SCALE, earlier years run back along the buurt's growth.

The local paper calls Waardepolder (the new-build wijk) a problem area and its
article's five claims are saved as a shared fact check. The figures are made so that
four claims do not hold (crime and nuisance below the gemeente's and falling, families
leaving less, residents as satisfied as elsewhere) and one does: more households with
a low income, rising.

Everything is drawn from `rng` in a fixed order (buurten by code, indicators in the
order below, years ascending). Values for Nederland are only added where none are
stored and carry the demo's mark in their source, so removing the demo removes them
and leaves imported national figures alone.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone

from kwartier.core import geo
from kwartier.core.ages import age_on
from kwartier.core.models import Area
from kwartier.demo.context import load_data

from . import definitions, own
from .models import Claim, FactCheck, Indicator, IndicatorValue

GEMEENTE = "GM9999"
PROBLEM_WIJK = "WK999903"  # Waardepolder, new-build: the paper's "probleemwijk"
SCALE = 8  # Welzijn Kwartiersveen has registered about one inhabitant in eight
YEARS = 10
DEMO_MARK = " (demo: verzonnen cijfers)"
PAPER = "Kwartiersveens Dagblad"
NL_LAND_KM2 = 33_670  # Nederland's land area: its population density

# Inhabitants per year, by character of the buurt (areas.json "profile"): the old centre
# grows slowly, the post-war flats shrink a little, the new-build wijk is still growing.
GROWTH = {"centrum": 0.004, "naoorlogs": -0.002, "nieuwbouw": 0.015}
COUNTRY = {"inwoners": (17_940_000, 0.006), "huishoudens": (8_250_000, 0.009)}
# Shares that changed over the years: percentage points per year, and the country's.
SINGLES_PER_YEAR, COUNTRY_SINGLES = 0.3, (39.5, 0.25)
OLDER_PER_YEAR, COUNTRY_OLDER = 0.3, (20.4, 0.35)
# Households were a little larger in earlier years (persons per household per year).
HOUSEHOLD_SIZE_PER_YEAR = 0.012


@dataclass(frozen=True)
class Figure:
    """How one indicator runs: its value last year by character of the buurt, its change
    per year (a fraction of the value when `relative`), the buurt's own deviation
    (`spread`) and the year-to-year noise (`jitter`) as fractions, what wijk and
    gemeente weigh their buurten by, how often it is measured, the country's last value
    and change, and the last value and change in the problem wijk."""

    last: dict[str, float]
    change: float
    relative: bool = False
    decimals: int = 1
    spread: float = 0.08
    jitter: float = 0.03
    weight: str = "inwoners"
    every: int = 1
    country: tuple[float, float] | None = None
    problem: tuple[float, float] | None = None


def _profiles(centrum: float, naoorlogs: float, nieuwbouw: float) -> dict[str, float]:
    return {"centrum": centrum, "naoorlogs": naoorlogs, "nieuwbouw": nieuwbouw}


FIGURES = {
    # Incomes rise everywhere, in the problem wijk more slowly.
    "gemiddeld-inkomen": Figure(
        _profiles(33.5, 27.0, 34.0),
        0.03,
        relative=True,
        spread=0.05,
        jitter=0.01,
        country=(35.0, 0.03),
        problem=(31.0, 0.015),
    ),
    "gemiddeld-inkomen-per-ontvanger": Figure(
        _profiles(41.0, 34.5, 45.0),
        0.03,
        relative=True,
        spread=0.05,
        jitter=0.01,
        country=(44.0, 0.03),
        problem=(42.0, 0.018),
    ),
    # The one claim that holds: more households with a low income every year.
    "huishoudens-laag-inkomen": Figure(
        _profiles(8.5, 12.5, 4.5),
        -0.1,
        weight="huishoudens",
        jitter=0.02,
        country=(7.8, -0.1),
        problem=(9.0, 0.45),
    ),
    "woz-waarde": Figure(
        _profiles(330, 255, 375),
        0.065,
        relative=True,
        decimals=0,
        spread=0.06,
        jitter=0.01,
        weight="huishoudens",
        country=(405, 0.065),
    ),
    "koopwoningen": Figure(
        _profiles(48, 36, 68),
        0.2,
        decimals=0,
        spread=0.1,
        jitter=0.01,
        weight="huishoudens",
        country=(57.5, 0.1),
        problem=(64, -0.6),
    ),
    "geweldsmisdrijven": Figure(
        _profiles(7.5, 6.0, 3.5),
        -0.05,
        spread=0.1,
        jitter=0.06,
        country=(5.6, -0.03),
        problem=(3.4, -0.12),
    ),
    "vernielingen": Figure(
        _profiles(8.0, 6.5, 4.0),
        0.05,
        spread=0.1,
        jitter=0.04,
        country=(5.0, -0.1),
        problem=(3.8, -0.25),
    ),
    # Kept by the gemeente's own register: no national figure.
    "verhuizingen-uit-buurt": Figure(
        _profiles(5.5, 6.5, 7.0),
        0.0,
        spread=0.1,
        jitter=0.03,
        problem=(6.2, -0.25),
    ),
    # The Veiligheidsmonitor, every other year.
    "jeugdoverlast": Figure(
        _profiles(10.5, 13.0, 11.0),
        -0.1,
        every=2,
        country=(8.8, -0.15),
        problem=(10.0, -0.5),
    ),
    "onveilig": Figure(
        _profiles(18.0, 19.5, 11.0),
        0.1,
        every=2,
        country=(16.0, -0.2),
        problem=(12.0, -0.3),
    ),
    "verloedering": Figure(
        _profiles(34.0, 36.0, 24.0),
        0.2,
        every=2,
        spread=0.06,
        country=(30.0, 0.0),
        problem=(25.0, -0.2),
    ),
    "tevredenheid-buurt": Figure(
        _profiles(7.5, 7.0, 7.7),
        0.0,
        every=2,
        spread=0.01,
        jitter=0.005,
        country=(7.6, 0.0),
        problem=(7.8, 0.01),
    ),
}
COUNTS = ("inwoners", "65-plussers", "huishoudens", "eenpersoonshuishoudens")
DENSITY = "bevolkingsdichtheid"

# The article's five statements, as written, and what each says in the figures.
# (indicator, says, compared with the gemeente, a trend over the ten years)
ARTICLE = [
    (
        "Overlast, rommel en criminaliteit nemen in {wijk} hand over hand toe.",
        "vernielingen",
        Claim.Says.GETTING_WORSE,
    ),
    (
        "Steeds meer gezinnen in {wijk} kunnen nauwelijks rondkomen.",
        "huishoudens-laag-inkomen",
        Claim.Says.GETTING_WORSE,
    ),
    (
        "{wijk} heeft een slechte naam: bewoners zijn er minder tevreden over hun buurt "
        "dan gemiddeld in {gemeente}.",
        "tevredenheid-buurt",
        Claim.Says.WORSE_THAN,
    ),
    (
        "Verveelde jongeren hangen rond en zorgen voor meer overlast dan elders in {gemeente}.",
        "jeugdoverlast",
        Claim.Says.WORSE_THAN,
    ),
    (
        "Gezinnen met kinderen worden de wijk uit gepest en trekken weg uit {wijk}.",
        "verhuizingen-uit-buurt",
        Claim.Says.GETTING_WORSE,
    ),
]
# The article, a paragraph a line (the sentences s1..s5 are the claims).
ARTICLE_TEXT = "\n\n".join(
    [
        "{wijk} glijdt af",
        "Twintig jaar geleden was {wijk} de trots van {gemeente}: nieuwe huizen, jonge "
        "gezinnen, water en groen. Wie er nu rondloopt, ziet een ander beeld. {s1} {s2} "
        '"Je ziet het aan alles", zegt een bewoner die er al sinds de eerste oplevering woont.',
        "{s3} Makelaars merken het aan de vragen van kopers. {s4} Het buurthuis is 's avonds "
        "dicht en volgens bewoners is er niets te doen voor de jeugd.",
        '{s5} "Wie kan, vertrekt", zegt een moeder die naar Lindenhof verhuist. De wijk dreigt '
        "het getto van de toekomst te worden.",
    ]
)
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus")
MONTHS += ("september", "oktober", "november", "december")


def seed_demo(rng, demo) -> None:
    indicators = definitions.ensure()
    gemeente = Area.objects.filter(code=GEMEENTE, level=Area.Level.GEMEENTE).first()
    if gemeente is None:
        return
    last = demo.today.year - 1
    years = range(last - YEARS + 1, last + 1)
    buurten = list(
        Area.objects.filter(level=Area.Level.BUURT, parent__parent=gemeente)
        .select_related("parent")
        .order_by("code")
    )
    registered = _registered(demo)
    profiles = {b["code"]: b["profile"] for w in load_data("areas")["wijken"] for b in w["buurten"]}

    values: dict[tuple[str, int | None], dict[int, float]] = {}
    km2: dict[int, float] = {}
    for buurt in buurten:
        if buurt.pk not in registered:
            continue  # nobody registered: no basis for its figures
        profile = profiles.get(buurt.code, "naoorlogs")
        problem = buurt.parent.code == PROBLEM_WIJK
        for code, series in _buurt_counts(rng, registered[buurt.pk], profile, years).items():
            values[code, buurt.pk] = series
        for code, figure in FIGURES.items():
            values[code, buurt.pk] = _series(rng, figure, indicators[code], profile, problem, years)
        size = _km2(buurt.outline)
        if size:
            km2[buurt.pk] = size
            values[DENSITY, buurt.pk] = {
                year: round(n / size) for year, n in values["inwoners", buurt.pk].items()
            }
    with_figures = [b for b in buurten if b.pk in registered]
    wijken = defaultdict(list)
    for buurt in with_figures:
        wijken[buurt.parent_id].append(buurt.pk)
    for wijk_id, children in sorted(wijken.items()):
        _aggregate(values, km2, wijk_id, children, years)
    _aggregate(values, km2, gemeente.pk, [b.pk for b in with_figures], years)
    for code, series in _country(rng, indicators, years).items():
        values[code, None] = series
    _derive(values, indicators)
    _store(values, indicators, demo.today)

    wijk = Area.objects.filter(code=PROBLEM_WIJK, parent=gemeente).first()
    if wijk is not None and any(b.parent_id == wijk.pk for b in with_figures):
        _fact_check(demo, indicators, wijk, gemeente, years)
    # Kwartier's own figures of last year (the last with inhabitants), from the other
    # modules' demo data, as `kwartier indicators own` would compute them.
    end = timezone.make_aware(datetime.datetime.combine(demo.today, datetime.time(18)))
    own.compute(last, now=end)


# --- the buurten ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Registered:
    persons: int
    households: int
    singles: int  # one-person households
    older: int  # aged 65 or over


def _registered(demo) -> dict[int, _Registered]:
    """What the demo registered per buurt: residents, households, one-person households
    and residents of 65 or over (on the demo's reference date)."""
    members = defaultdict(int)
    persons = defaultdict(int)
    older = defaultdict(int)
    rows = demo.persons.filter(household__buurt__isnull=False).values_list(
        "household__buurt_id", "household_id", "birth_date", "birth_year"
    )
    for buurt_id, household_id, birth_date, birth_year in rows:
        persons[buurt_id] += 1
        members[buurt_id, household_id] += 1
        age = age_on(demo.reference_date, birth_date, birth_year)
        older[buurt_id] += age is not None and age >= 65
    households = defaultdict(int)
    singles = defaultdict(int)
    for (buurt_id, _), n in members.items():
        households[buurt_id] += 1
        singles[buurt_id] += n == 1
    return {pk: _Registered(persons[pk], households[pk], singles[pk], older[pk]) for pk in persons}


def _buurt_counts(rng, registered: _Registered, profile: str, years) -> dict[str, dict]:
    """Inhabitants, households, one-person households and 65-plussers per year: last
    year the registered ones times SCALE, earlier years back along the buurt's growth.
    Rounded to fives, as CBS does."""
    last = years[-1]
    size = registered.persons / registered.households
    singles = 100 * registered.singles / registered.households
    older = 100 * registered.older / registered.persons
    out: dict[str, dict] = {code: {} for code in COUNTS}
    for year in years:
        back = last - year
        inhabitants = registered.persons * SCALE * (1 + GROWTH[profile]) ** -back
        inhabitants *= 1 + rng.gauss(0, 0.004)
        households = inhabitants / (size + HOUSEHOLD_SIZE_PER_YEAR * back)
        out["inwoners"][year] = _fives(inhabitants)
        out["huishoudens"][year] = _fives(households)
        share = max(0.0, singles - SINGLES_PER_YEAR * back)
        out["eenpersoonshuishoudens"][year] = _fives(households * share / 100)
        share = max(0.0, older - OLDER_PER_YEAR * back)
        out["65-plussers"][year] = _fives(inhabitants * share / 100)
    return out


def _series(rng, figure: Figure, indicator, profile: str, problem: bool, years) -> dict:
    """One indicator in one buurt: its level, its own deviation, its trend and noise."""
    level, change = (
        figure.problem if problem and figure.problem else (figure.last[profile], figure.change)
    )
    own = 1 + rng.gauss(0, figure.spread)
    return _run(rng, figure, indicator, level * own, change, figure.jitter, years)


def _run(rng, figure: Figure, indicator, level, change, jitter, years) -> dict:
    low, high = (float(bound) for bound in indicator.bounds(country=True))
    last = years[-1]
    out = {}
    for year in years:
        back = last - year
        if back % figure.every:
            continue
        value = level * (1 + change) ** -back if figure.relative else level - change * back
        value *= 1 + rng.gauss(0, jitter)
        out[year] = round(min(high, max(low, value)), figure.decimals)
    return out


def _km2(outline) -> float | None:
    """An outline's area in km², with longitude shrunk to the latitude (small areas)."""
    total = 0.0
    for ring in geo.outer_rings(outline):
        shape = geo.ring_centroid(ring)
        if shape is not None:
            area, _, lat = shape
            total += abs(area) * 111.32 * math.cos(math.radians(lat)) * 110.57
    return total or None


def _fives(value: float) -> int:
    return 5 * round(value / 5)


# --- wijken, the gemeente and the country -------------------------------------------------


def _aggregate(values, km2, area_id: int, children: list[int], years) -> None:
    """An area's figures from its buurten: counts summed, the density from the summed
    inhabitants and land, the rest as means weighted by inhabitants or households."""
    for code in COUNTS:
        values[code, area_id] = {
            year: sum(values[code, child][year] for child in children) for year in years
        }
    if children and all(child in km2 for child in children):
        land = sum(km2[child] for child in children)
        km2[area_id] = land
        values[DENSITY, area_id] = {
            year: round(values["inwoners", area_id][year] / land) for year in years
        }
    for code, figure in FIGURES.items():
        out = {}
        for year in values[code, children[0]]:
            weights = [values[figure.weight, child][year] for child in children]
            if sum(weights):
                weighted = sum(
                    values[code, child][year] * weight
                    for child, weight in zip(children, weights, strict=True)
                )
                out[year] = round(weighted / sum(weights), figure.decimals)
        values[code, area_id] = out


def _country(rng, indicators, years) -> dict[str, dict]:
    """Nederland's figures: smooth national series with a little noise."""
    last = years[-1]
    out: dict[str, dict] = {code: {} for code in (*COUNTS, DENSITY)}
    for year in years:
        back = last - year
        inhabitants, growth = COUNTRY["inwoners"]
        inhabitants *= (1 + growth) ** -back
        households, growth = COUNTRY["huishoudens"]
        households *= (1 + growth) ** -back
        singles = COUNTRY_SINGLES[0] - COUNTRY_SINGLES[1] * back
        older = COUNTRY_OLDER[0] - COUNTRY_OLDER[1] * back
        out["inwoners"][year] = _fives(inhabitants)
        out["huishoudens"][year] = _fives(households)
        out["eenpersoonshuishoudens"][year] = _fives(households * singles / 100)
        out["65-plussers"][year] = _fives(inhabitants * older / 100)
        out[DENSITY][year] = round(inhabitants / NL_LAND_KM2)
    for code, figure in FIGURES.items():
        if figure.country:
            level, change = figure.country
            out[code] = _run(rng, figure, indicators[code], level, change, figure.jitter / 3, years)
    return out


def _derive(values, indicators: dict[str, Indicator]) -> None:
    """The derived shares (65-plussers, one-person households), as an import makes them."""
    for code, indicator in indicators.items():
        if not indicator.derived:
            continue
        numerator, denominator = indicator.numerator.code, indicator.denominator.code
        for area in {area for part, area in values if part == numerator}:
            tops, bottoms = values[numerator, area], values.get((denominator, area), {})
            values[code, area] = {
                year: float(
                    (Decimal(top) / Decimal(bottoms[year]) * indicator.factor).quantize(
                        Decimal("0.01"), ROUND_HALF_UP
                    )
                )
                for year, top in tops.items()
                if bottoms.get(year)
            }


def _store(values, indicators, today: datetime.date) -> None:
    """All figures in one bulk insert; the country's only where none are stored yet."""
    at = timezone.make_aware(datetime.datetime.combine(today, datetime.time(9)))
    taken = set(
        IndicatorValue.objects.filter(area__isnull=True).values_list("indicator_id", "year")
    )
    rows = []
    for (code, area_id), series in sorted(values.items(), key=lambda item: str(item[0])):
        indicator = indicators[code]
        for year, value in sorted(series.items()):
            if area_id is None and (indicator.pk, year) in taken:
                continue
            rows.append(
                IndicatorValue(
                    indicator=indicator,
                    area_id=area_id,
                    year=year,
                    value=Decimal(str(value)),
                    source=indicator.source + DEMO_MARK,
                    imported_at=at,
                )
            )
    IndicatorValue.objects.bulk_create(rows, batch_size=1000)


# --- the article and its fact check ------------------------------------------------------------


def _fact_check(demo, indicators, wijk: Area, gemeente: Area, years) -> None:
    names = {"wijk": wijk.name, "gemeente": gemeente.name}
    sentences = [sentence.format(**names) for sentence, _, _ in ARTICLE]
    published = demo.today - datetime.timedelta(days=12)
    coordinator = demo.users.filter(username="coordinator").first()
    fact_check = FactCheck(
        title=f"Lokale krant: '{wijk.name} glijdt af'",
        article=ARTICLE_TEXT.format(
            **names, **{f"s{i}": s for i, s in enumerate(sentences, start=1)}
        ),
        source=f"{PAPER}, {published.day} {MONTHS[published.month - 1]} {published.year}",
        organisation=demo.organisation,
        shared=True,
        recorded_by=coordinator,
    )
    fact_check.full_clean()
    fact_check.save()
    survey_year = years[-1]
    claims = []
    for order, (sentence, (_, code, says)) in enumerate(zip(sentences, ARTICLE, strict=True)):
        claim = Claim(
            fact_check=fact_check,
            order=order,
            sentence=sentence,
            indicator=indicators[code],
            area=wijk,
            says=says,
        )
        if says == Claim.Says.WORSE_THAN:
            claim.than, claim.year = gemeente, survey_year
        else:
            claim.from_year, claim.to_year = years[0], years[-1]
        claim.full_clean()
        claims.append(claim)
    Claim.objects.bulk_create(claims)


def delete_demo_data(org_ids, area_ids) -> None:
    """Remove the demo's fact checks, the figures of its areas and its national figures
    (marked in their source); claims about its areas protect them, so they go too."""
    Claim.objects.filter(
        Q(fact_check__organisation_id__in=org_ids)
        | Q(area_id__in=area_ids)
        | Q(than_id__in=area_ids)
    ).delete()
    FactCheck.objects.filter(organisation_id__in=org_ids).delete()
    IndicatorValue.objects.filter(
        Q(area_id__in=area_ids) | Q(area__isnull=True, source__endswith=DEMO_MARK)
    ).delete()
