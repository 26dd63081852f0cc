"""Koppelen: match runs and the decisions on their proposals.

A run page lists the proposals and unmatched hulpvragen the user may see (logged as one
search); a proposal page is about one proposal (a read), accepting it creates a match,
rejecting it changes it.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView

from kwartier.core.access.log import Action, log_event
from kwartier.core.access.lookup import record_for
from kwartier.core.access.pages import LoggedListMixin
from kwartier.core.access.roles import WORKERS, has_role
from kwartier.core.errors import RuleError, add_rule_errors

from .. import decisions, runs
from ..forms import AcceptForm, MatchRunForm, RejectForm
from ..models import HelpRequest, MatchRun, Proposal
from .base import MATCH, REQUEST, SupportPage


class MatchRunList(SupportPage, TemplateView):
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
        # A run reads every searching hulpvraag of an area, not one record of this request.
        log_event(
            request,
            Action.SEARCH,
            REQUEST,
            detail=f"koppelronde {run.pk}: {run.request_count} hulpvragen",
        )
        messages.success(
            request,
            f"Koppelronde klaar: {run.proposal_count} voorstellen voor {run.request_count} "
            "hulpvragen.",
        )
        return redirect(run.get_absolute_url())


class MatchRunDetail(SupportPage, LoggedListMixin, TemplateView):
    template_name = "support/matchrun_detail.html"
    log_object_type = MATCH

    def resolve_access(self, request, *args, **kwargs):
        self.run = record_for(
            request,
            MatchRun.objects.visible_to(request.user).select_related("area", "run_by"),
            kwargs["pk"],
            log_as=MATCH,
            message="Geen koppelronde met dit nummer in uw bereik.",
        )

    def get_context_data(self, **kwargs):
        visible = HelpRequest.objects.visible_to(self.request.user)
        proposals = sorted(
            self.run.proposals.filter(request__in=visible).select_related(
                "request__person__household__buurt", "request__category", "helper", "match"
            ),
            key=lambda p: p.status != Proposal.Status.OPEN,  # still to decide first
        )
        unmatched = list(
            self.run.unmatched.filter(request__in=visible).select_related(
                "request__person__household__buurt", "request__category"
            )
        )
        return super().get_context_data(
            run=self.run,
            proposals=proposals,
            unmatched=unmatched,
            object_list=proposals + unmatched,  # what the search entry counts
            reject_form=RejectForm(),
            open_count=sum(1 for p in proposals if p.status == Proposal.Status.OPEN),
            **kwargs,
        )


class ProposalPage(SupportPage):
    """Pages on one proposal: `self.proposal`, in the user's scope, is what they log."""

    log_object_type = MATCH

    def resolve_access(self, request, *args, **kwargs):
        proposals = Proposal.objects.visible_to(request.user).select_related(
            "request__person__household__buurt", "request__category", "helper", "run"
        )
        self.proposal = record_for(
            request,
            proposals,
            kwargs["pk"],
            log_as=MATCH,
            message="Geen voorstel met dit nummer in uw bereik.",
        )
        self.audit(self.proposal)


class ProposalAccept(ProposalPage, TemplateView):
    template_name = "support/proposal_accept.html"

    def context_for(self, form):
        proposal = self.proposal
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
        )

    def internal(self) -> bool:
        return decisions.is_internal(self.proposal.request, self.proposal.helper)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.context_for(AcceptForm(internal=self.internal())))

    def post(self, request, *args, **kwargs):
        proposal = self.proposal
        form = AcceptForm(request.POST, internal=self.internal())
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
            except RuleError as error:
                add_rule_errors(form, error)
            else:
                self.audit(match, Action.CREATE)
                messages.success(request, f"Gekoppeld met {proposal.helper}.")
                return redirect(match.get_absolute_url())
        return self.render_to_response(self.context_for(form))


class ProposalReject(ProposalPage, TemplateView):
    template_name = "support/proposal_reject.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(proposal=self.proposal, form=RejectForm())
        )

    def post(self, request, *args, **kwargs):
        proposal = self.proposal
        form = RejectForm(request.POST)
        if form.is_valid():
            try:
                decisions.reject(proposal, user=request.user, reason=form.cleaned_data["reason"])
            except RuleError as error:
                add_rule_errors(form, error)
            else:
                messages.success(
                    request, "Voorstel afgewezen; de hulpvraag zoekt weer, zonder deze helper."
                )
                return redirect(proposal.run.get_absolute_url())
        return self.render_to_response(self.get_context_data(proposal=proposal, form=form))
