"""From the database to the matching engine's input (support.matching), for one area.

What goes in:
- requests: the hulpvragen in status *zoeken* that the worker may see, of residents whose
  address lies in the area. Location: the hulpvraag's own point if it has one, else the
  centre of the resident's buurt (from the buurt's outline).
- offers: the available helpers the worker's organisation coordinates. Their `active` is
  the load the engine must respect: active matches plus open proposals (places already
  promised in an earlier run). Full helpers are passed too: they get no place (the engine
  gives a helper `max(0, capacity − active)`), but the unmatched reason can then say "all
  suitable helpers are full" instead of wrongly "nobody offers this".
  A helper's reach is its point and radius, or else its werkgebied: the area's centre
  with a radius that covers the area, and hulpvragen outside the area excluded.
- exclude: per hulpvraag, helpers that were rejected for it, whose match with it ended
  without result, that do not fit the resident's preference for a woman or a man, or
  whose werkgebied does not hold the resident's buurt.
- network: helpers already tied to the resident (`network_of`, the one lookup): a club or
  service whose organisation is in the resident's ecogram (network module).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from kwartier.core import geo
from kwartier.core.models import Area
from kwartier.network.codes import BURDENING
from kwartier.network.models import Tie

from . import matching
from .models import Helper, HelpRequest, Match, Proposal

# Why helpers are excluded for a hulpvraag: (one helper, several helpers).
EXCLUSION_KINDS = {
    "afgewezen": (
        "eerder afgewezen of zonder resultaat gekoppeld",
        "eerder afgewezen of zonder resultaat gekoppeld",
    ),
    "voorkeur": (
        "is geen {gender} (de voorkeur van de bewoner)",
        "zijn geen {gender} (de voorkeur van de bewoner)",
    ),
    "werkgebied": ("werkt buiten de buurt van de bewoner", "werken buiten de buurt van de bewoner"),
}


@dataclass
class EngineInput:
    area: Area
    requests: list[matching.Request] = field(default_factory=list)
    offers: list[matching.Offer] = field(default_factory=list)
    help_requests: dict[int, HelpRequest] = field(default_factory=dict)
    helpers: dict[int, Helper] = field(default_factory=dict)
    # Hulpvragen that cannot go to the engine, with the reason (no location known).
    not_located: list[tuple[HelpRequest, str]] = field(default_factory=list)
    helpers_not_located: list[Helper] = field(default_factory=list)
    # request pk → exclusion kind → helper pks, to explain an "uitgesloten" verdict.
    exclusions: dict[int, dict[str, set[int]]] = field(default_factory=dict)

    def as_json(self) -> dict:
        """The engine input as JSON (docs/matching.md), e.g. for `kwartier match`."""
        return {
            "requests": [_request_json(r) for r in self.requests],
            "offers": [_offer_json(o) for o in self.offers],
        }


# The network lookup --------------------------------------------------------------------


def network_of(help_requests: list[HelpRequest]) -> dict[int, set[int]]:
    """Helpers already tied to each hulpvraag's resident, by hulpvraag: the one lookup.

    A club or service whose organisation is a contact in the resident's ecogram (network
    module), on a tie that is not burdening. Volunteers are not in an ecogram by name, so
    they are never "network" here.
    """
    if not help_requests:
        return {}
    person_ids = {r.person_id for r in help_requests}
    organisations: dict[int, set[int]] = defaultdict(set)
    for person_id, organisation_id in (
        Tie.objects.filter(person_id__in=person_ids, contact_organisation__isnull=False)
        .exclude(strength=BURDENING)
        .values_list("person_id", "contact_organisation_id")
    ):
        organisations[person_id].add(organisation_id)
    wanted = set().union(*organisations.values()) if organisations else set()
    helpers_of: dict[int, set[int]] = defaultdict(set)
    for helper_id, organisation_id in Helper.objects.filter(
        external_organisation_id__in=wanted
    ).values_list("pk", "external_organisation_id"):
        helpers_of[organisation_id].add(helper_id)
    out = {}
    for r in help_requests:
        ids = set().union(*(helpers_of[o] for o in organisations.get(r.person_id, ())))
        if ids:
            out[r.pk] = ids
    return out


# Locations -----------------------------------------------------------------------------


def _distance_km(lat1, lon1, lat2, lon2) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * matching.EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    radius_km: float  # distance from the centre to the farthest corner of the outline


def area_place(area: Area | None) -> Place | None:
    """Centre of an area's outline and the radius that covers it, or None without outline."""
    if area is None:
        return None
    rings = geo.outer_rings(area.outline)
    parts = [c for c in (geo.ring_centroid(ring) for ring in rings) if c is not None]
    if not parts:
        return None
    total = sum(a for a, _, _ in parts)
    lon = sum(a * x for a, x, _ in parts) / total
    lat = sum(a * y for a, _, y in parts) / total
    radius = max(
        _distance_km(lat, lon, float(p[1]), float(p[0]))
        for ring in rings
        for p in ring
        if len(p) >= 2
    )
    return Place(lat, lon, radius)


class _Places:
    """area_place() once per area within one build."""

    def __init__(self):
        self._known: dict[int, Place | None] = {}

    def __call__(self, area: Area | None) -> Place | None:
        if area is None:
            return None
        if area.pk not in self._known:
            self._known[area.pk] = area_place(area)
        return self._known[area.pk]


def request_point(help_request: HelpRequest, places=area_place) -> tuple[float, float] | None:
    if help_request.lat is not None and help_request.lon is not None:
        return help_request.lat, help_request.lon
    place = places(help_request.buurt)
    return (place.lat, place.lon) if place else None


def helper_reach(
    helper: Helper, places=area_place
) -> tuple[float, float, float, set[int] | None] | None:
    """(lat, lon, radius_km, buurten it is limited to or None), or None if unknown."""
    if helper.lat is not None and helper.lon is not None and helper.radius_km is not None:
        return helper.lat, helper.lon, float(helper.radius_km), None
    place = places(helper.area)
    if place is None:
        return None
    return place.lat, place.lon, place.radius_km, set(helper.area.buurt_ids())


# Selections ----------------------------------------------------------------------------


def requests_for_run(user, area: Area):
    return (
        HelpRequest.objects.visible_to(user)
        .filter(status=HelpRequest.Status.ZOEKEN)
        .in_area(area)
        .select_related("category", "person__household__buurt")
        .order_by("pk")
    )


def helpers_for_run(user):
    return (
        Helper.objects.visible_to(user)
        .filter(active=True)
        .select_related("area")
        .prefetch_related("categories")
        .with_load()
        .order_by("pk")
    )


def ruled_out(help_requests: Iterable[HelpRequest]) -> dict[int, set[int]]:
    """Helpers rejected for each hulpvraag, or whose match with it ended without result."""
    ids = [r.pk for r in help_requests]
    out: dict[int, set[int]] = defaultdict(set)
    for request_id, helper_id in Proposal.objects.filter(
        request_id__in=ids, status=Proposal.Status.AFGEWEZEN
    ).values_list("request_id", "helper_id"):
        out[request_id].add(helper_id)
    failed = Q(end_outcome=Match.Outcome.ZOEKEN) | Q(followup_result=Match.FollowUp.NEE)
    for request_id, helper_id in (
        Match.objects.filter(request_id__in=ids, status=Match.Status.BEEINDIGD)
        .filter(failed)
        .values_list("request_id", "helper_id")
    ):
        out[request_id].add(helper_id)
    return out


# Building ------------------------------------------------------------------------------


def build(user, area: Area) -> EngineInput:
    data = EngineInput(area=area)
    help_requests = list(requests_for_run(user, area))
    helpers = list(helpers_for_run(user))
    rejected = ruled_out(help_requests)
    network = network_of(help_requests)

    places = _Places()
    reach: dict[int, tuple] = {}
    for helper in helpers:
        where = helper_reach(helper, places)
        if where is None:
            data.helpers_not_located.append(helper)
            continue
        reach[helper.pk] = where
        data.helpers[helper.pk] = helper
        lat, lon, radius, _ = where
        data.offers.append(
            matching.Offer(
                id=helper.pk,
                categories=frozenset(c.code for c in helper.categories.all()),
                slots=frozenset(helper.slots),
                lat=lat,
                lon=lon,
                radius_km=radius,
                capacity=helper.capacity,
                vog=helper.has_vog,
                languages=frozenset(helper.languages),
                # Within parse's bounds, so that as_json() is input `kwartier match` reads; a
                # helper over capacity gets no place either way.
                active=min(helper.load + helper.reserved, matching.MAX_ACTIVE),
            )
        )

    for help_request in help_requests:
        point = request_point(help_request, places)
        if point is None:
            data.not_located.append(
                (
                    help_request,
                    "geen plek bekend: de buurt van het adres heeft geen omtrek en de "
                    "hulpvraag geen eigen plek",
                )
            )
            continue
        kinds = {
            "afgewezen": set(rejected.get(help_request.pk, ())),
            "voorkeur": _gender_mismatch(help_request, data.helpers.values()),
            "werkgebied": _outside_area(help_request, reach),
        }
        data.exclusions[help_request.pk] = kinds
        data.help_requests[help_request.pk] = help_request
        data.requests.append(
            matching.Request(
                id=help_request.pk,
                category=help_request.category.code,
                slots=frozenset(help_request.slots),
                lat=point[0],
                lon=point[1],
                requires_vog=help_request.needs_vog,
                languages=tuple(help_request.languages),
                # The score stops counting long before the bound (Weights.waiting_cap_days).
                waiting_days=min(help_request.waiting_days, matching.MAX_WAITING_DAYS),
                exclude=frozenset(set().union(*kinds.values())),
                network=frozenset(network.get(help_request.pk, ())),
            )
        )
    return data


def _gender_mismatch(help_request: HelpRequest, helpers: Iterable[Helper]) -> set[int]:
    wanted = help_request.helper_gender
    if wanted == HelpRequest.HelperGender.GEEN_VOORKEUR:
        return set()
    return {helper.pk for helper in helpers if helper.gender != wanted}


def _outside_area(help_request: HelpRequest, reach: dict[int, tuple]) -> set[int]:
    buurt = help_request.buurt
    return {
        pk
        for pk, (_, _, _, buurten) in reach.items()
        if buurten is not None and (buurt is None or buurt.pk not in buurten)
    }


def explain_exclusion(data: EngineInput, request_id: int) -> str:
    """A Dutch reason for an 'uitgesloten' verdict: which exclusions removed the helpers."""
    request = next(r for r in data.requests if r.id == request_id)
    unconstrained = matching.Request(
        id=request.id,
        category=request.category,
        slots=request.slots,
        lat=request.lat,
        lon=request.lon,
        requires_vog=request.requires_vog,
        languages=request.languages,
        waiting_days=request.waiting_days,
    )
    pairs = matching.feasible_pairs([unconstrained], data.offers)
    suitable = {data.offers[int(i)].id for i in pairs.offer}
    gender = data.help_requests[request_id].helper_gender
    parts = []
    for kind, helper_ids in data.exclusions.get(request_id, {}).items():
        n = len(suitable & helper_ids)
        if n:
            text = EXCLUSION_KINDS[kind][0 if n == 1 else 1].format(gender=gender)
            parts.append(f"{n} {text}")
    if not parts:
        return "alle geschikte helpers zijn voor deze hulpvraag uitgesloten"
    return "geen geschikte helper over: " + "; ".join(parts)


def _request_json(r: matching.Request) -> dict:
    return {
        "id": r.id,
        "category": r.category,
        "slots": sorted(r.slots),
        "lat": r.lat,
        "lon": r.lon,
        "languages": list(r.languages),
        "requires_vog": r.requires_vog,
        "waiting_days": r.waiting_days,
        "exclude": sorted(r.exclude),
        "network": sorted(r.network),
    }


def _offer_json(o: matching.Offer) -> dict:
    return {
        "id": o.id,
        "categories": sorted(o.categories),
        "slots": sorted(o.slots),
        "lat": o.lat,
        "lon": o.lon,
        "radius_km": o.radius_km,
        "capacity": o.capacity,
        "vog": o.vog,
        "languages": sorted(o.languages),
        "active": o.active,
    }
