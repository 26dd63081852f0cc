"""Vraag en aanbod on top of the shared `world` (tests/conftest.py), made on demand.

`support_world(world)` adds, once per world:

    buurt (wijk) ...... in_area:    request_proposed (voorgesteld), open proposal → helper_other
    buurt_2 (wijk) .... in_area_2:  request_matched (gekoppeld), active match with helper_own,
                                    the helper of the `vrijwilliger` persona
    other_buurt ....... out_of_area: request_elsewhere (zoeken)

and gives the buurten rectangular outlines, so hulpvragen without a point of their own
get the centre of their buurt. Objects are made directly in their state (the workflow is
tested on its own); categories, purposes and data categories are made if missing, since
tests on a live server empty every table, seeded rows included.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.utils import timezone

from kwartier.privacy.models import Consent, DataCategory, Purpose
from kwartier.support.categories import DEFAULT_CATEGORIES
from kwartier.support.models import (
    MATCH_PURPOSE,
    Helper,
    HelpRequest,
    Match,
    MatchRun,
    ProfessionalCapacity,
    Proposal,
    SupportCategory,
)

# Buurten as small rectangles (about 1.4 km × 1.1 km) side by side.
ORIGIN_LON, ORIGIN_LAT = 5.10, 52.10
CELL_LON, CELL_LAT = 0.02, 0.01


def rectangle(col: int, row: int = 0) -> dict:
    x0, y0 = ORIGIN_LON + col * CELL_LON, ORIGIN_LAT + row * CELL_LAT
    x1, y1 = x0 + CELL_LON, y0 + CELL_LAT
    return {
        "type": "Polygon",
        "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
    }


def centre(col: int, row: int = 0) -> tuple[float, float]:
    """(lat, lon) of the middle of a rectangle."""
    return ORIGIN_LAT + (row + 0.5) * CELL_LAT, ORIGIN_LON + (col + 0.5) * CELL_LON


def ensure_categories() -> dict[str, SupportCategory]:
    for order, (code, name, vog) in enumerate(DEFAULT_CATEGORIES, start=1):
        SupportCategory.objects.get_or_create(
            code=code, defaults={"name": name, "requires_vog": vog, "order": order}
        )
    return {c.code: c for c in SupportCategory.objects.all()}


def give_match_consent(person, organisation, recorded_by, categories=("hulpvraag",), **fields):
    """A consent in force to share the hulpvraag with `organisation` for a match."""
    purpose = Purpose.objects.get_or_create(
        code=MATCH_PURPOSE, defaults={"name": "Koppeling met vrijwilliger"}
    )[0]
    consent = Consent.objects.create(
        person=person,
        organisation=organisation,
        purpose=purpose,
        obtained=Consent.Obtained.SCHRIFTELIJK,
        recorded_by=recorded_by,
        **fields,
    )
    consent.categories.set(
        DataCategory.objects.get_or_create(code=code, defaults={"name": code})[0]
        for code in categories
    )
    return consent


def outline_areas(world) -> None:
    areas = world.areas
    for col, buurt in enumerate((areas.buurt, areas.buurt_2, areas.other_buurt)):
        buurt.outline = rectangle(col * 3)  # two empty cells between buurten: ~2.7 km apart
        buurt.save(update_fields=["outline"])


def make_helper(organisation, categories, **fields) -> Helper:
    defaults = {
        "name": "Helper",
        "kind": Helper.Kind.VRIJWILLIGER,
        "slots": ["ma-ochtend", "do-middag"],
        "capacity": 2,
        "languages": ["nl"],
    }
    helper = Helper.objects.create(organisation=organisation, **{**defaults, **fields})
    helper.categories.set(categories)
    return helper


def make_request(person, category, **fields) -> HelpRequest:
    defaults = {
        "description": "Boodschappen doen op maandag.",
        "slots": ["ma-ochtend"],
        "registered_on": timezone.localdate() - datetime.timedelta(days=10),
    }
    return HelpRequest.objects.create(person=person, category=category, **{**defaults, **fields})


def support_world(world) -> SimpleNamespace:
    cached = getattr(world, "support", None)
    if cached is not None:
        return cached
    outline_areas(world)
    categories = ensure_categories()
    groceries = categories["boodschappen"]
    users = world.users
    lat, lon = centre(3)
    helper_own = make_helper(
        world.welfare_org,
        [groceries],
        name="Kees de Vrijwilliger",
        user=users["vrijwilliger"],
        lat=lat,
        lon=lon,
        radius_km=3,
    )
    lat, lon = centre(0)
    helper_other = make_helper(
        world.welfare_org,
        [groceries],
        name="Fatma Hulpvaardig",
        gender=Helper.Gender.VROUW,
        lat=lat,
        lon=lon,
        radius_km=3,
    )
    run = MatchRun.objects.create(
        organisation=world.welfare_org, area=world.areas.wijk, run_by=users["coordinator"]
    )
    request_proposed = make_request(world.in_area, groceries, status=HelpRequest.Status.VOORGESTELD)
    proposal_open = Proposal.objects.create(
        run=run,
        request=request_proposed,
        helper=helper_other,
        score=52.5,
        reasons=["afstand 0,5 km", "wacht 10 dagen", "helper heeft nog 1 plaats"],
    )
    request_matched = make_request(
        world.in_area_2,
        groceries,
        description="Samen naar de markt.",
        status=HelpRequest.Status.GEKOPPELD,
        waited_until=timezone.localdate() - datetime.timedelta(days=3),
    )
    proposal_accepted = Proposal.objects.create(
        run=run,
        request=request_matched,
        helper=helper_own,
        score=60,
        reasons=["afstand 0,2 km"],
        status=Proposal.Status.GEACCEPTEERD,
        consent_confirmed=True,
        consent_obtained=Consent.Obtained.MONDELING,
        consent_share_contact=True,
    )
    match = Match.objects.create(
        request=request_matched,
        helper=helper_own,
        proposal=proposal_accepted,
        consent_basis=Match.ConsentBasis.BEVESTIGD,
        consent_obtained=Consent.Obtained.MONDELING,
        share_contact=True,
        started_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    request_elsewhere = make_request(world.out_of_area, groceries, status=HelpRequest.Status.ZOEKEN)
    this_year = timezone.localdate().year
    capacity = ProfessionalCapacity.objects.create(
        organisation=world.welfare_org,
        area=world.areas.wijk,
        period_start=datetime.date(this_year, 1, 1),
        period_end=datetime.date(this_year, 12, 31),
        fte=2,
        recorded_by=users["coordinator"],
    )
    world.support = SimpleNamespace(
        categories=categories,
        helper_own=helper_own,
        helper_other=helper_other,
        run=run,
        request_proposed=request_proposed,
        proposal_open=proposal_open,
        request_matched=request_matched,
        proposal_accepted=proposal_accepted,
        match=match,
        request_elsewhere=request_elsewhere,
        capacity=capacity,
    )
    return world.support


def support_targets(world) -> dict[str, dict]:
    """URL arguments of the support objects, for the route walks in tests/core."""
    s = support_world(world)
    return {
        "helprequest": {"pk": s.request_proposed.pk},
        "helprequest_elsewhere": {"pk": s.request_elsewhere.pk},
        "helper": {"pk": s.helper_other.pk},
        "supportcategory": {"code": "boodschappen"},
        "matchrun": {"pk": s.run.pk},
        "proposal": {"pk": s.proposal_open.pk},
        "match": {"pk": s.match.pk},
        "capacity": {"pk": s.capacity.pk},
    }
