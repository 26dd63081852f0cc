"""What the support app adds to a resident's page: their hulpvragen and a way to record one."""

from __future__ import annotations

from kwartier.core.access.roles import WORKERS, has_role

from .models import HelpRequest


def person_block(request, person, grant) -> dict | None:
    """The resident's hulpvragen this user may see (scoped like the list of hulpvragen:
    the organisation's workers, a partner under a consent covering 'hulpvraag') and, for
    the workers of the resident's organisation, the link to record a new one."""
    user = request.user
    requests = list(
        HelpRequest.objects.visible_to(user)
        .filter(person=person)
        .select_related("category")
        .order_by("-registered_on", "-pk")
    )
    is_worker = has_role(user, WORKERS)
    if not is_worker and not requests:
        return None
    return {
        "person": person,
        "requests": requests,
        "can_open": is_worker,  # the detail page is for workers; a partner sees the list
        "can_create": is_worker and person.organisation_id == user.organisation_id,
    }
