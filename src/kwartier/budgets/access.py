"""Who may do what with one bewonersbudget round: the rules that depend on the round.

Nothing here is about single residents: rounds, initiatives (of groups of residents) and
anonymous ballots are public information of a neighbourhood. So every signed-in user reads
rounds, reviewed initiatives and, once voting is over, the results. What differs is work,
declared by role on the pages and viewsets (core/access/roles.py) and narrowed here to the
round's own organisation:
- coordinator and beheerder (MANAGERS) of the round's organisation run it (settings,
  phases, review; creating and importing rounds is for them too);
- a wijkwerker of that organisation (WORKERS) enters initiatives, their consultation
  record, execution and effects;
- the gemeente (FUNDER) reads everything, also initiatives still under review (it funds
  the budget);
- partner and vrijwilliger, and workers of other organisations, read the public part only.
"""

from __future__ import annotations

from kwartier.core.access.roles import FUNDER, MANAGERS, WORKERS, has_role


def _member(user, round) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.organisation_id
        and user.organisation_id == round.organisation_id
    )


def can_run(user, round) -> bool:
    """Change the round's settings and phase, review initiatives."""
    return _member(user, round) and user.role in MANAGERS


def can_help(user, round) -> bool:
    """Enter initiatives, their consultation record, execution updates and effects."""
    return _member(user, round) and user.role in WORKERS


def sees_unreviewed(user, round) -> bool:
    """Initiatives still under review are internal: for the organisation and the gemeente."""
    return can_help(user, round) or has_role(user, FUNDER)


def visible_initiatives(user, round):
    """The initiatives of `round` the user may see."""
    from .models import Initiative

    initiatives = round.initiatives.all()
    if not sees_unreviewed(user, round):
        initiatives = initiatives.exclude(status=Initiative.Status.INGEDIEND)
    return initiatives
