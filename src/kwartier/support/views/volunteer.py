"""The volunteer's own matches, with no more of the resident than the match needs."""

from __future__ import annotations

from django.views.generic import TemplateView

from kwartier.core.access.log import (
    Action,
    access_point_of,
    log_access,
    log_search,
)

from ..models import (
    Match,
)
from ..scoping import legal_basis, volunteer_view
from .base import MATCH, RoleMixin, scoped_or_404

# The volunteer -------------------------------------------------------------------------


VOLUNTEER = {"vrijwilliger"}


def log_volunteer(request, match: Match, action: str, detail: str = "") -> None:
    basis, consent_id = legal_basis(match)
    log_access(
        request.user,
        action=action,
        object_type=MATCH,
        object_id=match.pk,
        person_public_id=match.request.person.public_id,
        legal_basis=basis,
        consent_id=consent_id,
        access_point=access_point_of(request),
        detail=detail,
    )


class VolunteerMatchList(RoleMixin, TemplateView):
    template_name = "support/volunteer_match_list.html"
    allowed_roles = VOLUNTEER
    log_object_type = MATCH

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        own = (
            Match.objects.for_volunteer(self.request.user)
            .select_related("request__person__household__buurt", "request__category")
            .order_by("-started_on", "-pk")
        )
        context["views"] = [volunteer_view(match) for match in own]
        log_search(self.request, MATCH, len(context["views"]))
        return context


class VolunteerMatchDetail(RoleMixin, TemplateView):
    template_name = "support/volunteer_match_detail.html"
    allowed_roles = VOLUNTEER
    log_object_type = MATCH

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        match = scoped_or_404(
            self.request,
            Match.objects.for_volunteer(self.request.user).select_related(
                "request__person__household__buurt", "request__category"
            ),
            MATCH,
            self.kwargs["pk"],
        )
        context["view"] = volunteer_view(match)
        log_volunteer(self.request, match, Action.READ)
        return context
