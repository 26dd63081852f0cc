"""Aanbod: the helpers, their load, create and change (workers of their organisation)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from kwartier.core.access.pages import LoggedListMixin

from ..forms import HelperForm
from ..models import Helper, HelpRequest, Match, Proposal
from .base import MATCH, SupportPage


class HelperList(SupportPage, ListView):
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
        self.text = self.request.GET.get("q", "").strip()[:100]
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


class HelperLoad(SupportPage, TemplateView):
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


class HelperFormMixin(SupportPage):
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


class HelperDetail(SupportPage, LoggedListMixin, DetailView):
    """A helper with their active matches, which are logged as a search."""

    template_name = "support/helper_detail.html"
    context_object_name = "helper"
    log_object_type = MATCH

    def get_queryset(self):
        return (
            Helper.objects.visible_to(self.request.user)
            .with_load()
            .select_related("area", "external_organisation", "user")
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        active_matches = list(
            Match.objects.visible_to(user)
            .filter(helper=self.object, status=Match.Status.ACTIEF)
            .select_related("request__person", "request__category")
        )
        open_proposals = self.object.proposals.filter(
            status=Proposal.Status.OPEN, request__in=HelpRequest.objects.visible_to(user)
        ).count()
        return super().get_context_data(
            active_matches=active_matches,
            object_list=active_matches,  # what the search entry counts
            open_proposals=open_proposals,
            **kwargs,
        )
