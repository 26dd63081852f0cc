"""Hulpvragen: list, create, change, detail and the status steps.

Workers work with the hulpvragen of their residents; a partner reads those its consents
cover. Each page on one hulpvraag logs a read of it, each change that succeeds a create
or a change; the list logs a search.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import CreateView, ListView, TemplateView, UpdateView

from kwartier.core.access.log import Action
from kwartier.core.access.lookup import record_for
from kwartier.core.access.pages import LoggedListMixin, LoggedObjectMixin
from kwartier.core.access.roles import DOSSIER_READERS, WORKERS, has_role
from kwartier.core.errors import RuleError, add_rule_errors

from .. import workflow
from ..forms import HelpRequestFilterForm, HelpRequestForm, StatusForm
from ..models import HelpRequest, StatusChange, UnmatchedRequest
from .base import OPEN_STATUSES, REQUEST, SupportPage

NOT_FOUND = "Geen hulpvraag met dit nummer in uw bereik."


class HelpRequestList(SupportPage, LoggedListMixin, ListView):
    template_name = "support/helprequest_list.html"
    required_roles = DOSSIER_READERS
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
        if resident:
            queryset = queryset.filter(person__public_id=resident[:12])
        return queryset.order_by("registered_on", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["can_edit"] = has_role(self.request.user, WORKERS)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class HelpRequestCreate(SupportPage, CreateView):
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
        self.audit(self.object, Action.CREATE)
        messages.success(self.request, "Hulpvraag opgeslagen. Start het zoeken als hij klaar is.")
        return redirect(self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="Nieuwe hulpvraag", cancel_url=reverse("helprequest-list"), **kwargs
        )


class HelpRequestUpdate(SupportPage, LoggedObjectMixin, UpdateView):
    model = HelpRequest
    form_class = HelpRequestForm
    template_name = "support/helprequest_form.html"
    log_object_type = REQUEST

    def get_queryset(self):
        return super().get_queryset().select_related("person")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        messages.success(self.request, "Wijzigingen opgeslagen.")
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title="Hulpvraag wijzigen", cancel_url=self.object.get_absolute_url(), **kwargs
        )


class HelpRequestDetail(SupportPage, TemplateView):
    template_name = "support/helprequest_detail.html"
    required_roles = DOSSIER_READERS
    log_object_type = REQUEST

    def resolve_access(self, request, *args, **kwargs):
        requests = HelpRequest.objects.visible_to(request.user).select_related(
            "person__household__buurt", "category", "created_by"
        )
        self.object = record_for(request, requests, kwargs["pk"], log_as=REQUEST, message=NOT_FOUND)
        self.audit(self.object)

    def get(self, request, *args, **kwargs):
        return self.render(StatusForm(help_request=self.object))

    def render(self, status_form):
        obj = self.object
        can_edit = has_role(self.request.user, WORKERS)
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
        return self.render_to_response(context)


class HelpRequestStatus(HelpRequestDetail):
    """POST: a manual status step (start searching, stop)."""

    required_roles = WORKERS
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = StatusForm(request.POST, help_request=self.object)
        if form.is_valid():
            try:
                workflow.change_by_hand(
                    self.object,
                    form.cleaned_data["status"],
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except RuleError as error:
                add_rule_errors(form, error)
            else:
                messages.success(
                    request, f"Status is nu: {self.object.get_status_display().lower()}."
                )
                return redirect(self.object.get_absolute_url())
        return self.render(form)
