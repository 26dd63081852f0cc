"""Ecogram pages: the network around a resident, its print view and SVG, tie forms.

Thin: access is decided in `access.py`, what a reader sees in `ecogram.py`. Each
request that shows or changes ecogram data writes one access-log entry (category
"netwerk"): a read, a print, a create, a change or a delete; refusals as denied.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from kwartier.privacy.audit import Action
from kwartier.privacy.logged import log_object

from .access import can_write, resident_for, tie_for
from .ecogram import contact_for, ecogram_for, history_for
from .forms import TieForm
from .models import CATEGORY

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class NetworkMixin(LoginRequiredMixin):
    """Finds the resident (or answers a logged 403/404) before anything else happens."""

    edit_only = False  # pages that exist only to change the ecogram

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        write = self.edit_only or request.method not in SAFE_METHODS
        self.person = resident_for(request, kwargs["public_id"], write=write)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.person
        context["can_edit"] = can_write(self.request.user)
        return context


class EcogramPage(NetworkMixin, TemplateView):
    """The ecogram, its indicators and the list of ties; POST adds a tie."""

    template_name = "network/ecogram.html"

    def get(self, request, *args, **kwargs):
        log_object(request, self.person, Action.READ, CATEGORY)
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        form = TieForm(request.POST, person=self.person, user=request.user)
        if form.is_valid():
            tie = form.save()
            log_object(request, tie, Action.CREATE, CATEGORY)
            messages.success(request, f"Contact ‘{tie.contact_description()}’ toegevoegd.")
            return redirect("network-ecogram", public_id=self.person.public_id)
        # The page with the form and its errors shows the ecogram again: a read.
        log_object(request, self.person, Action.READ, CATEGORY)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ecogram"] = ecogram = ecogram_for(self.person, self.request.user)
        context["svg"] = ecogram.inline_svg()
        context["htmx"] = self.request.headers.get("HX-Request") == "true"
        if context["can_edit"]:
            context.setdefault("form", TieForm(person=self.person, user=self.request.user))
            context["history"] = history_for(self.person, self.request.user)
        return context


class EcogramPrint(NetworkMixin, TemplateView):
    template_name = "network/ecogram_print.html"

    def get(self, request, *args, **kwargs):
        log_object(request, self.person, Action.PRINT, CATEGORY)
        ecogram = ecogram_for(self.person, request.user)
        context = self.get_context_data(
            ecogram=ecogram, svg=ecogram.inline_svg(), printed_at=timezone.localtime()
        )
        return self.render_to_response(context)


class EcogramSvg(NetworkMixin, View):
    """The drawing alone, to download or open full size."""

    def get(self, request, *args, **kwargs):
        log_object(request, self.person, Action.READ, CATEGORY)
        return svg_response(ecogram_for(self.person, request.user).svg(), self.person)


def svg_response(svg: str, person) -> HttpResponse:
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="ecogram-{person.public_id}.svg"'
    response["Cache-Control"] = "no-store"
    return response


class TieUpdate(NetworkMixin, TemplateView):
    template_name = "network/tie_form.html"
    edit_only = True

    def setup_tie(self):
        self.tie = tie_for(self.request, self.person, self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self.setup_tie()
        log_object(request, self.tie, Action.READ, CATEGORY)
        form = TieForm(instance=self.tie, person=self.person, user=request.user)
        return self.render_to_response(self.get_context_data(form=form, tie=self.tie))

    def post(self, request, *args, **kwargs):
        self.setup_tie()
        form = TieForm(request.POST, instance=self.tie, person=self.person, user=request.user)
        if form.is_valid():
            tie = form.save()
            log_object(request, tie, Action.CHANGE, CATEGORY)
            messages.success(request, "Wijzigingen in het contact opgeslagen.")
            return redirect("network-ecogram", public_id=self.person.public_id)
        log_object(request, self.tie, Action.READ, CATEGORY)
        return self.render_to_response(self.get_context_data(form=form, tie=self.tie))


class TieDelete(NetworkMixin, TemplateView):
    template_name = "network/tie_delete.html"
    edit_only = True

    def get(self, request, *args, **kwargs):
        tie = tie_for(request, self.person, kwargs["pk"])
        log_object(request, tie, Action.READ, CATEGORY)
        return self.render_to_response(
            self.get_context_data(tie=tie, contact=contact_for(tie, request.user))
        )

    def post(self, request, *args, **kwargs):
        tie = tie_for(request, self.person, kwargs["pk"])
        contact = contact_for(tie, request.user)
        log_object(request, tie, Action.DELETE, CATEGORY)
        tie.delete()
        messages.success(request, f"Contact ‘{contact}’ verwijderd uit het netwerk.")
        return redirect("network-ecogram", public_id=self.person.public_id)
