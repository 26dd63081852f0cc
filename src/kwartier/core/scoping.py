"""Who may see which person-level records: one queryset method for every view and API.

A record belongs to the organisation that registered it; another organisation (a
partner) sees it only under a consent in force. Out of scope means absent:
views look objects up in `visible_to(user)`, so a record outside it is a 404 and
never shows in a list, count or search.
"""

from django.db import models

# Roles that work with person-level records of their own organisation.
ORGANISATION_WIDE = {"beheerder", "coordinator"}
AREA_BOUND = {"wijkwerker"}
CAN_EDIT_PERSONS = ORGANISATION_WIDE | AREA_BOUND
# Partners and volunteers may open single residents their scope allows (consent, match);
# the gemeente never sees a single resident.
CAN_VIEW_PERSONS = CAN_EDIT_PERSONS | {"partner", "vrijwilliger"}


class ScopedQuerySet(models.QuerySet):
    """Queryset of a person-level model; the model names its buurt in `scope_buurt_path`."""

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
            return self.none()
        own = self.filter(organisation_id=user.organisation_id)
        if user.role in ORGANISATION_WIDE:
            return own
        if user.role in AREA_BOUND:
            buurt_path = self.model.scope_buurt_path
            # A record without an address stays visible to its organisation's workers,
            # otherwise it would vanish for the worker who just registered it.
            return own.filter(
                models.Q(**{f"{buurt_path}__in": user.buurt_ids()})
                | models.Q(**{f"{buurt_path}__isnull": True})
            )
        if user.role == "partner":
            return self.filter(**{f"{self.model.scope_person_path}__in": consented_persons(user)})
        # Volunteers see only residents they are matched with (support module); the
        # gemeente never sees a single resident.
        return self.none()


def consented_persons(user):
    """Ids of residents with a consent in force for the user's organisation."""
    from kwartier.privacy.models import Consent  # privacy builds on core, so import late

    return Consent.objects.valid().filter(organisation_id=user.organisation_id).values("person_id")


def can_view_persons(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in CAN_VIEW_PERSONS


def can_edit_persons(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in CAN_EDIT_PERSONS


def can_edit_organisations(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in ORGANISATION_WIDE


def can_edit_activity(user, activity=None) -> bool:
    """Workers keep the sociale kaart up to date; a partner edits its own entries."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role in CAN_EDIT_PERSONS:
        return True
    if user.role == "partner" and user.organisation_id:
        return activity is None or activity.organisation_id == user.organisation_id
    return False
