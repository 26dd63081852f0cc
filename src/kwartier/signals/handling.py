"""Handling a signal beyond its status: assigning, notes and messages, rerouting,
splitting, merging duplicates and linking a resident.

Each function works on the signal's row locked in a transaction and records who did
what in the history (`services.record`), so the history is the one account of the
handling. What the rules do not allow raises RuleError (Dutch, naming the field). Who
may call which function is the access layer's business (pages and API declare it);
these functions check what the data allows.
"""

from __future__ import annotations

import datetime
import math

from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Lower, Replace

from kwartier.core.access.roles import WORKERS
from kwartier.core.errors import RuleError
from kwartier.core.models import Person

from . import services
from .models import Category, ResponseTemplate, Signal, SignalEvent
from .states import CLOSED, Status

Kind = SignalEvent.Kind
TEXT_MAX = 4000
DUPLICATE_METRES = 100
DUPLICATE_DAYS = 14
EARTH_METRES = 6_371_000
# Metres per degree of latitude; a degree of longitude is this times cos(latitude).
METRES_PER_DEGREE = math.pi * EARTH_METRES / 180


def _locked(signal: Signal) -> Signal:
    """The signal's row, locked until the transaction ends (call inside one)."""
    return Signal.objects.select_for_update().get(pk=signal.pk)


def _refresh(signal: Signal) -> Signal:
    signal.refresh_from_db()
    return signal


def _check_open(signal: Signal, doing: str) -> None:
    if signal.status in CLOSED:
        raise RuleError(f"Een afgesloten melding kunt u niet {doing}.", field="status")


def _clean_text(text: str, field: str = "text") -> str:
    text = (text or "").strip()
    if not text:
        raise RuleError("Schrijf een tekst.", field=field)
    if len(text) > TEXT_MAX:
        raise RuleError(f"De tekst is te lang: hoogstens {TEXT_MAX} tekens.", field=field)
    return text


# Assigning ---------------------------------------------------------------------------


def assign(signal: Signal, assignee, *, user) -> Signal:
    """Give the signal to a worker of the handling organisation (None: to nobody)."""
    with transaction.atomic():
        locked = _locked(signal)
        if assignee is not None and not (
            assignee.is_active
            and assignee.organisation_id == locked.organisation_id
            and assignee.role in WORKERS
        ):
            raise RuleError(
                "Wijs de melding toe aan een medewerker van de behandelende organisatie.",
                field="assignee",
            )
        if (assignee.pk if assignee else None) == locked.assignee_id:
            return _refresh(signal)
        locked.assignee = assignee
        locked.save(update_fields=["assignee", "updated_at"])
        text = (
            f"Toegewezen aan {assignee.get_full_name() or assignee.username}"
            if assignee
            else ("Toewijzing ingetrokken")
        )
        services.record(locked, Kind.ASSIGNED, user, text)
    return _refresh(signal)


# Notes and messages ------------------------------------------------------------------


def add_note(signal: Signal, text: str, *, user) -> SignalEvent:
    """An internal note: for the handlers, never shown to the reporter."""
    text = _clean_text(text)
    with transaction.atomic():
        return services.record(_locked(signal), Kind.NOTE, user, text)


def send_message(signal: Signal, text: str, *, user) -> SignalEvent:
    """A message to the reporter, shown on their private status page."""
    text = _clean_text(text)
    with transaction.atomic():
        return services.record(_locked(signal), Kind.MESSAGE, user, text)


def template_text(signal: Signal, status: str) -> str:
    """The standard answer for this status: the category's own, its main category's, or
    the general one; "" when there is none."""
    category: Category = signal.category
    candidates = [category.pk] + ([category.parent_id] if category.parent_id else [])
    templates = {
        t.category_id: t.text
        for t in ResponseTemplate.objects.filter(
            Q(category_id__in=candidates) | Q(category__isnull=True), status=status
        )
    }
    for key in [*candidates, None]:
        if key in templates:
            return templates[key]
    return ""


def transition_with_message(
    signal: Signal, status: str, *, user, reason: str = "", partner=None, message=None
) -> Signal:
    """Change the status and tell the reporter: `message` when given, the response
    template when it is None (an empty message sends nothing). Pages and the API use this
    rather than `services.transition`, so that the reporter hears of every step."""
    text = template_text(signal, status) if message is None else (message or "").strip()
    if len(text) > TEXT_MAX:
        raise RuleError(f"Het bericht is te lang: hoogstens {TEXT_MAX} tekens.", "message")
    with transaction.atomic():
        services.transition(signal, status, user=user, reason=reason, partner=partner)
        if text:
            services.record(signal, Kind.MESSAGE, user, text)
    return _refresh(signal)


# Rerouting and splitting -------------------------------------------------------------


def reroute(signal: Signal, organisation, *, team: str = "", user) -> Signal:
    """Hand the signal to another organisation (or team) than the routing rules chose.
    The assignee belonged to the old organisation, so the assignment goes."""
    team = (team or "").strip()
    if len(team) > 80:
        raise RuleError("De teamnaam is te lang: hoogstens 80 tekens.", field="team")
    with transaction.atomic():
        locked = _locked(signal)
        _check_open(locked, "doorsturen")
        if organisation is None:
            raise RuleError("Kies de organisatie.", field="organisation")
        if organisation.pk == locked.organisation_id and team == locked.team:
            raise RuleError(
                "De melding ligt al bij deze organisatie en dit team.", field="organisation"
            )
        if organisation.pk == locked.partner_id:
            raise RuleError(
                "De melding is al doorgezet naar deze organisatie; zet haar eerst terug.",
                field="organisation",
            )
        locked.organisation = organisation
        locked.team = team
        locked.assignee = None
        locked.save(update_fields=["organisation", "team", "assignee", "updated_at"])
        services.record(
            locked,
            Kind.ROUTED,
            user,
            f"Doorgestuurd naar {organisation}" + (f" ({team})" if team else ""),
        )
    return _refresh(signal)


def split(signal: Signal, parts: list[dict], *, user) -> list[Signal]:
    """Split a signal into sub-signals, each passed on to its own partner.

    `parts`: [{"category", "partner", "description"}]. The parts stay with the parent's
    organisation (it passes them on and follows them up), whatever the routing rules say,
    and keep its place and channel; the reporter's contact stays on the parent only.
    """
    if not parts:
        raise RuleError("Geef ten minste één deelmelding.", field="parts")
    with transaction.atomic():
        parent = _locked(signal)
        _check_open(parent, "splitsen")
        if parent.parent_id:
            raise RuleError("Een deelmelding kunt u niet verder splitsen.", field="parts")
        made = []
        for part in parts:
            partner = part.get("partner")
            if partner is None or partner.pk == parent.organisation_id:
                raise RuleError(
                    "Kies voor elke deelmelding een andere organisatie dan de behandelende.",
                    field="parts",
                )
            child = services.report(
                category=part["category"],
                area=parent.area,
                description=part.get("description") or parent.description,
                channel=parent.channel,
                user=user,
                parent=parent,
                address=parent.address,
                latitude=parent.latitude,
                longitude=parent.longitude,
                urgency=parent.urgency,
            )
            Signal.objects.filter(pk=child.pk).update(
                organisation=parent.organisation, team=parent.team
            )
            made.append(services.transition(child, Status.DOORGEZET, user=user, partner=partner))
        services.record(
            parent,
            Kind.SPLIT,
            user,
            "Gesplitst in " + ", ".join(f"{c.number} ({c.partner})" for c in made),
        )
        if parent.status in (Status.GEMELD, Status.HEROPEND):
            services.transition(parent, Status.IN_BEHANDELING, user=user, reason="Gesplitst")
    _refresh(signal)
    return made


# Duplicates --------------------------------------------------------------------------


def _same_address(address: str) -> str:
    return "".join((address or "").split()).lower()


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The haversine distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_METRES * math.asin(math.sqrt(a))


def find_duplicates(signal: Signal):
    """Open signals that may be the same: the same category within 100 m, or the same
    address, reported within 14 days of this one; not itself, not already merged."""
    window = datetime.timedelta(days=DUPLICATE_DAYS)
    candidates = (
        Signal.objects.open()
        .exclude(pk=signal.pk)
        .filter(
            merged_into__isnull=True,
            reported_at__gte=signal.reported_at - window,
            reported_at__lte=signal.reported_at + window,
        )
    )
    found = Q(pk__in=[])
    if signal.address.strip():
        # Spaces and case do not make another address ("Dorpsstraat 1" = "dorpsstraat1").
        found |= Q(
            pk__in=candidates.annotate(
                same=Replace(Lower("address"), Value(" "), Value(""))
            ).filter(same=_same_address(signal.address))
        )
    if signal.has_point:
        lat, lon = float(signal.latitude), float(signal.longitude)
        # A box around the point in SQL first; the haversine decides on what is left.
        dlat = DUPLICATE_METRES / METRES_PER_DEGREE
        dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
        near = candidates.filter(
            category_id=signal.category_id,
            latitude__range=(lat - dlat, lat + dlat),
            longitude__range=(lon - dlon, lon + dlon),
        ).values_list("pk", "latitude", "longitude")
        found |= Q(
            pk__in=[
                pk
                for pk, la, lo in near
                if distance_metres(lat, lon, float(la), float(lo)) <= DUPLICATE_METRES
            ]
        )
    return candidates.filter(found)


def merge(duplicate: Signal, into: Signal, *, user) -> Signal:
    """Close `duplicate` as merged with `into`; both histories say so."""
    if duplicate.pk == into.pk:
        raise RuleError("Een melding kan niet met zichzelf worden samengevoegd.", "into")
    with transaction.atomic():
        # Lock both in a fixed order, so two merges the other way round cannot deadlock.
        locked = {
            s.pk: s
            for s in Signal.objects.select_for_update()
            .filter(pk__in=[duplicate.pk, into.pk])
            .order_by("pk")
        }
        dup, target = locked[duplicate.pk], locked[into.pk]
        if dup.merged_into_id:
            raise RuleError("Deze melding is al samengevoegd.", field="into")
        _check_open(dup, "samenvoegen")
        if target.merged_into_id:
            raise RuleError(
                f"{target.number} is zelf samengevoegd; kies de melding waarmee die is "
                "samengevoegd.",
                field="into",
            )
        reason = f"Samengevoegd met {target.number}"
        services.transition(dup, Status.AFGEHANDELD, user=user, reason=reason)
        Signal.objects.filter(pk=dup.pk).update(merged_into=target)
        services.record(dup, Kind.MERGED, user, reason)
        services.record(target, Kind.MERGED, user, f"{dup.number} is hiermee samengevoegd")
    into.refresh_from_db()
    return _refresh(duplicate)


# A linked resident -------------------------------------------------------------------


def link_person(signal: Signal, person: Person, *, user) -> Signal:
    """Link the resident the signal is about; from then on the privacy rules apply to it
    (access log, export, erasure). Only a resident the user may see."""
    if person is None or not Person.objects.visible_to(user).filter(pk=person.pk).exists():
        raise RuleError("Deze bewoner is niet bekend of u mag hem niet inzien.", "person")
    with transaction.atomic():
        locked = _locked(signal)
        if locked.person_id == person.pk:
            return _refresh(signal)
        locked.person = person
        locked.save(update_fields=["person", "updated_at"])
        # The history names no resident: it is read by everyone who handles the signal.
        services.record(locked, Kind.LINKED, user, "Bewoner gekoppeld")
    return _refresh(signal)


def unlink_person(signal: Signal, *, user) -> Signal:
    with transaction.atomic():
        locked = _locked(signal)
        if locked.person_id is None:
            raise RuleError("Er is geen bewoner gekoppeld.", field="person")
        locked.person = None
        locked.save(update_fields=["person", "updated_at"])
        services.record(locked, Kind.LINKED, user, "Bewoner ontkoppeld")
    return _refresh(signal)
