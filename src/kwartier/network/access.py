"""What of a resident's ecogram a user may see, beyond the access layer's grant.

Who may open an ecogram is declared on the views (`required_roles`, data category
"netwerk"): workers read and change the ecograms of their own dossiers, a partner reads
one under a consent that covers the network; volunteers and the gemeente never see it.
"""

from kwartier.core.access.grants import grant_for
from kwartier.core.access.lookup import MAX_ID, record_for

from .models import CATEGORY, NOTE_CATEGORY

__all__ = ["MAX_ID", "may_see_notes", "tie_for"]


def tie_for(request, person, pk):
    """One tie of this resident's ecogram, or a logged 404."""
    ties = person.ties.select_related("contact_person", "contact_organisation")
    message = "Dit contact staat niet in het netwerk van deze bewoner."
    return record_for(request, ties, pk, log_as=CATEGORY, message=message, person=person)


def may_see_notes(user, person) -> bool:
    grant = grant_for(user, person)
    return grant is not None and grant.allows(NOTE_CATEGORY)
