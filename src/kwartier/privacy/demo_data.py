"""Consents and access-log history for the demo municipality (called by `kwartier demo`).

Deterministic: everything is drawn from the given random.Random and dated back from
`reference` (the day the demo's activity leads up to), so the same seed and day give the
same consents and log.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from kwartier.core.access.grants import OWN_DOSSIER_BASIS
from kwartier.core.access.log import AccessLogEntry
from kwartier.core.models import Organisation

from .access import CONSENT_BASIS
from .models import Consent, DataCategory, Purpose

PARTNER_ORGANISATION = "Woonstichting Waardewonen"
GP_PRACTICE = "Huisartsenpraktijk De Markt"


def seed_demo(rng: random.Random, demo) -> dict:
    """Create consents (in force, withdrawn, expired) and a plausible access log; `demo` is
    a kwartier.demo.context.DemoContext."""
    reference = demo.today
    residents = list(demo.persons.filter(household__isnull=False).order_by("public_id"))
    if not residents:
        return {"consents": 0, "log": 0}
    users = {u.username: u for u in get_user_model().objects.filter(organisation__isnull=False)}
    consents = _consents(rng, reference, residents, users["coordinator"])
    log = _access_log(rng, reference, residents, users, consents)
    return {"consents": len(consents), "log": log}


def _consents(rng, reference, residents, coordinator) -> list[Consent]:
    partner = Organisation.objects.get(name=PARTNER_ORGANISATION)
    practice = Organisation.objects.get(name=GP_PRACTICE)
    purposes = {p.code: p for p in Purpose.objects.all()}
    categories = {c.code: c for c in DataCategory.objects.all()}
    plans = [
        # (how many, organisation, purpose, categories, state)
        (30, partner, "doorverwijzing", ["contact"], "geldig"),
        (10, partner, "casusoverleg", ["contact", "hulpvraag"], "geldig"),
        (5, partner, "doorverwijzing", ["contact"], "ingetrokken"),
        (5, partner, "doorverwijzing", ["contact"], "verlopen"),
        (12, practice, "terugkoppeling-verwijzer", ["hulpvraag", "metingen"], "geldig"),
    ]
    chosen = rng.sample(residents, sum(plan[0] for plan in plans))
    created = []
    for count, organisation, purpose, codes, state in plans:
        for person in chosen[:count]:
            start = reference - timedelta(days=rng.randint(20, 300))
            consent = Consent.objects.create(
                person=person,
                organisation=organisation,
                purpose=purposes[purpose],
                valid_from=start,
                valid_until=reference - timedelta(days=5) if state == "verlopen" else None,
                obtained=rng.choice(Consent.Obtained.values),
                recorded_by=coordinator,
            )
            consent.categories.set([categories[c] for c in codes])
            if state == "ingetrokken":
                moment = _moment(reference - timedelta(days=rng.randint(1, 15)), rng)
                Consent.objects.filter(pk=consent.pk).update(
                    withdrawn_at=moment, withdrawn_by=coordinator
                )
            created.append(consent)
        chosen = chosen[count:]
    return created


def _access_log(rng, reference, residents, users, consents) -> int:
    worker, coordinator, partner = users["wijkwerker"], users["coordinator"], users["partner"]
    area_ids = worker.buurt_ids()
    in_area = [p for p in residents if p.household.buurt_id in area_ids] or residents
    shared = [c for c in consents if c.organisation_id == partner.organisation_id]
    entries = []
    for day in range(60, 0, -1):
        when = reference - timedelta(days=day)
        if when.weekday() >= 5:
            continue  # nobody works on the dossiers in the weekend
        for _ in range(rng.randint(2, 6)):
            person = rng.choice(in_area)
            entries.append(_entry(worker, person, "read", OWN_DOSSIER_BASIS, when, rng))
        entries.append(_entry(coordinator, None, "search", "", when, rng, detail="25 resultaten"))
        if shared and rng.random() < 0.4:
            consent = rng.choice(shared)
            entries.append(
                _entry(partner, consent.person, "read", CONSENT_BASIS, when, rng, consent)
            )
    # One attempt outside the partner's scope, shown as denied.
    outsider = next(p for p in residents if p.pk not in {c.person_id for c in shared})
    entries.append(
        _entry(partner, outsider, "read", "", reference - timedelta(days=3), rng, denied=True)
    )
    AccessLogEntry.objects.bulk_create(entries)
    return len(entries)


def _entry(user, person, action, basis, day, rng, consent=None, detail="", denied=False):
    return AccessLogEntry(
        at=_moment(day, rng),
        user_id=user.pk,
        username=user.username,
        role=user.role,
        organisation_id=user.organisation_id,
        organisation_name=str(user.organisation),
        person_public_id=person.public_id if person else "",
        object_type="bewoner",
        object_id=person.public_id if person else "",
        action=action,
        legal_basis=basis,
        consent_id=consent.pk if consent else None,
        access_point="GET person-detail" if person else "GET person-list",
        result="denied" if denied else "allowed",
        detail=detail or ("buiten bereik of onbekend" if denied else ""),
    )


def _moment(day: date, rng) -> datetime:
    minutes = rng.randint(8 * 60 + 30, 17 * 60)
    return timezone.make_aware(datetime.combine(day, time(minutes // 60, minutes % 60)))


def delete_demo_data(org_ids, area_ids) -> None:
    """Nothing of its own to remove: consents go with their residents, and the access log
    is append-only and names residents only by their pseudonymous kenmerk."""
