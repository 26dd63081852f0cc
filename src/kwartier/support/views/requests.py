"""Hulpvragen: list, create, change, detail and the status steps."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import CreateView, ListView, TemplateView, UpdateView

from kwartier.core.access.log import (
    Action,
    log_object,
    log_search,
)
from kwartier.core.access.roles import WORKERS

from .. import workflow
from ..forms import (
    HelpRequestFilterForm,
    HelpRequestForm,
    StatusForm,
)
from ..models import (
    HelpRequest,
    StatusChange,
    UnmatchedRequest,
)
from .base import OPEN_STATUSES, REQUEST, RoleMixin, scoped_or_404

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
