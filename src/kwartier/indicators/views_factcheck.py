"""The feitencheck pages: an organisation's fact checks, writing one with its claims,
the verdicts with their figures and charts, sharing, and the result as a PDF.

A fact check belongs to an organisation: its workers see and edit it; once shared,
everyone signed in may read it. Outside that scope a fact check is simply not found
(404). The figures are about areas, not persons: the pages write no access log.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from kwartier.core.access.pages import RoleRequiredMixin
from kwartier.core.access.roles import EVERYONE, WORKERS, has_role

from . import checking
from .factcheck_forms import EXTRA_EDIT, EXTRA_NEW, FactCheckForm, claim_formset
from .models import FactCheck

ID_LIMIT = 2**63  # larger ids cannot exist (and SQLite cannot even compare them)


def visible_to(user):
    """The fact checks `user` may read: their organisation's (workers) and shared ones."""
    shared = Q(shared=True)
    if has_role(user, WORKERS) and user.organisation_id:
        return FactCheck.objects.filter(shared | Q(organisation_id=user.organisation_id))
    return FactCheck.objects.filter(shared)


def editable_by(user):
    """The fact checks `user` may change: their organisation's, for its workers."""
    if has_role(user, WORKERS) and user.organisation_id:
        return FactCheck.objects.filter(organisation_id=user.organisation_id)
    return FactCheck.objects.none()


def find(queryset, pk: int) -> FactCheck:
    if pk >= ID_LIMIT:
        raise Http404
    return get_object_or_404(queryset, pk=pk)


class FactCheckPage(RoleRequiredMixin):
    log_object_type = ""  # claims about areas, about no person
    refused_message = "U heeft met deze rol geen toegang tot deze feitencheck."


class FactCheckList(FactCheckPage, TemplateView):
    required_roles = EVERYONE
    template_name = "indicators/factcheck/list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        checks = visible_to(user).select_related("organisation").order_by("-updated_at")
        worker = has_role(user, WORKERS) and bool(user.organisation_id)
        own = [
            check for check in checks if worker and check.organisation_id == user.organisation_id
        ]
        return super().get_context_data(
            page_title="Feitencheck",
            own=own,
            shared=[check for check in checks if check not in own],
            may_write=worker,
            **kwargs,
        )


class FactCheckEdit(FactCheckPage, TemplateView):
    """A new fact check (no pk) or an existing one with its claims."""

    required_roles = WORKERS
    organisation_required = True
    template_name = "indicators/factcheck/edit.html"

    def resolve_access(self, request, *args, **kwargs):
        super().resolve_access(request, *args, **kwargs)
        pk = kwargs.get("pk")
        self.object = find(editable_by(request.user), pk) if pk is not None else None

    def forms(self, data=None):
        instance = self.object or FactCheck(organisation=self.request.user.organisation)
        formset_class = claim_formset(EXTRA_EDIT if self.object else EXTRA_NEW)
        return (
            FactCheckForm(data, instance=instance),
            formset_class(data, instance=instance, prefix="beweringen"),
        )

    def get(self, request, *args, **kwargs):
        form, formset = self.forms()
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def post(self, request, *args, **kwargs):
        form, formset = self.forms(request.POST)
        if not (form.is_valid() and formset.is_valid()):
            context = self.get_context_data(form=form, formset=formset)
            return self.render_to_response(context, status=200)
        with transaction.atomic():
            fact_check = form.save(commit=False)
            fact_check.recorded_by = fact_check.recorded_by or request.user
            fact_check.save()
            formset.instance = fact_check
            formset.save()
        messages.success(request, "De feitencheck is opgeslagen.")
        return redirect("indicators:factcheck-detail", pk=fact_check.pk)

    def get_context_data(self, **kwargs):
        title = f"{self.object.title} bewerken" if self.object else "Nieuwe feitencheck"
        cancel = (
            reverse("indicators:factcheck-detail", args=[self.object.pk])
            if self.object
            else reverse("indicators:factcheck-list")
        )
        return super().get_context_data(
            page_title=title, object=self.object, cancel_url=cancel, **kwargs
        )


class FactCheckResult(FactCheckPage, TemplateView):
    """The verdicts, or with `pdf` the same page printed as a PDF."""

    required_roles = EVERYONE
    template_name = "indicators/factcheck/result.html"
    pdf = False

    def resolve_access(self, request, *args, **kwargs):
        super().resolve_access(request, *args, **kwargs)
        self.object = find(
            visible_to(request.user).select_related("organisation", "recorded_by"), kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            page_title=self.object.title,
            object=self.object,
            results=checking.check_fact_check(self.object),
            may_edit=editable_by(user).filter(pk=self.object.pk).exists(),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        if not self.pdf:
            return super().get(request, *args, **kwargs)
        response = HttpResponse(
            pdf_of(print_page(self.object, request)), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="feitencheck-{self.object.pk}.pdf"'
        return response


class FactCheckShare(FactCheckPage, View):
    """Share a fact check with everyone signed in, or stop sharing it."""

    required_roles = WORKERS
    organisation_required = True
    http_method_names = ["post"]

    def post(self, request, pk):
        fact_check = find(editable_by(request.user), pk)
        fact_check.shared = request.POST.get("gedeeld") == "ja"
        fact_check.save(update_fields=["shared", "updated_at"])
        messages.success(
            request,
            "De feitencheck is gedeeld met iedereen die in Kwartier werkt."
            if fact_check.shared
            else "De feitencheck is niet meer gedeeld.",
        )
        return redirect("indicators:factcheck-detail", pk=fact_check.pk)


def print_page(fact_check: FactCheck, request=None) -> str:
    """The result as a page to print: the same verdicts, sentences and charts."""
    context = {"object": fact_check, "results": checking.check_fact_check(fact_check)}
    return render_to_string("indicators/factcheck/print.html", context, request=request)


def pdf_of(html: str) -> bytes:
    """The print page as a PDF. WeasyPrint fetches nothing: the page carries its own
    styles and inline charts, and no text typed by a user can make it load a URL."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=no_fetching()).write_pdf()


def no_fetching():
    """A WeasyPrint URL fetcher that refuses every URL (a refusal is only a warning)."""
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            return refuse_fetch(url)

    return NoFetching()


def refuse_fetch(url: str):
    raise ValueError(f"De PDF haalt niets op: {url[:80]}")
