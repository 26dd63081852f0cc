"""Pages for vraag en aanbod. Thin: scoping in the models, decisions in workflow/matches.

Who uses what:
- workers (beheerder, coördinator, wijkwerker): hulpvragen, aanbod, koppelen, koppelingen;
- a partner: reads the hulpvragen its consents cover;
- a volunteer: only "mijn koppelingen", with no more of the resident than the match needs;
- the gemeente: the multiplier, as aggregates.
Every page with resident-level data writes one access-log entry.
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from kwartier.core.access.log import (
    Action,
    access_point_of,
    log_access,
    log_denied,
    log_object,
    log_search,
)
from kwartier.core.access.roles import MANAGERS, WORKERS, has_role
from kwartier.core.extensions import informal_sources

from . import matches as decisions
from . import multiplier, runs, workflow
from .forms import (
    AcceptForm,
    CapacityForm,
    EndForm,
    FollowUpForm,
    HelperForm,
    HelpRequestFilterForm,
    HelpRequestForm,
    IntroductionForm,
    MatchRunForm,
    MultiplierFilterForm,
    RejectForm,
    StatusForm,
)
from .models import (
    WAITING_STATUSES,
    Helper,
    HelpRequest,
    Match,
    MatchRun,
    ProfessionalCapacity,
    Proposal,
    StatusChange,
    UnmatchedRequest,
)
from .scoping import legal_basis, volunteer_view

REQUEST = "hulpvraag"
MATCH = "koppeling"
OPEN_STATUSES = [s for s in HelpRequest.Status.values if s not in workflow.FINAL]


class RoleMixin(LoginRequiredMixin):
    """Only `allowed_roles`; a refused role gets a 403, logged when the page is person-level."""

    allowed_roles: frozenset[str] | set[str] = WORKERS
    log_object_type = ""
    denied_message = "U heeft met deze rol geen toegang tot deze gegevens."

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.user.role not in self.allowed_roles:
            if self.log_object_type:
                log_denied(request, self.log_object_type, next(iter(kwargs.values()), ""))
            raise PermissionDenied(self.denied_message)
        return super().dispatch(request, *args, **kwargs)


def scoped_or_404(request, queryset, object_type: str, pk):
    """The object in the user's scope, or a 404 that is logged as a denied access."""
    try:
        return get_object_or_404(queryset, pk=pk)
    except Http404:
        log_denied(request, object_type, pk)
        raise


def form_errors_message(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


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


# Hulpvragen ----------------------------------------------------------------------------


REQUEST_READERS = WORKERS | {"partner"}


class HelpRequestList(RoleMixin, ListView):
    template_name = "support/helprequest_list.html"
    allowed_roles = REQUEST_READERS
    log_object_type = REQUEST
    paginate_by = 25

    def get_queryset(self):
        queryset = HelpRequest.objects.visible_to(self.request.user).select_related(
            "person__household__buurt", "category"
        )
        self.filter_form = HelpRequestFilterForm(self.request.GET or None)
        status = ""
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            status = data["status"]
            text = data["q"].strip()
            if text:
                queryset = queryset.filter(
                    Q(description__icontains=text)
                    | Q(person__given_name__icontains=text)
                    | Q(person__family_name__icontains=text)
                    | Q(person__public_id__iexact=text)
                )
            if data["category"] is not None:
                queryset = queryset.filter(category=data["category"])
            if data["gebied"] is not None:
                queryset = queryset.in_area(data["gebied"])
        if status == "alle":
            pass
        elif status:
            queryset = queryset.filter(status=status)
        else:
            queryset = queryset.filter(status__in=OPEN_STATUSES)
        resident = self.request.GET.get("bewoner", "").strip().upper()
        if resident and "\x00" not in resident:  # PostgreSQL refuses NUL in a query
            queryset = queryset.filter(person__public_id=resident[:12])
        return queryset.order_by("registered_on", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["can_edit"] = self.request.user.role in WORKERS
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        log_search(self.request, REQUEST, context["paginator"].count)
        return context


class HelpRequestCreate(RoleMixin, CreateView):
    model = HelpRequest
    form_class = HelpRequestForm
    template_name = "support/helprequest_form.html"
    log_object_type = REQUEST

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"resident": self.request.GET.get("bewoner", "")[:12]}

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        self.object = form.save()
        workflow.record_creation(self.object, self.request.user)
        log_object(self.request, self.object, Action.CREATE, REQUEST)
        messages.success(self.request, "Hulpvraag opgeslagen. Start het zoeken als hij klaar is.")
        return redirect(self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="Nieuwe hulpvraag", cancel_url=reverse("helprequest-list"), **kwargs
        )


class HelpRequestUpdate(RoleMixin, UpdateView):
    model = HelpRequest
    form_class = HelpRequestForm
    template_name = "support/helprequest_form.html"
    log_object_type = REQUEST

    def get_object(self, queryset=None):
        obj = scoped_or_404(
            self.request,
            HelpRequest.objects.visible_to(self.request.user).select_related("person"),
            REQUEST,
            self.kwargs["pk"],
        )
        if self.request.method == "GET":
            log_object(self.request, obj, Action.READ, REQUEST)
        return obj

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        self.object = form.save()
        log_object(self.request, self.object, Action.CHANGE, REQUEST)
        messages.success(self.request, "Wijzigingen opgeslagen.")
        return redirect(self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="Hulpvraag wijzigen", cancel_url=self.object.get_absolute_url(), **kwargs
        )


class HelpRequestDetail(RoleMixin, TemplateView):
    template_name = "support/helprequest_detail.html"
    allowed_roles = REQUEST_READERS
    log_object_type = REQUEST

    def get_request(self):
        return scoped_or_404(
            self.request,
            HelpRequest.objects.visible_to(self.request.user).select_related(
                "person__household__buurt", "category", "created_by"
            ),
            REQUEST,
            self.kwargs["pk"],
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_request()
        log_object(request, self.object, Action.READ, REQUEST)
        return self.render(StatusForm(help_request=self.object))

    def render(self, status_form, status=200):
        obj = self.object
        can_edit = self.request.user.role in WORKERS
        context = self.get_context_data(
            object=obj,
            help_request=obj,
            can_edit=can_edit,
            status_form=status_form if can_edit else None,
            changes=StatusChange.objects.filter(request=obj).select_related("changed_by"),
        )
        if can_edit:
            context["proposals"] = obj.proposals.select_related("helper", "run").order_by(
                "-run__created_at", "-pk"
            )
            context["matches"] = obj.matches.select_related("helper")
            context["unmatched"] = (
                UnmatchedRequest.objects.filter(request=obj)
                .select_related("run")
                .order_by("-run__created_at")[:3]
            )
        return self.render_to_response(context, status=status)


class HelpRequestStatus(HelpRequestDetail):
    """POST: a manual status step (start searching, stop)."""

    allowed_roles = WORKERS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_request()
        form = StatusForm(request.POST, help_request=self.object)
        if form.is_valid():
            try:
                workflow.change_by_hand(
                    self.object,
                    form.cleaned_data["status"],
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except workflow.TransitionError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                log_object(request, self.object, Action.CHANGE, REQUEST)
                messages.success(
                    request, f"Status is nu: {self.object.get_status_display().lower()}."
                )
                return redirect(self.object.get_absolute_url())
        return self.render(form, status=200)


# Aanbod --------------------------------------------------------------------------------


class HelperList(RoleMixin, ListView):
    template_name = "support/helper_list.html"
    paginate_by = 25

    def get_queryset(self):
        queryset = (
            Helper.objects.visible_to(self.request.user)
            .with_load()
            .select_related("area", "external_organisation")
            .prefetch_related("categories")
            .order_by("name", "pk")
        )
        self.text = self.request.GET.get("q", "").replace("\x00", "").strip()[:100]
        if self.text:
            queryset = queryset.filter(Q(name__icontains=self.text) | Q(note__icontains=self.text))
        self.kind = self.request.GET.get("soort", "")
        if self.kind in Helper.Kind.values:
            queryset = queryset.filter(kind=self.kind)
        if self.request.GET.get("alles") != "1":
            queryset = queryset.filter(active=True)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            kinds=Helper.Kind.choices,
            selected_kind=self.kind,
            text=self.text,
            show_all=self.request.GET.get("alles") == "1",
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class HelperLoad(RoleMixin, TemplateView):
    """Each available helper's load against capacity; a warning at or above capacity."""

    template_name = "support/helper_load.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        helpers = list(
            Helper.objects.visible_to(self.request.user)
            .filter(active=True)
            .with_load()
            .select_related("area")
        )
        helpers.sort(key=lambda h: (-(h.load / h.capacity if h.capacity else 99), h.name))
        for helper in helpers:
            helper.free = max(0, helper.capacity - helper.load)
        context["helpers"] = helpers
        context["full"] = sum(1 for h in helpers if h.load_warning())
        context["free_places"] = sum(h.free for h in helpers)
        return context


class HelperFormMixin(RoleMixin):
    model = Helper
    form_class = HelperForm
    template_name = "support/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        if form.instance.pk is None:
            form.instance.organisation_id = self.request.user.organisation_id
        self.object = form.save()
        messages.success(self.request, "Helper opgeslagen.")
        return redirect(self.object.get_absolute_url())


class HelperCreate(HelperFormMixin, CreateView):
    extra_context = {"page_title": "Nieuw aanbod", "cancel_url": reverse_lazy("helper-list")}


class HelperUpdate(HelperFormMixin, UpdateView):
    def get_queryset(self):
        return Helper.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="Aanbod wijzigen", cancel_url=self.object.get_absolute_url(), **kwargs
        )


class HelperDetail(RoleMixin, DetailView):
    template_name = "support/helper_detail.html"
    context_object_name = "helper"

    def get_queryset(self):
        return (
            Helper.objects.visible_to(self.request.user)
            .with_load()
            .select_related("area", "external_organisation", "user")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = Match.objects.visible_to(self.request.user)
        context["active_matches"] = visible.filter(
            helper=self.object, status=Match.Status.ACTIEF
        ).select_related("request__person", "request__category")
        visible_requests = HelpRequest.objects.visible_to(self.request.user)
        context["open_proposals"] = self.object.proposals.filter(
            status=Proposal.Status.OPEN, request__in=visible_requests
        ).count()
        if context["active_matches"]:
            log_search(self.request, MATCH, len(context["active_matches"]))
        return context


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


# Koppelingen ---------------------------------------------------------------------------


class MatchList(RoleMixin, ListView):
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
        log_search(self.request, MATCH, context["paginator"].count)
        return context


class MatchDetail(RoleMixin, TemplateView):
    template_name = "support/match_detail.html"
    log_object_type = MATCH

    def get_match(self):
        return scoped_or_404(
            self.request,
            Match.objects.visible_to(self.request.user).select_related(
                "request__person__household__buurt",
                "request__category",
                "helper",
                "proposal",
                "consent_organisation",
                "created_by",
            ),
            MATCH,
            self.kwargs["pk"],
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_match()
        log_object(request, self.object, Action.READ, MATCH)
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
        self.object = self.get_match()
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.act(form.cleaned_data)
            except decisions.DecisionError as error:
                for field, message in error.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                log_object(request, self.object, Action.CHANGE, MATCH)
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


# Multiplier ----------------------------------------------------------------------------


MULTIPLIER_READERS = WORKERS | {"gemeente"}


def dutch(value: str | None) -> str:
    return "–" if value is None else value.replace(".", ",")


class MultiplierView(RoleMixin, TemplateView):
    template_name = "support/multiplier.html"
    allowed_roles = MULTIPLIER_READERS

    def get(self, request, *args, **kwargs):
        start, end = multiplier.default_period()
        form = MultiplierFilterForm(request.GET or None, initial={"van": start, "tot": end})
        root = None
        if form.is_valid():
            start = form.cleaned_data["van"] or start
            end = form.cleaned_data["tot"] or end
            root = form.cleaned_data["gebied"]
            if end < start:
                start, end = end, start
        user = request.user
        suppress_small = multiplier.suppresses(user)
        rows = [
            row.shown(suppress_small)
            for row in multiplier.rows(start, end, multiplier.organisations_for(user), root)
        ]
        sources = informal_sources()
        if request.GET.get("formaat") == "csv":
            return multiplier_csv(rows, sources, start, end)
        for row in rows:
            row["fte_text"] = dutch(row["fte"])
            row["ratio_text"] = dutch(row["ratio"])
            row["source_counts"] = [(s.label, row["counts"][s.code]) for s in sources]
        query = request.GET.copy()
        query["formaat"] = "csv"
        return self.render_to_response(
            self.get_context_data(
                form=form,
                rows=rows,
                sources=sources,
                start=start,
                end=end,
                suppressed=suppress_small,
                csv_query=query.urlencode(),
                can_manage_capacity=user.role in MANAGERS,
            )
        )


def multiplier_csv(rows, sources, start, end) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="multiplier-{start.isoformat()}-{end.isoformat()}.csv"'
    )
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            "gebied",
            "code",
            "niveau",
            "van",
            "tot en met",
            *[s.label.lower() for s in sources],
            "totaal",
            "betaalde inzet (fte)",
            "per fte",
        ]
    )
    for row in rows:
        area = row["area"]
        writer.writerow(
            [
                area.name,
                area.code,
                area.level,
                start.isoformat(),
                end.isoformat(),
                *[row["counts"][s.code] for s in sources],
                row["total"],
                row["fte"],
                row["ratio"] or "",
            ]
        )
    return response


CAPACITY_EDITORS = MANAGERS


class CapacityList(RoleMixin, TemplateView):
    """Paid professional capacity per area and period, kept by a coördinator."""

    template_name = "support/capacity_list.html"
    allowed_roles = CAPACITY_EDITORS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", CapacityForm(user=self.request.user))
        context["records"] = ProfessionalCapacity.objects.visible_to(
            self.request.user
        ).select_related("area", "recorded_by")
        return context

    def post(self, request, *args, **kwargs):
        form = CapacityForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        form.instance.organisation_id = request.user.organisation_id
        form.instance.recorded_by = request.user
        form.save()
        messages.success(request, "Betaalde inzet vastgelegd.")
        return redirect("capacity-list")


class CapacityUpdate(RoleMixin, UpdateView):
    form_class = CapacityForm
    template_name = "support/form.html"
    allowed_roles = CAPACITY_EDITORS
    success_url = reverse_lazy("capacity-list")

    def get_queryset(self):
        return ProfessionalCapacity.objects.visible_to(self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        form.instance.recorded_by = self.request.user
        messages.success(self.request, "Wijzigingen opgeslagen.")
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="Betaalde inzet wijzigen", cancel_url=reverse("capacity-list"), **kwargs
        )


class CapacityDelete(RoleMixin, View):
    allowed_roles = CAPACITY_EDITORS
    http_method_names = ["post"]

    def post(self, request, pk):
        record = get_object_or_404(ProfessionalCapacity.objects.visible_to(request.user), pk=pk)
        record.delete()
        messages.success(request, "Regel verwijderd.")
        return redirect("capacity-list")
