"""Which residents a user may see, and what of each: the one place that decides.

A worker sees the dossiers of their own organisation (a wijkwerker within their areas),
with every data category and the right to change them. Other roles reach single
residents only through what another module records, and that module registers a grant
provider for the role in its `AppConfig.ready()`: privacy for partners (a consent in
force), support for volunteers (their own matches). Core imports no other app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .roles import WORKERS

ALL_CATEGORIES = frozenset({"contact", "hulpvraag", "netwerk", "metingen", "notities", "traject"})
OWN_DOSSIER_BASIS = "eigen dossier (Wmo-taak, AVG art. 6 lid 1e)"


@dataclass(frozen=True)
class Grant:
    """What a user may see of one resident, and on which legal ground."""

    categories: frozenset[str]
    legal_basis: str
    consent_id: int | None = None
    write: bool = False  # only the own dossier is changed; a consent lets others read

    def allows(self, category: str, *, write: bool = False) -> bool:
        return category in self.categories and (self.write or not write)


@dataclass(frozen=True)
class GrantProvider:
    # user -> queryset of the ids of the residents the user may open
    person_ids: Callable
    # (user, person) -> Grant or None: what the user may see of one of them
    grant: Callable | None = None


_providers: dict[str, list[GrantProvider]] = {}


def register_grant_provider(role: str, person_ids: Callable, grant: Callable | None = None):
    provider = GrantProvider(person_ids, grant)
    if provider not in _providers.setdefault(role, []):
        _providers[role].append(provider)


def providers_for(role: str) -> list[GrantProvider]:
    return _providers.get(role, [])


def grant_for(user, person) -> Grant | None:
    """The data categories `user` may see of `person` (already found in their scope)."""
    if user.role in WORKERS and person.organisation_id == user.organisation_id:
        return Grant(ALL_CATEGORIES, OWN_DOSSIER_BASIS, write=True)
    for provider in providers_for(user.role):
        grant = provider.grant(user, person) if provider.grant else None
        if grant is not None:
            return grant
    return None
