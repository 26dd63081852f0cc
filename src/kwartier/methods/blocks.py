"""What the methods app adds to shared pages: the start page, a resident's page and the
multiplier."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from kwartier.core.access.roles import VOLUNTEERS, WORKERS, Role, has_role

from .models import Trajectory

HOME_LIMIT = 10


def home_block(request) -> dict | None:
    """Overdue next actions of the trajectories this user works on (or coordinates)."""
    user = request.user
    mine = Trajectory.objects.visible_to(user)
    if user.role in (Role.WIJKWERKER, Role.BEHEERDER):
        mine = mine.filter(worker=user)
    elif has_role(user, VOLUNTEERS):
        mine = mine.filter(volunteer=user)
    today = timezone.localdate()
    overdue = mine.overdue(today).select_related("person", "method", "current_phase")
    total = overdue.count()
    running = mine.running().count()
    if not running:
        return None
    return {
        "overdue": list(overdue.order_by("next_action_due", "pk")[:HOME_LIMIT]),
        "overdue_total": total,
        "running": running,
        "today": today,
        "is_volunteer": has_role(user, VOLUNTEERS),
    }


def person_block(request, person, grant) -> dict | None:
    """The resident's trajectories the user may see (workers of the organisation, partners
    under a consent covering 'traject')."""
    trajectories = list(
        Trajectory.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("method", "current_phase", "worker")
    )
    is_worker = has_role(request.user, WORKERS)
    if not is_worker and not trajectories:
        return None
    return {
        "person": person,
        "trajectories": trajectories,
        "can_start": is_worker and person.organisation_id == request.user.organisation_id,
    }


def volunteer_trajectories_by_buurt(start, end, organisation_ids=None) -> dict[int, int]:
    """For the multiplier: trajectories carried by volunteers (an assigned advisor or buddy,
    or a method with a volunteer phase) that ran at some time in [start, end], per buurt."""
    trajectories = (
        Trajectory.objects.filter(started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .filter(Q(volunteer__isnull=False) | Q(method__phases__role=Role.VRIJWILLIGER))
        .filter(person__household__isnull=False)
    )
    if organisation_ids is not None:
        trajectories = trajectories.filter(organisation_id__in=organisation_ids)
    return dict(
        trajectories.values_list("person__household__buurt").annotate(n=Count("pk", distinct=True))
    )
