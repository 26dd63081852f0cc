"""Koppelingen: the matches, with kennismaking, opvolging and beëindigen.

The list logs a search; a match page a read of the match, and each step that succeeds
a change of it.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import ListView, TemplateView

from kwartier.core.access.lookup import record_for
from kwartier.core.access.pages import LoggedListMixin
from kwartier.core.errors import RuleError, add_rule_errors

from .. import decisions
from ..forms import EndForm, FollowUpForm, IntroductionForm
from ..models import Match
from ..scoping import legal_basis
from .base import MATCH, SupportPage


class MatchList(SupportPage, LoggedListMixin, ListView):
    template_name = "support/match_list.html"
    log_object_type = MATCH
    paginate_by = 25
    FILTERS = {
        "actief": ("Lopend", lambda qs: qs.active()),
        "opvolging": ("Opvolging nodig", lambda qs: qs.followup_due()),
        "beeindigd": ("Beëindigd", lambda qs: qs.filter(status=Match.Status.BEEINDIGD)),
        "alle": ("Alle", lambda qs: qs),
    }

    def get_queryset(self):
        self.selected = self.request.GET.get("toon", "actief")
        if self.selected not in self.FILTERS:
            self.selected = "actief"
        queryset = Match.objects.visible_to(self.request.user).select_related(
            "request__person__household__buurt", "request__category", "helper"
        )
        return self.FILTERS[self.selected][1](queryset).order_by("-started_on", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filters"] = [(key, label) for key, (label, _) in self.FILTERS.items()]
        context["selected"] = self.selected
        context["query_string"] = f"toon={self.selected}"
        return context


class MatchDetail(SupportPage, TemplateView):
    template_name = "support/match_detail.html"
    log_object_type = MATCH

    def resolve_access(self, request, *args, **kwargs):
        matches = Match.objects.visible_to(request.user).select_related(
            "request__person__household__buurt",
            "request__category",
            "helper",
            "proposal",
            "consent_organisation",
            "created_by",
        )
        self.object = record_for(
            request,
            matches,
            kwargs["pk"],
            log_as=MATCH,
            message="Geen koppeling met dit nummer in uw bereik.",
        )
        self.audit(self.object)

    def get(self, request, *args, **kwargs):
        return self.render()

    def render(self, **forms):
        match = self.object
        basis, consent_id = legal_basis(match)
        context = self.get_context_data(
            match=match,
            help_request=match.request,
            introduction_form=forms.get("introduction")
            or IntroductionForm(initial={"introduction_on": match.introduction_on}),
            followup_form=forms.get("followup") or FollowUpForm(),
            end_form=forms.get("end") or EndForm(),
            basis=basis,
            consent_id=consent_id,
            action_errors=[e for form in forms.values() for e in form.non_field_errors()],
            consent_in_force=(
                match.consent_organisation_id is None
                or Match.objects.filter(pk=match.pk).with_consent_in_force().exists()
            ),
        )
        return self.render_to_response(context)


class MatchAction(MatchDetail):
    """POST: kennismaking, opvolging or beëindigen; errors show on the match page."""

    http_method_names = ["post"]
    form_name = ""
    form_class = None
    done_message = ""

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.act(form.cleaned_data)
            except RuleError as error:
                add_rule_errors(form, error)
            else:
                messages.success(request, self.done_message)
                return redirect(self.object.get_absolute_url())
        return self.render(**{self.form_name: form})


class MatchIntroduction(MatchAction):
    form_name = "introduction"
    form_class = IntroductionForm
    done_message = "Kennismaking vastgelegd."

    def act(self, data):
        decisions.set_introduction(
            self.object, user=self.request.user, introduction_on=data["introduction_on"]
        )


class MatchFollowUp(MatchAction):
    form_name = "followup"
    form_class = FollowUpForm
    done_message = "Opvolging vastgelegd."

    def act(self, data):
        decisions.follow_up(
            self.object, user=self.request.user, result=data["result"], note=data["note"]
        )


class MatchEnd(MatchAction):
    form_name = "end"
    form_class = EndForm
    done_message = "Koppeling beëindigd."

    def act(self, data):
        decisions.end(
            self.object, user=self.request.user, reason=data["reason"], outcome=data["outcome"]
        )
