"""Finding one resident (or one record of a resident) for a request, with every refusal
in the access log: the lookup that pages and API share.

Out of scope is a 404 (the resident does not exist for this user); in scope but not
covered by the user's grant (a partner's consent without this data category, or a read
grant used to change something) is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .grants import grant_for
from .log import log_denied

PUBLIC_ID_LENGTH = 12  # Person.public_id's max_length
MAX_ID = 2**63 - 1  # larger ids cannot exist (and SQLite cannot even compare them)
NOT_FOUND = "Geen bewoner met dit kenmerk in uw bereik."
WRITE_REFUSED = "Met deze rol kunt u deze gegevens van een bewoner niet wijzigen."
# What a consent must cover, as a sentence names it.
CATEGORY_PHRASES = {
    "contact": "de contactgegevens",
    "hulpvraag": "de hulpvragen",
    "netwerk": "het netwerk",
    "metingen": "de metingen",
    "notities": "de notities",
    "traject": "de trajecten",
}


def plausible_public_id(public_id) -> bool:
    """A kenmerk fits the column; anything else cannot exist and is not looked up."""
    public_id = str(public_id)
    return 0 < len(public_id) <= PUBLIC_ID_LENGTH and public_id.isprintable()


KEY_LENGTH = 60  # no number, code or kenmerk is longer; the log keeps no more of one


def plausible_pk(pk) -> bool:
    try:
        return 0 < int(str(pk)) <= MAX_ID
    except ValueError:
        return False


def resident_for(request, public_id, *, category: str, write: bool = False, log_as: str = ""):
    """The resident `request.user` opens for data of `category`, or a logged 404/403."""
    from kwartier.core.models import Person

    object_type = log_as or category
    requested = str(public_id) if plausible_public_id(public_id) else "ongeldig"
    person = None
    if requested != "ongeldig":
        person = (
            Person.objects.visible_to(request.user)
            .select_related("organisation")
            .filter(public_id=requested)
            .first()
        )
    if person is None:
        log_denied(request, object_type, requested)
        raise Http404(NOT_FOUND)
    grant = grant_for(request.user, person)
    # Without a category, any grant on the resident will do (e.g. their consents).
    if grant is None or (category and not grant.allows(category)):
        log_denied(request, object_type, requested)
        phrase = CATEGORY_PHRASES.get(category, "deze gegevens")
        raise PermissionDenied(f"De toestemming van deze bewoner omvat {phrase} niet.")
    if write and not grant.write:
        log_denied(request, object_type, requested)
        raise PermissionDenied(WRITE_REFUSED)
    return person


def record_for(
    request, queryset, key, *, log_as: str, message: str, person=None, field: str = "pk"
):
    """One record in `queryset` by database id (or by another unique `field`, such as a
    signal's number), e.g. a tie of this resident's network, or a 404 logged with the
    resident it was asked under."""
    if field == "pk":
        value = int(key) if plausible_pk(key) else None
    else:
        key = str(key)
        value = key if 0 < len(key) <= KEY_LENGTH and key.isprintable() else None
    record = queryset.filter(**{field: value}).first() if value is not None else None
    if record is None:
        log_denied(request, log_as, str(key)[:KEY_LENGTH], detail=message, person=person)
        raise Http404(message)
    return record
