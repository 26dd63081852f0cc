"""Who may do what with bewonersbudgetten.

Nothing here is about single residents: rounds, initiatives (of groups of residents) and
anonymous ballots are public information of a neighbourhood. So every signed-in user reads
rounds, reviewed initiatives and, once voting is over, the results. What differs is work:
- coordinator and beheerder of the round's organisation run it (settings, phases, review,
  import, export while it runs);
- a wijkwerker of that organisation enters initiatives, their consultation record, execution
  and effects;
- the gemeente reads everything, also initiatives still under review (it funds the budget);
- partner and vrijwilliger, and workers of other organisations, read the public part only.
"""

from __future__ import annotations

RUNNERS = frozenset({"beheerder", "coordinator"})
HELPERS = RUNNERS | {"wijkwerker"}


def _member(user, round) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.organisation_id
        and user.organisation_id == round.organisation_id
    )


def can_create_rounds(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role in RUNNERS)


def can_run(user, round) -> bool:
    """Change the round's settings and phase, review initiatives, import and export."""
    return _member(user, round) and user.role in RUNNERS


def can_help(user, round) -> bool:
    """Enter initiatives, their consultation record, execution updates and effects."""
    return _member(user, round) and user.role in HELPERS


def sees_unreviewed(user, round) -> bool:
    """Initiatives still under review are internal: for the organisation and the gemeente."""
    return can_help(user, round) or getattr(user, "role", None) == "gemeente"


def visible_initiatives(user, round):
    """The initiatives of `round` the user may see."""
    from .models import Initiative

    initiatives = round.initiatives.all()
    if not sees_unreviewed(user, round):
        initiatives = initiatives.exclude(status=Initiative.Status.INGEDIEND)
    return initiatives
