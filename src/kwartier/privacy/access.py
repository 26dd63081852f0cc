"""The consent grant: what a partner organisation may see of a resident, registered as
the partner role's grant provider in core's access layer (privacy/apps.py)."""

from kwartier.core.access.grants import Grant

from .models import Consent

CONSENT_BASIS = "toestemming (AVG art. 6 lid 1a)"


def consented_persons(user):
    """Ids of residents with a consent in force for the user's organisation (partner scope)."""
    return Consent.objects.valid().filter(organisation_id=user.organisation_id).values("person_id")


def consent_grant(user, person) -> Grant | None:
    """The categories the consents in force for the user's organisation cover (read only)."""
    if not user.organisation_id:
        return None
    consents = list(
        Consent.objects.valid()
        .filter(person=person, organisation_id=user.organisation_id)
        .prefetch_related("categories")
    )
    if not consents:
        return None
    categories = frozenset(c.code for consent in consents for c in consent.categories.all())
    return Grant(categories, CONSENT_BASIS, consents[0].pk)
