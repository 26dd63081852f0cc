"""Every change of a signal goes through here, in a transaction, recorded in its history.

`report` creates one (from the portal, a worker's form, the API, Open311 or an import):
it gives the number, routes it, sets the term. `transition` changes the status along
`states.TRANSITIONS` with the signal's row locked, so two handlers cannot both decide. A
change that is not allowed raises core's RuleError (Dutch, with the field it is about).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kwartier.core.errors import RuleError
from kwartier.core.models import Area

from . import states
from .models import (
    DESCRIPTION_MAX,
    Category,
    RoutingRule,
    Signal,
    SignalCounter,
    SignalEvent,
)
from .states import Status

NO_RULE = (
    "Er is geen routeringsregel die deze melding aan een organisatie toewijst; "
    "vraag de beheerder een standaardregel aan te maken."
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def next_number(year: int) -> str:
    """S-2026-000123: counted per year under a row lock (call inside a transaction)."""
    counter, _ = SignalCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"S-{year}-{counter.last:06d}"


def route(category: Category, area: Area) -> RoutingRule:
    """The most specific rule: category and area (or its wijk), category, area, default."""
    areas = [area.pk] + ([area.parent_id] if area.parent_id else [])
    categories = [category.pk] + ([category.parent_id] if category.parent_id else [])
    candidates = RoutingRule.objects.select_related("organisation").filter(
        (Q(category_id__in=categories) | Q(category__isnull=True))
        & (Q(area_id__in=areas) | Q(area__isnull=True))
    )

    def specificity(rule: RoutingRule):
        cat = categories.index(rule.category_id) if rule.category_id else len(categories)
        where = areas.index(rule.area_id) if rule.area_id else len(areas)
        return (cat, where)

    candidates = list(candidates)
    if not candidates:
        raise RuleError(NO_RULE)
    return min(candidates, key=specificity)


def check_area(area: Area | None) -> None:
    if area is None or area.level != Area.Level.BUURT:
        raise RuleError("Kies de buurt waar de melding over gaat.", field="area")


def record(signal: Signal, kind: str, user=None, text: str = "", **fields) -> SignalEvent:
    return SignalEvent.objects.create(
        signal=signal, kind=kind, recorded_by=user, text=text, **fields
    )


def report(
    *,
    category: Category,
    area: Area,
    description: str,
    channel: str,
    user=None,
    reported_at: datetime.datetime | None = None,
    status_token: str | None = None,
    **fields,
) -> Signal:
    """A new signal: numbered, routed, with its term. `status_token` (the reporter's
    private link) is stored as a hash. Other model fields pass through `fields`."""
    check_area(area)
    if not category.active:
        raise RuleError("Deze categorie is niet meer in gebruik.", field="category")
    if len(description or "") > DESCRIPTION_MAX:
        raise RuleError(
            f"De omschrijving is te lang: hoogstens {DESCRIPTION_MAX} tekens.",
            field="description",
        )
    reported_at = reported_at or timezone.now()
    with transaction.atomic():
        rule = route(category, area)
        signal = Signal(
            number=next_number(timezone.localtime(reported_at).year),
            category=category,
            area=area,
            description=description or "",
            channel=channel,
            reported_at=reported_at,
            due_at=reported_at + datetime.timedelta(days=category.term_days),
            organisation=rule.organisation,
            team=rule.team,
            status_token_hash=token_hash(status_token) if status_token else "",
            **fields,
        )
        signal.full_clean(exclude=["number", "due_at"])
        signal.save()
        record(
            signal,
            SignalEvent.Kind.STATUS,
            user,
            f"Gemeld via {signal.get_channel_display().lower()}; "
            f"doorgestuurd naar {rule.organisation}" + (f" ({rule.team})" if rule.team else ""),
            to_status=Status.GEMELD,
        )
    return signal


def new_status_token() -> str:
    return secrets.token_urlsafe(24)


def transition(
    signal: Signal,
    new_status: str,
    *,
    user=None,
    reason: str = "",
    partner=None,
    by_reporter: bool = False,
) -> Signal:
    """Change the status along the state machine, with the row locked; record who and why.

    Passing on (doorgezet) names the partner organisation; closing sets closed_at;
    reopening counts. A closed signal's term is not restarted by reopening it.
    """
    with transaction.atomic():
        locked = Signal.objects.select_for_update().get(pk=signal.pk)
        if not states.allowed(locked.status, new_status):
            raise RuleError(
                f"Een melding met status '{locked.get_status_display().lower()}' kan niet "
                f"naar '{Status(new_status).label.lower()}'.",
                field="status",
            )
        if new_status == Status.DOORGEZET:
            if partner is None:
                raise RuleError("Kies de partner om de melding aan door te zetten.", "partner")
            if partner.pk == locked.organisation_id:
                raise RuleError(
                    "Doorzetten gaat naar een andere organisatie dan de behandelende.",
                    field="partner",
                )
            locked.partner = partner
        if new_status in (Status.GEANNULEERD, Status.HEROPEND) and not (reason or "").strip():
            raise RuleError("Geef een reden.", field="reason")
        old = locked.status
        locked.status = new_status
        if new_status in states.CLOSED:
            locked.closed_at = timezone.now()
        elif old in states.CLOSED:
            # The reporter's last answer stays (the figures count it); feedback.py allows a
            # new one after the next closing.
            locked.closed_at = None
        if new_status == Status.HEROPEND:
            locked.reopened_count += 1
        locked.save()
        text = reason
        if new_status == Status.DOORGEZET:
            text = f"Doorgezet naar {partner}" + (f": {reason}" if reason else "")
        record(
            locked,
            SignalEvent.Kind.STATUS,
            user,
            text,
            from_status=old,
            to_status=new_status,
            by_reporter=by_reporter,
        )
    signal.refresh_from_db()
    return signal
