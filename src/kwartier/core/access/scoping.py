"""Person-level querysets scoped to the user: out of scope means absent.

Views look objects up in `visible_to(user)`, so a record outside it is a 404 and never
shows in a list, count or search. The grants (`grants.py`) decide what a user may see of
a resident found here.
"""

from django.db import models

from .grants import providers_for
from .roles import AREA_BOUND, MANAGERS


class ScopedQuerySet(models.QuerySet):
    """Queryset of a person-level model; the model names its buurt in `scope_buurt_path`
    and its resident in `scope_person_path`."""

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
            return self.none()
        own = self.filter(organisation_id=user.organisation_id)
        if user.role in MANAGERS:
            return own
        if user.role in AREA_BOUND:
            buurt_path = self.model.scope_buurt_path
            # A record without an address stays visible to its organisation's workers,
            # otherwise it would vanish for the worker who just registered it.
            return own.filter(
                models.Q(**{f"{buurt_path}__in": user.buurt_ids()})
                | models.Q(**{f"{buurt_path}__isnull": True})
            )
        providers = providers_for(user.role)
        if not providers:
            return self.none()  # e.g. the gemeente: never a single resident
        condition = models.Q()
        for provider in providers:
            condition |= models.Q(
                **{f"{self.model.scope_person_path}__in": provider.person_ids(user)}
            )
        return self.filter(condition)
