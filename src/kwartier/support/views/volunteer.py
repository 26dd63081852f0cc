"""The volunteer's own matches, with no more of the resident than the match needs.

A volunteer has no grant on the resident's dossier: the match itself is the legal basis
of what they see, so their read of a match is logged with it (`log_volunteer_read`).
"""

from __future__ import annotations

from django.views.generic import ListView, TemplateView

from kwartier.core.access.lookup import record_for
from kwartier.core.access.pages import LoggedListMixin
from kwartier.core.access.roles import VOLUNTEERS

from ..models import Match
from ..scoping import log_volunteer_read, volunteer_view
from .base import MATCH, SupportPage


class VolunteerMatchList(SupportPage, LoggedListMixin, ListView):
    template_name = "support/volunteer_match_list.html"
    required_roles = VOLUNTEERS
    log_object_type = MATCH

    def get_queryset(self):
        return (
            Match.objects.for_volunteer(self.request.user)
            .select_related("request__person__household__buurt", "request__category")
            .order_by("-started_on", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["views"] = [volunteer_view(match) for match in context["object_list"]]
        return context


class VolunteerMatchDetail(SupportPage, TemplateView):
    template_name = "support/volunteer_match_detail.html"
    required_roles = VOLUNTEERS
    log_object_type = MATCH

    def resolve_access(self, request, *args, **kwargs):
        own = Match.objects.for_volunteer(request.user).select_related(
            "request__person__household__buurt", "request__category"
        )
        message = "Geen koppeling met dit nummer in uw bereik."
        self.match = record_for(request, own, kwargs["pk"], log_as=MATCH, message=message)

    def get(self, request, *args, **kwargs):
        response = self.render_to_response(self.get_context_data(view=volunteer_view(self.match)))
        log_volunteer_read(request, self.match, MATCH)
        return response
