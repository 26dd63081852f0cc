"""Paid professional capacity per area and period, kept by a coördinator."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.views import View
from django.views.generic import TemplateView, UpdateView

from kwartier.core.access.roles import MANAGERS

from ..forms import CapacityForm
from ..models import ProfessionalCapacity
from .base import SupportPage


class CapacityList(SupportPage, TemplateView):
    """Paid professional capacity per area and period, kept by a coördinator."""

    template_name = "support/capacity_list.html"
    required_roles = MANAGERS

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


class CapacityUpdate(SupportPage, UpdateView):
    form_class = CapacityForm
    template_name = "support/form.html"
    required_roles = MANAGERS
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


class CapacityDelete(SupportPage, View):
    required_roles = MANAGERS
    http_method_names = ["post"]

    def post(self, request, pk):
        record = get_object_or_404(ProfessionalCapacity.objects.visible_to(request.user), pk=pk)
        record.delete()
        messages.success(request, "Regel verwijderd.")
        return redirect("capacity-list")
