"""What a user may see of one resident in scope, and on which legal ground."""

from dataclasses import dataclass

from kwartier.core.scoping import CAN_EDIT_PERSONS

from .models import Consent

ALL_CATEGORIES = frozenset({"contact", "hulpvraag", "netwerk", "metingen", "notities", "traject"})
OWN_DOSSIER_BASIS = "eigen dossier (Wmo-taak, AVG art. 6 lid 1e)"
CONSENT_BASIS = "toestemming (AVG art. 6 lid 1a)"


@dataclass(frozen=True)
class Grant:
    categories: frozenset[str]
    legal_basis: str
    consent_id: int | None = None

    def allows(self, category: str) -> bool:
        return category in self.categories


def consented_persons(user):
    """Ids of residents with a consent in force for the user's organisation (partner scope)."""
    return Consent.objects.valid().filter(organisation_id=user.organisation_id).values("person_id")


def grant_for(user, person) -> Grant | None:
    """The data categories `user` may see of `person` (already found in their scope)."""
    if user.role in CAN_EDIT_PERSONS and person.organisation_id == user.organisation_id:
        return Grant(ALL_CATEGORIES, OWN_DOSSIER_BASIS)
    if user.role == "partner" and user.organisation_id:
        consents = list(
            Consent.objects.valid()
            .filter(person=person, organisation_id=user.organisation_id)
            .prefetch_related("categories")
        )
        if consents:
            categories = frozenset(c.code for consent in consents for c in consent.categories.all())
            return Grant(categories, CONSENT_BASIS, consents[0].pk)
    return None
