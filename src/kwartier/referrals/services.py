"""Every change of a referral goes through here: submit, accept, decline.

Accepting links the referral to a resident of the receiving organisation (an existing
one or a new registration), turns the consents the referrer recorded into
privacy.Consent rows for that resident, and starts the trajectory — all in one
transaction, with the referral row locked so two workers cannot both decide. A change
that is not allowed raises core's RuleError (Dutch, with the field it is about, if any).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kwartier.core.errors import RuleError
from kwartier.core.models import Household, Person, normalise_postcode
from kwartier.privacy.models import MINOR_AGE, Consent, DataCategory, Purpose

from . import feedback
from .models import (
    FEEDBACK_PURPOSE,
    INTAKE_CATEGORIES,
    INTAKE_PURPOSE,
    OUTCOME_CATEGORY,
    PRIVACY_NAMES,
    PROGRESS_CATEGORY,
    Referral,
)


def check_intake(data: dict, today: datetime.date | None = None) -> dict[str, str]:
    """Errors (field → Dutch message) in a referral's data; shared by the form and the API."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    birth_year = data.get("birth_year")
    if birth_year is not None and not 1900 <= birth_year <= today.year:
        errors["birth_year"] = f"Vul een geboortejaar tussen 1900 en {today.year} in."
    elif (
        birth_year is not None
        and today.year - birth_year < MINOR_AGE
        and not (data.get("representative") or "").strip()
    ):
        errors["representative"] = (
            "De bewoner is jonger dan 12 jaar: vul de wettelijk vertegenwoordiger in "
            "die toestemming gaf."
        )
    has_address = bool(data.get("postcode")) and data.get("house_number") is not None
    if not has_address and not (data.get("phone") or "").strip():
        errors["phone"] = "Vul een adres (postcode en huisnummer) of een telefoonnummer in."
    if bool(data.get("postcode")) != (data.get("house_number") is not None):
        errors.setdefault(
            "house_number" if data.get("postcode") else "postcode",
            "Vul postcode en huisnummer allebei in, of allebei niet.",
        )
    consent_on = data.get("consent_on")
    if consent_on is not None and consent_on > today:
        errors["consent_on"] = "De datum van de toestemming ligt in de toekomst."
    organisation, method = data.get("organisation"), data.get("method")
    if organisation is not None and method is not None:
        if method.organisation_id and method.organisation_id != organisation.pk:
            errors["method"] = "Deze methode wordt niet door die organisatie uitgevoerd."
        elif not method.is_current:
            errors["method"] = "Kies de huidige versie van de methode."
    return errors


@transaction.atomic
def submit(user, data: dict) -> Referral:
    """A referral from `user`'s organisation; `data` was checked by the form or serializer."""
    if data.get("postcode"):
        data = {**data, "postcode": normalise_postcode(data["postcode"])}
    return Referral.objects.create(
        **data,
        referrer_organisation_id=user.organisation_id,
        referred_by=user,
        status=Referral.Status.NIEUW,
        received_on=timezone.localdate(),
    )


def candidates(referral: Referral, user):
    """Residents the worker sees who may be this one: same family name and birth year,
    and the same postcode when the referral has one."""
    matches = Person.objects.visible_to(user).filter(
        Q(birth_year=referral.birth_year) | Q(birth_date__year=referral.birth_year),
        organisation_id=referral.organisation_id,
        family_name__iexact=referral.family_name.strip(),
    )
    if referral.postcode:
        matches = matches.filter(household__postcode=referral.postcode)
    return matches.select_related("household").order_by("given_name", "pk")


def _locked(referral: Referral) -> Referral:
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status != Referral.Status.NIEUW:
        raise RuleError(
            f"Over deze verwijzing is al besloten ({locked.get_status_display().lower()})."
        )
    return locked


def _check_day(referral: Referral, on: datetime.date, field: str) -> None:
    if on > timezone.localdate():
        raise RuleError("De datum ligt in de toekomst.", field=field)
    if on < referral.received_on:
        raise RuleError(
            f"De datum ligt vóór de ontvangst van de verwijzing ({referral.received_on:%d-%m-%Y}).",
            field=field,
        )


def register_resident(referral: Referral, user, address: dict | None = None) -> Person:
    """A new resident of the receiving organisation from the referral's data.

    The household is the organisation's existing one at that address, else a new one
    when `address` completes it (street, city, buurt); without an address the resident
    is registered without a household, as for any registration by phone.
    """
    household = None
    if referral.postcode and referral.house_number:
        household = Household.objects.filter(
            organisation_id=referral.organisation_id,
            postcode=referral.postcode,
            house_number=referral.house_number,
            house_number_suffix=referral.house_number_suffix,
        ).first()
        if household is None and address and address.get("street"):
            household = Household.objects.create(
                organisation_id=referral.organisation_id,
                street=address["street"],
                house_number=referral.house_number,
                house_number_suffix=referral.house_number_suffix,
                postcode=referral.postcode,
                city=address["city"],
                buurt=address["buurt"],
            )
    return Person.objects.create(
        organisation_id=referral.organisation_id,
        given_name=referral.given_name,
        infix=referral.infix,
        family_name=referral.family_name,
        birth_year=referral.birth_year,
        phone=referral.phone,
        household=household,
    )


def _consent(referral, person, organisation_id, purpose, categories, user) -> Consent:
    consent = Consent.objects.create(
        person=person,
        organisation_id=organisation_id,
        purpose=Purpose.objects.get_or_create(
            code=purpose, defaults={"name": PRIVACY_NAMES[purpose]}
        )[0],
        valid_from=referral.consent_on,
        obtained=referral.consent_obtained,
        representative=referral.representative,
        note=f"Vastgelegd door de verwijzer bij verwijzing {referral.pk}.",
        recorded_by=user,
    )
    consent.categories.set(
        DataCategory.objects.get_or_create(code=code, defaults={"name": PRIVACY_NAMES[code]})[0]
        for code in categories
    )
    return consent


def feedback_categories(scope: str) -> tuple[str, ...]:
    if scope == Referral.FeedbackScope.UITKOMST:
        return (PROGRESS_CATEGORY, OUTCOME_CATEGORY)
    if scope == Referral.FeedbackScope.VERLOOP:
        return (PROGRESS_CATEGORY,)
    return ()


def record_consents(referral: Referral, person: Person, user) -> None:
    """The consents the referrer recorded, now on the resident: sharing the referral with
    the receiving organisation, and (if given) feedback to the referrer."""
    referral.intake_consent = _consent(
        referral, person, referral.organisation_id, INTAKE_PURPOSE, INTAKE_CATEGORIES, user
    )
    categories = feedback_categories(referral.feedback_scope)
    if categories:
        referral.feedback_consent = _consent(
            referral, person, referral.referrer_organisation_id, FEEDBACK_PURPOSE, categories, user
        )


@transaction.atomic
def accept(
    referral: Referral,
    *,
    user,
    started_on: datetime.date,
    worker=None,
    person: Person | None = None,
    address: dict | None = None,
) -> Referral:
    """Accept: link or register the resident, record the consents, start the trajectory."""
    from kwartier.methods.services import start_trajectory

    referral = _locked(referral)
    if referral.anonymised_at is not None:
        raise RuleError(
            "De persoonsgegevens van deze verwijzing zijn gewist: accepteren kan niet meer, "
            "afwijzen wel."
        )
    _check_day(referral, started_on, "started_on")
    if person is None:
        person = register_resident(referral, user, address)
    elif person.organisation_id != referral.organisation_id:
        raise RuleError("Kies een bewoner van de eigen organisatie.", field="person")
    record_consents(referral, person, user)
    trajectory = start_trajectory(
        person,
        referral.method,
        worker or user,
        started_on,
        source=f"verwijzing {referral.referrer_organisation}"[:60],
    )
    referral.person = person
    referral.trajectory = trajectory
    referral.status = Referral.Status.GEACCEPTEERD
    referral.decided_on = started_on
    referral.decided_by = user
    referral.save()
    feedback.record_start(referral)
    return referral


@transaction.atomic
def decline(
    referral: Referral, *, user, reason: str, note: str = "", on: datetime.date | None = None
) -> Referral:
    """Decline with a reason; the referrer is told (the reason and the note)."""
    referral = _locked(referral)
    if reason not in Referral.DeclineReason.values:
        raise RuleError("Kies een reden van afwijzen.", field="reason")
    note = (note or "").strip()
    if reason == Referral.DeclineReason.ANDERS and not note:
        raise RuleError("Licht de andere reden toe.", field="note")
    on = on or timezone.localdate()
    _check_day(referral, on, "on")
    referral.status = Referral.Status.AFGEWEZEN
    referral.decided_on = on
    referral.decided_by = user
    referral.decline_reason = reason
    referral.decline_note = note[:2000]
    referral.save()
    feedback.record_decline(referral)
    return referral
