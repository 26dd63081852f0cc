"""Who may read and record a resident's measurements (metingen): one place for pages and API.

- beheerder, coördinator, wijkwerker: read and record the measurements of residents
  they find in `Person.objects.visible_to(user)` (own organisation, own area); else 404.
- partner: read only, and only for residents whose consent for the partner's
  organisation covers the category "metingen"; without it 403, out of scope 404.
- vrijwilliger, gemeente: 403. Scores are sensitive (loneliness, carer burden).

The organisation's scoring settings are chosen by its coördinator and beheerder only.

Every refusal is written to the access log as denied.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kwartier.core.access.grants import grant_for
from kwartier.core.access.log import log_denied
from kwartier.core.access.roles import MANAGERS, WORKERS
from kwartier.core.models import Person
from kwartier.privacy.models import Consent

from .models import Measurement

CATEGORY = "metingen"  # privacy DataCategory code, also the access log's object type
READ_ROLES = WORKERS | {"partner"}
WRITE_ROLES = WORKERS
SETTINGS_ROLES = MANAGERS  # choose the organisation's scoring rules
PUBLIC_ID_LENGTH = 12  # Person.public_id's max_length
MAX_ID = 2**63 - 1  # larger ids cannot exist (and SQLite cannot even compare them)

ROLE_REFUSED = "U heeft met deze rol geen toegang tot metingen van bewoners."
WRITE_REFUSED = "Met deze rol kunt u geen metingen vastleggen of herberekenen."
CONSENT_REFUSED = "De toestemming van deze bewoner omvat de metingen niet."
NOT_FOUND = "Geen bewoner met dit kenmerk in uw bereik."
SETTINGS_REFUSED = (
    "Alleen coördinatoren en beheerders kunnen de instellingen van de meetinstrumenten wijzigen."
)


def can_read(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in READ_ROLES


def can_write(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in WRITE_ROLES


def can_configure(user) -> bool:
    """May choose the scoring rules of the user's own organisation."""
    return (
        getattr(user, "is_authenticated", False)
        and user.role in SETTINGS_ROLES
        and user.organisation_id is not None
    )


def may_read_person(user, person, grant=None) -> bool:
    """`person` is already in the user's scope; does the role or the consent cover metingen?"""
    if not can_read(user):
        return False
    grant = grant if grant is not None else grant_for(user, person)
    return grant is not None and grant.allows(CATEGORY)


def persons_with_measurements_for(user):
    """The residents whose measurements `user` may see, as a queryset."""
    if not can_read(user):
        return Person.objects.none()
    persons = Person.objects.visible_to(user)
    if user.role in WRITE_ROLES:
        return persons.filter(organisation_id=user.organisation_id)
    consented = Consent.objects.valid().filter(
        organisation_id=user.organisation_id, categories__code=CATEGORY
    )
    return persons.filter(pk__in=consented.values("person_id"))


def measurements_for(user):
    """Every measurement `user` may see (the API's list and detail queryset)."""
    return Measurement.objects.filter(person__in=persons_with_measurements_for(user))


def plausible_public_id(public_id: str) -> bool:
    """A kenmerk fits the column; anything else cannot exist and is not looked up."""
    return 0 < len(public_id) <= PUBLIC_ID_LENGTH and public_id.isprintable()


def resident_for(request, public_id, *, write: bool) -> Person:
    """The resident whose measurements `request.user` opens, or a logged 403/404."""
    user = request.user
    public_id = str(public_id)
    requested = public_id if plausible_public_id(public_id) else "ongeldig"
    allowed = can_write(user) if write else can_read(user)
    if not allowed:
        log_denied(request, CATEGORY, requested)
        raise PermissionDenied(WRITE_REFUSED if can_read(user) else ROLE_REFUSED)
    person = None
    if plausible_public_id(public_id):
        person = (
            Person.objects.visible_to(user)
            .select_related("organisation")
            .filter(public_id=public_id)
            .first()
        )
    if person is None:
        log_denied(request, CATEGORY, requested)
        raise Http404(NOT_FOUND)
    if not may_read_person(user, person):
        log_denied(request, CATEGORY, requested)
        raise PermissionDenied(CONSENT_REFUSED)
    return person


def measurement_for(request, person, pk) -> Measurement:
    """One measurement of this resident, or a logged 404."""
    measurement = None
    if 0 < int(pk) <= MAX_ID:
        measurement = Measurement.objects.filter(person=person, pk=pk).first()
    if measurement is None:
        log_denied(request, CATEGORY, str(pk)[:60])
        raise Http404("Deze meting hoort niet bij deze bewoner.")
    return measurement
