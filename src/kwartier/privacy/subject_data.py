"""The core's personal data in the data-subject registry: person, address, consents, history."""

from kwartier.core.history import history_rows, local_iso
from kwartier.core.models import Household, Person
from kwartier.core.wording import count

from . import subject
from .models import Consent


def _person_fields(person: Person) -> dict:
    return {
        "kenmerk": person.public_id,
        "voornaam": person.given_name,
        "tussenvoegsel": person.infix,
        "achternaam": person.family_name,
        "geboortedatum": person.birth_date.isoformat() if person.birth_date else None,
        "geboortejaar": person.birth_year,
        "telefoon": person.phone,
        "e-mail": person.email,
        "geregistreerd_door": str(person.organisation),
        "aangemaakt": local_iso(person.created_at),
        "gewijzigd": local_iso(person.updated_at),
    }


def _household_fields(household: Household | None) -> dict | None:
    if household is None:
        return None
    return {
        "adres": f"{household.street} {household.house_number}{household.house_number_suffix}",
        "postcode": household.postcode,
        "plaats": household.city,
        "buurt": str(household.buurt),
    }


def export_person(person: Person) -> dict:
    return {
        "bewoner": _person_fields(person),
        "adres": _household_fields(person.household),
        "wijzigingen": history_rows(Person.history.filter(id=person.pk)),
    }


def erase_person(person: Person, dry_run: bool) -> list[str]:
    what = [f"bewoner {person.public_id} met naam, geboortedatum en contactgegevens"]
    history = Person.history.filter(id=person.pk)
    what.append(
        f"{count(history.count(), 'versie', 'versies')} in de wijzigingshistorie van de bewoner"
    )
    household = person.household
    household_goes = household is not None and household.members.exclude(pk=person.pk).count() == 0
    if household_goes:
        what.append("het adres (geen andere bewoners op dit adres) met zijn historie")
    elif household is not None:
        what.append("koppeling aan het adres (andere bewoners blijven op dit adres)")
    if not dry_run:
        person.delete()
        history.delete()
        if household_goes:
            Household.history.filter(id=household.pk).delete()
            household.delete()
    return what


def export_consents(person: Person) -> list[dict]:
    return [
        {
            "doel": str(consent.purpose),
            "organisatie": str(consent.organisation),
            "gegevens": [c.name for c in consent.categories.all()],
            "geldig_vanaf": consent.valid_from.isoformat(),
            "geldig_tot": consent.valid_until.isoformat() if consent.valid_until else None,
            "hoe": consent.get_obtained_display(),
            "status": consent.status,
        }
        for consent in Consent.objects.filter(person=person).select_related(
            "purpose", "organisation"
        )
    ]


def erase_consents(person: Person, dry_run: bool) -> list[str]:
    consents = Consent.objects.filter(person=person)
    what = [count(consents.count(), "toestemming", "toestemmingen")]
    if not dry_run:
        consents.delete()
    return what


def register() -> None:
    subject.register("Toestemmingen", export_consents, erase_consents, order=900)
    subject.register("Bewoner en adres", export_person, erase_person, order=1000)
