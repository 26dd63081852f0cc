"""What is specific to measurements (metingen) on top of the access layer (core/access).

Who may open what is declared on the views (`required_roles`, data category "metingen"):
workers read and record the measurements of their own dossiers, a partner reads them
under a consent in force that covers "metingen"; volunteers and the gemeente never see
them (scores are sensitive: loneliness, carer burden). The organisation's scoring
settings are chosen by its coördinator and beheerder (`MANAGERS`).

Here: the measurements a user may see as querysets (the API's lists, the resident
field), one measurement of a resident, and the refusals in words.
"""

from kwartier.core.access.grants import grant_for
from kwartier.core.access.lookup import record_for
from kwartier.core.access.roles import DOSSIER_READERS, PARTNERS, WORKERS, has_role
from kwartier.core.models import Person
from kwartier.privacy.models import Consent

from .models import Measurement

CATEGORY = "metingen"  # privacy DataCategory code, also the access log's object type

ROLE_REFUSED = "U heeft met deze rol geen toegang tot metingen van bewoners."
WRITE_REFUSED = "Met deze rol kunt u geen metingen vastleggen of herberekenen."
SETTINGS_REFUSED = (
    "Alleen coördinatoren en beheerders kunnen de instellingen van de meetinstrumenten wijzigen."
)


def may_read_person(user, person, grant=None) -> bool:
    """`person` is already in the user's scope; does the user's grant cover metingen?"""
    if not has_role(user, DOSSIER_READERS):
        return False
    grant = grant if grant is not None else grant_for(user, person)
    return grant is not None and grant.allows(CATEGORY)


def persons_with_measurements_for(user):
    """The residents whose measurements `user` may see, as a queryset."""
    persons = Person.objects.visible_to(user)  # a worker's: their own organisation's
    if has_role(user, WORKERS):
        return persons
    if has_role(user, PARTNERS):
        consented = Consent.objects.valid().filter(
            organisation_id=user.organisation_id, categories__code=CATEGORY
        )
        return persons.filter(pk__in=consented.values("person_id"))
    return Person.objects.none()


def measurements_for(user):
    """Every measurement `user` may see (the API's list and detail queryset)."""
    return Measurement.objects.filter(person__in=persons_with_measurements_for(user))


def measurement_for(request, person, pk) -> Measurement:
    """One measurement of this resident, or a logged 404."""
    measurements = Measurement.objects.filter(person=person)
    message = "Deze meting hoort niet bij deze bewoner."
    return record_for(request, measurements, pk, log_as=CATEGORY, message=message, person=person)
