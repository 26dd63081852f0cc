"""Privacy pages: consents, the consent form, export and erasure, the access log."""

import csv
import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from kwartier.core.access.log import AccessLogEntry, Action, log_event
from kwartier.core.access.pages import ResidentMixin, RoleRequiredMixin
from kwartier.core.access.roles import MANAGERS, WORKERS

from . import subject
from .forms import AccessLogFilterForm, ConsentForm, ErasureForm
from .models import ErasureRecord


class ConsentMixin(ResidentMixin):
    """A resident's consents: recorded and withdrawn by the workers of their dossier."""

    required_roles = WORKERS
    refused_message = "U heeft met deze rol geen toegang tot deze functie."
    log_object_type = "toestemming"

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)


class ConsentList(ConsentMixin, FormView):
    """A resident's consents, and the form to record a new one."""

    template_name = "privacy/consent_list.html"
    form_class = ConsentForm
    log_write_action = Action.CREATE

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "person": self.person}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["consents"] = self.person.consents.select_related(
            "purpose", "organisation", "recorded_by", "withdrawn_by"
        ).prefetch_related("categories")
        return context

    def form_valid(self, form):
        form.instance.recorded_by = self.request.user
        consent = form.save()
        messages.success(self.request, f"Toestemming voor {consent.organisation} vastgelegd.")
        return redirect("consent-list", public_id=self.person.public_id)


class ConsentWithdraw(ConsentMixin, View):
    def post(self, request, public_id, pk):
        consent = get_object_or_404(self.person.consents, pk=pk)
        consent.withdraw(request.user)
        messages.success(request, "De toestemming is ingetrokken; dat geldt direct.")
        return redirect("consent-list", public_id=public_id)


class ConsentPrint(ConsentMixin, TemplateView):
    """A consent form to print and sign (the print stylesheet hides the rest)."""

    template_name = "privacy/consent_print.html"
    log_read_action = Action.PRINT

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["consent"] = get_object_or_404(
            self.person.consents.select_related("purpose", "organisation"), pk=kwargs["pk"]
        )
        return context


class DataSubjectMixin(ResidentMixin):
    required_roles = MANAGERS
    refused_message = "Inzage en wissen zijn voorbehouden aan coördinatoren en beheerders."

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)


class PersonExport(DataSubjectMixin, TemplateView):
    """Everything Kwartier holds on a resident (AVG art. 15), readable and printable."""

    template_name = "privacy/export.html"
    log_object_type = "inzage"
    log_read_action = Action.EXPORT

    def get(self, request, *args, **kwargs):
        data = subject.export_person(self.person)
        if request.GET.get("formaat") == "json":
            response = HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = (
                f'attachment; filename="inzage-{self.person.public_id}.json"'
            )
            return response
        sections = [(name, readable(value)) for name, value in data["gegevens"].items()]
        return self.render_to_response(self.get_context_data(data=data, sections=sections))


def readable(value) -> dict:
    """Export data as typed nodes the template can render without guessing types."""
    if isinstance(value, dict):
        items = [(key.replace("_", " "), readable(item)) for key, item in value.items()]
        return {"kind": "dict", "items": items}
    if isinstance(value, list | tuple):
        return {"kind": "list", "items": [readable(item) for item in value]}
    if value is None or value == "":
        return {"kind": "text", "value": "–"}
    return {"kind": "text", "value": str(value)}


class PersonErase(DataSubjectMixin, FormView):
    """Erase a resident's data (AVG art. 17): first the plan (dry run), then for real."""

    template_name = "privacy/erase.html"
    form_class = ErasureForm
    log_object_type = "bewoner"
    log_write_action = Action.DELETE

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=subject.erasure_plan(self.person), **kwargs)

    def form_valid(self, form):
        record = subject.erase_person(
            self.person,
            user=self.request.user,
            requested_on=form.cleaned_data["requested_on"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(self.request, f"De gegevens van {record.person_public_id} zijn gewist.")
        return redirect("erasure-list")


class AccessLogList(RoleRequiredMixin, ListView):
    """The access log, for coördinators and beheerders, filterable and exportable."""

    template_name = "privacy/accesslog_list.html"
    paginate_by = 50
    required_roles = MANAGERS
    refused_message = "Het toegangslog is voor coördinatoren en beheerders."

    def get_queryset(self):
        queryset = AccessLogEntry.objects.visible_to(self.request.user)
        self.filter_form = AccessLogFilterForm(self.request.GET or None)
        if self.filter_form.is_valid():
            queryset = filter_log(queryset, self.filter_form.cleaned_data)
        return queryset

    def get(self, request, *args, **kwargs):
        if request.GET.get("formaat") == "csv":
            queryset = self.get_queryset()
            person = ""
            if self.filter_form.is_valid():
                person = self.filter_form.cleaned_data["person"].strip().upper()
            # A download of the log is logged itself, with the resident it was narrowed to.
            log_event(request, Action.EXPORT, "toegangslog", person_public_id=person)
            return access_log_csv(queryset, person)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


def filter_log(queryset, data: dict):
    if data.get("person"):
        queryset = queryset.filter(person_public_id=data["person"].strip().upper())
    if data.get("username"):
        queryset = queryset.filter(username=data["username"].strip())
    if data.get("action"):
        queryset = queryset.filter(action=data["action"])
    if data.get("result"):
        queryset = queryset.filter(result=data["result"])
    if data.get("since"):
        queryset = queryset.filter(at__date__gte=data["since"])
    if data.get("until"):
        queryset = queryset.filter(at__date__lte=data["until"])
    return queryset


def access_log_csv(queryset, person: str) -> HttpResponse:
    """'Wie heeft mijn dossier bekeken': the log as a spreadsheet for the resident."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"toegangslog-{person}.csv" if person else "toegangslog.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            "tijdstip",
            "gebruiker",
            "rol",
            "organisatie",
            "bewoner",
            "gegevens",
            "handeling",
            "grondslag",
            "toegangspunt",
            "resultaat",
        ]
    )
    for entry in queryset.iterator():
        writer.writerow(
            [
                entry.at.isoformat(timespec="seconds"),
                entry.username,
                entry.role,
                entry.organisation_name,
                entry.person_public_id,
                entry.object_type,
                entry.get_action_display(),
                entry.legal_basis,
                entry.access_point,
                entry.get_result_display(),
            ]
        )
    return response


class ErasureList(RoleRequiredMixin, ListView):
    template_name = "privacy/erasure_list.html"
    paginate_by = 50
    required_roles = MANAGERS
    refused_message = "Wisverslagen zijn voor coördinatoren en beheerders."

    def get_queryset(self):
        return ErasureRecord.objects.filter(organisation_id=self.request.user.organisation_id)
