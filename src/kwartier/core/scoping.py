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
# Partners may open single residents a consent in force allows. Volunteers see residents
# only through their own matches (support app), which show no more than the match needs;
# the gemeente never sees a single resident.
CAN_VIEW_PERSONS = CAN_EDIT_PERSONS | {"partner"}


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
        sources = _ROLE_SCOPES.get(user.role, [])
        if not sources:
            return self.none()  # e.g. the gemeente: never a single resident
        condition = models.Q()
        for person_ids in sources:
            condition |= models.Q(**{f"{self.model.scope_person_path}__in": person_ids(user)})
        return self.filter(condition)


# Roles outside the registering organisation reach single residents only through what
# other modules record: a consent (privacy) for a partner, a match (support) for a
# volunteer. Each module registers, in its AppConfig.ready(), a function that gives the
# ids of the residents a user may see: fn(user) -> queryset of person ids.
_ROLE_SCOPES: dict[str, list] = {}


def register_person_scope(role: str, person_ids) -> None:
    if person_ids not in _ROLE_SCOPES.setdefault(role, []):
        _ROLE_SCOPES[role].append(person_ids)


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
