"""The worker's start page for vraag en aanbod."""

from __future__ import annotations

from django.db.models import Count
from django.views.generic import TemplateView

from kwartier.core.access.pages import LoggedListMixin
from kwartier.core.access.roles import MANAGERS

from ..models import WAITING_STATUSES, Helper, HelpRequest, Match, MatchRun
from .base import REQUEST, SupportPage


class Overview(SupportPage, LoggedListMixin, TemplateView):
    """The worker's start for vraag en aanbod: waiting, follow-up due, helpers at capacity.
    The hulpvragen and matches it lists are logged as one search."""

    template_name = "support/overview.html"
    log_object_type = REQUEST

    def get_context_data(self, **kwargs):
        user = self.request.user
        requests = HelpRequest.objects.visible_to(user)
        counts = dict(requests.values_list("status").annotate(n=Count("pk")))
        waiting = list(
            requests.filter(status__in=WAITING_STATUSES)
            .select_related("person__household__buurt", "category")
            .order_by("registered_on", "pk")[:10]
        )
        followup_due = list(
            Match.objects.visible_to(user)
            .followup_due()
            .select_related("request__person", "request__category", "helper")
            .order_by("followup_due_on", "pk")
        )
        helpers = Helper.objects.visible_to(user).filter(active=True).with_load()
        return super().get_context_data(
            status_counts=[
                (status, label, counts.get(status, 0))
                for status, label in HelpRequest.Status.choices
            ],
            waiting=waiting,
            followup_due=followup_due,
            object_list=waiting + followup_due,  # what the search entry counts
            helpers_at_capacity=[h for h in helpers if h.load_warning()],
            recent_runs=MatchRun.objects.visible_to(user).select_related("area")[:5],
            can_manage_capacity=user.role in MANAGERS,
            **kwargs,
        )
