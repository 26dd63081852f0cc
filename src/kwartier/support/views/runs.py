"""Koppelen: match runs and the decisions on their proposals."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView

from kwartier.core.access.log import (
    Action,
    access_point_of,
    log_access,
    log_object,
    log_search,
)
from kwartier.core.access.roles import WORKERS, has_role

from .. import decisions, runs
from ..forms import (
    AcceptForm,
    MatchRunForm,
    RejectForm,
)
from ..models import (
    HelpRequest,
    MatchRun,
    Proposal,
)
from .base import MATCH, REQUEST, RoleMixin, scoped_or_404

# Koppelen ------------------------------------------------------------------------------


class MatchRunList(RoleMixin, TemplateView):
    """Run the engine for an area (POST) and see the earlier runs."""

    template_name = "support/matchrun_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.setdefault("form", MatchRunForm(user=user))
        context["runs"] = MatchRun.objects.visible_to(user).select_related("area", "run_by")[:20]
        context["searching"] = (
            HelpRequest.objects.visible_to(user).filter(status=HelpRequest.Status.ZOEKEN).count()
        )
        return context

    def post(self, request, *args, **kwargs):
        form = MatchRunForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        run = runs.run_matching(request.user, form.cleaned_data["area"])
        log_access(
            request.user,
            action=Action.SEARCH,
            object_type=REQUEST,
            access_point=access_point_of(request),
            detail=f"koppelronde {run.pk}: {run.request_count} hulpvragen",
        )
        messages.success(
            request,
            f"Koppelronde klaar: {run.proposal_count} voorstellen voor {run.request_count} "
            "hulpvragen.",
        )
        return redirect(run.get_absolute_url())


class MatchRunDetail(RoleMixin, TemplateView):
    template_name = "support/matchrun_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        run = scoped_or_404(
            self.request,
            MatchRun.objects.visible_to(user).select_related("area", "run_by"),
            MATCH,
            self.kwargs["pk"],
        )
        visible = HelpRequest.objects.visible_to(user)
        proposals = sorted(
            run.proposals.filter(request__in=visible).select_related(
                "request__person__household__buurt", "request__category", "helper", "match"
            ),
            key=lambda p: p.status != Proposal.Status.OPEN,  # still to decide first
        )
        unmatched = list(
            run.unmatched.filter(request__in=visible).select_related(
                "request__person__household__buurt", "request__category"
            )
        )
        context.update(
            run=run,
            proposals=proposals,
            unmatched=unmatched,
            reject_form=RejectForm(),
            open_count=sum(1 for p in proposals if p.status == Proposal.Status.OPEN),
        )
        log_search(self.request, MATCH, len(proposals) + len(unmatched))
        return context


class ProposalMixin(RoleMixin):
    log_object_type = MATCH

    def get_proposal(self):
        return scoped_or_404(
            self.request,
            Proposal.objects.visible_to(self.request.user).select_related(
                "request__person__household__buurt", "request__category", "helper", "run"
            ),
            MATCH,
            self.kwargs["pk"],
        )


class ProposalAccept(ProposalMixin, TemplateView):
    template_name = "support/proposal_accept.html"

    def context_for(self, proposal, form, errors=None):
        internal = decisions.is_internal(proposal.request, proposal.helper)
        consent = None if internal else decisions.consent_for(proposal.request, proposal.helper)
        return self.get_context_data(
            proposal=proposal,
            form=form,
            internal=internal,
            consent=consent,
            consent_covers_contact=consent is not None
            and any(c.code == "contact" for c in consent.categories.all()),
            can_record_consent=has_role(self.request.user, WORKERS),
            decision_errors=errors or {},
        )

    def get(self, request, *args, **kwargs):
        proposal = self.get_proposal()
        log_object(request, proposal, Action.READ, MATCH)
        internal = decisions.is_internal(proposal.request, proposal.helper)
        return self.render_to_response(self.context_for(proposal, AcceptForm(internal=internal)))

    def post(self, request, *args, **kwargs):
        proposal = self.get_proposal()
        internal = decisions.is_internal(proposal.request, proposal.helper)
        form = AcceptForm(request.POST, internal=internal)
        errors = {}
        if form.is_valid():
            data = form.cleaned_data
            try:
                match = decisions.accept(
                    proposal,
                    user=request.user,
                    consent_confirmed=data.get("consent_confirmed", False),
                    consent_obtained=data.get("consent_obtained", ""),
                    share_contact=data.get("share_contact", False),
                    introduction_on=data.get("introduction_on"),
                )
            except decisions.DecisionError as error:
                for field, message in error.errors.items():
                    if field in form.fields:
                        form.add_error(field, message)
                    else:
                        errors[field] = message
            else:
                log_object(request, match, Action.CREATE, MATCH)
                messages.success(request, f"Gekoppeld met {proposal.helper}.")
                return redirect(match.get_absolute_url())
        return self.render_to_response(self.context_for(proposal, form, errors))


class ProposalReject(ProposalMixin, TemplateView):
    template_name = "support/proposal_reject.html"

    def get(self, request, *args, **kwargs):
        proposal = self.get_proposal()
        log_object(request, proposal, Action.READ, MATCH)
        return self.render_to_response(self.get_context_data(proposal=proposal, form=RejectForm()))

    def post(self, request, *args, **kwargs):
        proposal = self.get_proposal()
        form = RejectForm(request.POST)
        if form.is_valid():
            try:
                decisions.reject(proposal, user=request.user, reason=form.cleaned_data["reason"])
            except decisions.DecisionError as error:
                form.add_error("reason" if "reason" in error.errors else None, str(error))
            else:
                log_object(request, proposal, Action.CHANGE, MATCH)
                messages.success(
                    request, "Voorstel afgewezen; de hulpvraag zoekt weer, zonder deze helper."
                )
                return redirect(proposal.run.get_absolute_url())
        return self.render_to_response(self.get_context_data(proposal=proposal, form=form))
