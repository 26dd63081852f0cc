"""The worker's start page for vraag en aanbod."""

from __future__ import annotations

from django.db.models import Count
from django.views.generic import TemplateView

from kwartier.core.access.log import (
    log_search,
)
from kwartier.core.access.roles import MANAGERS

from ..models import (
    WAITING_STATUSES,
    Helper,
    HelpRequest,
    Match,
    MatchRun,
)
from .base import REQUEST, RoleMixin

# Overview ------------------------------------------------------------------------------


class Overview(RoleMixin, TemplateView):
    """The worker's start for vraag en aanbod: waiting, follow-up due, helpers at capacity."""

    template_name = "support/overview.html"
    log_object_type = REQUEST

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        requests = HelpRequest.objects.visible_to(user)
        counts = dict(requests.values_list("status").annotate(n=Count("pk")))
        context["status_counts"] = [
            (status, label, counts.get(status, 0)) for status, label in HelpRequest.Status.choices
        ]
        context["waiting"] = list(
            requests.filter(status__in=WAITING_STATUSES)
            .select_related("person__household__buurt", "category")
            .order_by("registered_on", "pk")[:10]
        )
        context["followup_due"] = list(
            Match.objects.visible_to(user)
            .followup_due()
            .select_related("request__person", "request__category", "helper")
            .order_by("followup_due_on", "pk")
        )
        helpers = Helper.objects.visible_to(user).filter(active=True).with_load()
        context["helpers_at_capacity"] = [h for h in helpers if h.load_warning()]
        context["recent_runs"] = MatchRun.objects.visible_to(user).select_related("area")[:5]
        context["can_manage_capacity"] = user.role in MANAGERS
        log_search(self.request, REQUEST, len(context["waiting"]) + len(context["followup_due"]))
        return context
