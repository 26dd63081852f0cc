"""Ecogram pages: the network around a resident, its print view and SVG, tie forms.

Thin: access is decided in `access.py`, what a reader sees in `ecogram.py`. Each
request that shows or changes ecogram data writes one access-log entry (category
"netwerk"): a read, a print, a create, a change or a delete; refusals as denied.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from kwartier.core.access.log import Action
from kwartier.core.access.pages import ResidentMixin
from kwartier.core.access.roles import DOSSIER_READERS, WORKERS, has_role

from .access import tie_for
from .ecogram import contact_for, ecogram_for, history_for
from .forms import TieForm
from .models import CATEGORY


class NetworkMixin(ResidentMixin):
    """The resident's ecogram: workers read and change it, a partner reads it under a
    consent that covers the network."""

    required_roles = {"read": DOSSIER_READERS, "write": WORKERS}
    data_category = log_object_type = CATEGORY

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.person
        context["can_edit"] = has_role(self.request.user, WORKERS)
        return context


class EcogramPage(NetworkMixin, TemplateView):
    """The ecogram, its indicators and the list of ties; POST adds a tie."""

    template_name = "network/ecogram.html"

    def post(self, request, *args, **kwargs):
        form = TieForm(request.POST, person=self.person, user=request.user)
        if form.is_valid():
            tie = form.save()
            self.audit(tie, Action.CREATE)
            messages.success(request, f"Contact ‘{tie.contact_description()}’ toegevoegd.")
            return redirect("network-ecogram", public_id=self.person.public_id)
        # The page with the form and its errors shows the ecogram again: a read.
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
    log_read_action = Action.PRINT

    def get(self, request, *args, **kwargs):
        ecogram = ecogram_for(self.person, request.user)
        context = self.get_context_data(
            ecogram=ecogram, svg=ecogram.inline_svg(), printed_at=timezone.localtime()
        )
        return self.render_to_response(context)


class EcogramSvg(NetworkMixin, View):
    """The drawing alone, to download or open full size."""

    def get(self, request, *args, **kwargs):
        return svg_response(ecogram_for(self.person, request.user).svg(), self.person)


def svg_response(svg: str, person) -> HttpResponse:
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="ecogram-{person.public_id}.svg"'
    response["Cache-Control"] = "no-store"
    return response


class TieMixin(NetworkMixin):
    """Pages on one tie of the ecogram: they exist only to change it."""

    required_roles = WORKERS
    write_only = True

    def resolve_access(self, request, *args, **kwargs):
        super().resolve_access(request, *args, **kwargs)
        self.tie = tie_for(request, self.person, kwargs["pk"])
        self.audit(self.tie)


class TieUpdate(TieMixin, TemplateView):
    template_name = "network/tie_form.html"

    def get(self, request, *args, **kwargs):
        form = TieForm(instance=self.tie, person=self.person, user=request.user)
        return self.render_to_response(self.get_context_data(form=form, tie=self.tie))

    def post(self, request, *args, **kwargs):
        form = TieForm(request.POST, instance=self.tie, person=self.person, user=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, "Wijzigingen in het contact opgeslagen.")
            return redirect("network-ecogram", public_id=self.person.public_id)
        return self.render_to_response(self.get_context_data(form=form, tie=self.tie))


class TieDelete(TieMixin, TemplateView):
    template_name = "network/tie_delete.html"
    log_write_action = Action.DELETE

    def get(self, request, *args, **kwargs):
        contact = contact_for(self.tie, request.user)
        return self.render_to_response(self.get_context_data(tie=self.tie, contact=contact))

    def post(self, request, *args, **kwargs):
        contact = contact_for(self.tie, request.user)
        self.tie.delete()
        messages.success(request, f"Contact ‘{contact}’ verwijderd uit het netwerk.")
        return redirect("network-ecogram", public_id=self.person.public_id)
