"""The roles and the named sets of roles that may do something, each defined once.

Views and viewsets declare which of these sets may use them (`required_roles`); the gate
in `pages.py` and the permission in `api.py` check the declaration. A module that needs a
new capability adds a set here, named after what it allows, instead of writing role names.
"""

from django.db import models


class Role(models.TextChoices):
    BEHEERDER = "beheerder", "Beheerder"
    COORDINATOR = "coordinator", "Coördinator"
    WIJKWERKER = "wijkwerker", "Wijkwerker"
    VRIJWILLIGER = "vrijwilliger", "Vrijwilliger"
    PARTNER = "partner", "Partner"
    GEMEENTE = "gemeente", "Gemeente"


def roles(*members: str) -> frozenset[str]:
    return frozenset(members)


EVERYONE = roles(*Role.values)
# Run the organisation: all its dossiers, its rounds and settings, the access log and the
# data-subject requests.
MANAGERS = roles(Role.BEHEERDER, Role.COORDINATOR)
# Work with the dossiers of their own organisation (a wijkwerker within their areas).
WORKERS = MANAGERS | {Role.WIJKWERKER}
AREA_BOUND = roles(Role.WIJKWERKER)
# Open single residents: workers their own dossiers, partners what a consent allows.
DOSSIER_READERS = WORKERS | {Role.PARTNER}
# Workers and the funder, who sees figures but never a single resident.
WORKERS_AND_FUNDER = WORKERS | {Role.GEMEENTE}
# Take part in trajectories: workers, the volunteer on the trajectory, a referring partner.
TRAJECTORY_MEMBERS = WORKERS | {Role.VRIJWILLIGER, Role.PARTNER}
FUNDER = roles(Role.GEMEENTE)
VOLUNTEERS = roles(Role.VRIJWILLIGER)
PARTNERS = roles(Role.PARTNER)
# Do the work with a resident: workers, and the volunteer on a trajectory or a match.
WORKERS_AND_VOLUNTEERS = WORKERS | VOLUNTEERS
# See referral figures (counts, never a resident): both sides of a referral and the funder.
REFERRAL_FIGURE_READERS = DOSSIER_READERS | FUNDER
# Handle signals: workers those of their organisation, a partner what was routed to it.
SIGNAL_HANDLERS = WORKERS | PARTNERS
# See signal figures (counts per category, buurt and month, never a reporter).
SIGNAL_FIGURE_READERS = WORKERS | FUNDER


def has_role(user, allowed) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role in allowed)


def can_view_persons(user) -> bool:
    return has_role(user, DOSSIER_READERS)


def can_edit_persons(user) -> bool:
    return has_role(user, WORKERS)


def can_edit_organisations(user) -> bool:
    return has_role(user, MANAGERS)


def can_edit_activity(user, activity=None) -> bool:
    """Workers keep the sociale kaart up to date; a partner edits its own entries."""
    if has_role(user, WORKERS):
        return True
    if has_role(user, PARTNERS) and user.organisation_id:
        return activity is None or activity.organisation_id == user.organisation_id
    return False


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def roles_for(declared, method: str, action: str | None = None) -> frozenset[str]:
    """The roles a view's `required_roles` admits for this request.

    A view declares one set for every method, or a dict: an entry per action name
    (viewset actions), else "read" for GET/HEAD/OPTIONS and "write" for the rest.
    A dict without "write" admits nobody to write.
    """
    if not isinstance(declared, dict):
        return frozenset(declared)
    if action and action in declared:
        return frozenset(declared[action])
    return frozenset(declared.get("read" if method in SAFE_METHODS else "write", ()))
