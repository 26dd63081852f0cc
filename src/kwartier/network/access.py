"""Who may read and change a resident's ecogram: one function for pages and API.

- beheerder, coördinator, wijkwerker: read and change the ecogram of a resident they
  find in `Person.objects.visible_to(user)` (own organisation, own area); else 404.
- partner: read only, and only when the resident's consent for the partner's
  organisation covers the category "netwerk"; without it 403, out of scope 404.
- vrijwilliger, gemeente: 403. A volunteer's match does not open the network map and
  the gemeente never sees a single resident.

Every refusal is written to the access log as denied.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kwartier.core.models import Person
from kwartier.core.scoping import CAN_EDIT_PERSONS
from kwartier.privacy.access import grant_for
from kwartier.privacy.audit import Action, Result, access_point_of, log_access
from kwartier.privacy.logged import log_denied

from .models import CATEGORY, NOTE_CATEGORY

READ_ROLES = CAN_EDIT_PERSONS | {"partner"}
WRITE_ROLES = CAN_EDIT_PERSONS
PUBLIC_ID_LENGTH = 12  # Person.public_id's max_length
MAX_ID = 2**63 - 1  # larger ids cannot exist (and SQLite cannot even compare them)

ROLE_REFUSED = "U heeft met deze rol geen toegang tot het netwerk van bewoners."
WRITE_REFUSED = "Met deze rol kunt u het netwerk van een bewoner niet wijzigen."
CONSENT_REFUSED = "De toestemming van deze bewoner omvat het netwerk niet."


def can_read(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in READ_ROLES


def can_write(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in WRITE_ROLES


def _plausible(public_id: str) -> bool:
    """A kenmerk fits the column; anything else cannot exist and is not looked up."""
    return 0 < len(public_id) <= PUBLIC_ID_LENGTH and public_id.isprintable()


def resident_for(request, public_id: str, *, write: bool) -> Person:
    """The resident whose ecogram `request.user` opens, or a logged 403/404."""
    user = request.user
    public_id = str(public_id)
    # What the log keeps of the request: at most a kenmerk's length, printable only.
    requested = public_id[:PUBLIC_ID_LENGTH] if _plausible(public_id) else "ongeldig"
    allowed = can_write(user) if write else can_read(user)
    if not allowed:
        log_denied(request, CATEGORY, requested)
        raise PermissionDenied(WRITE_REFUSED if can_read(user) else ROLE_REFUSED)
    person = None
    if _plausible(public_id):
        person = (
            Person.objects.visible_to(user)
            .select_related("organisation")
            .filter(public_id=public_id)
            .first()
        )
    if person is None:
        log_denied(request, CATEGORY, requested)
        raise Http404("Geen bewoner met dit kenmerk in uw bereik.")
    grant = grant_for(user, person)
    if grant is None or not grant.allows(CATEGORY):
        log_denied(request, CATEGORY, requested)
        raise PermissionDenied(CONSENT_REFUSED)
    return person


def tie_for(request, person, pk):
    """One tie of this resident's ecogram, or a logged 404."""
    tie = None
    if 0 < int(pk) <= MAX_ID:
        tie = (
            person.ties.select_related("contact_person", "contact_organisation")
            .filter(pk=pk)
            .first()
        )
    if tie is None:
        log_access(
            request.user,
            action=Action.READ,
            object_type=CATEGORY,
            object_id=str(pk)[:60],
            person_public_id=person.public_id,
            result=Result.DENIED,
            access_point=access_point_of(request),
            detail="contact niet gevonden in dit netwerk",
        )
        raise Http404("Dit contact staat niet in het netwerk van deze bewoner.")
    return tie


def may_see_notes(user, person) -> bool:
    grant = grant_for(user, person)
    return grant is not None and grant.allows(NOTE_CATEGORY)
