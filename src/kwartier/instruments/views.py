"""Metingen pages: a resident's measurements with charts, the form per instrument,
one measurement's answers, and recomputing its score.

Thin: who may open them is declared (`required_roles`, data category "metingen") and
checked by the access layer's gate, which also writes the access log (category
"metingen"): a read, a create or a change, refusals as denied. Labels and charts are
in `display.py`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from kwartier.core.access.log import Action
from kwartier.core.access.pages import ResidentMixin, RoleRequiredMixin
from kwartier.core.access.roles import DOSSIER_READERS, EVERYONE, MANAGERS, WORKERS, has_role

from . import definitions, display, org_settings, services
from .access import CATEGORY, ROLE_REFUSED, WRITE_REFUSED, measurement_for
from .forms import MeasurementForm
from .models import Measurement

HISTORY_KINDS = {"+": "vastgelegd", "~": "gewijzigd", "-": "verwijderd"}


def instrument_or_404(code: str) -> definitions.Instrument:
    try:
        return definitions.get(code)
    except definitions.UnknownInstrument:
        raise Http404("Onbekend meetinstrument.") from None


class InstrumentList(RoleRequiredMixin, TemplateView):
    """The instruments Kwartier offers, with their source: no person-level data."""

    template_name = "instruments/instrument_list.html"
    required_roles = EVERYONE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        # The bands as the user's organisation has chosen them (the defaults otherwise).
        chosen = org_settings.chosen_for(user.organisation_id)
        context["instruments"] = [
            {
                "definition": i,
                "bands": display.bands_of(i, chosen),
                "direction": display.direction_note(i),
            }
            for i in definitions.INSTRUMENTS.values()
        ]
        context["chosen"] = bool(chosen)
        context["can_configure"] = has_role(user, MANAGERS) and user.organisation_id is not None
        return context


class MeasurementsMixin(ResidentMixin):
    """A resident's measurements: workers read and record them, a partner reads them
    under a consent that covers metingen."""

    required_roles = {"read": DOSSIER_READERS, "write": WORKERS}
    data_category = log_object_type = CATEGORY
    refused_message = ROLE_REFUSED

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.person
        context["can_edit"] = has_role(self.request.user, WORKERS)
        return context


class MeasurementMixin(MeasurementsMixin):
    """Pages on one measurement of the resident: it is the page's subject."""

    def resolve_access(self, request, *args, **kwargs):
        super().resolve_access(request, *args, **kwargs)
        self.measurement = measurement_for(request, self.person, kwargs["pk"])
        self.audit(self.measurement)


def instrument_sections(measurements, id_prefix: str = "grafiek") -> list[dict]:
    """Per instrument with measurements (in the definitions' order): rows, charts, latest."""
    by_code: dict[str, list] = {}
    for measurement in measurements:
        by_code.setdefault(measurement.instrument, []).append(measurement)
    sections = []
    for code, instrument in definitions.INSTRUMENTS.items():
        rows = by_code.get(code)
        if not rows:
            continue
        sections.append(
            {
                "definition": instrument,
                "measurements": [
                    {
                        "object": m,
                        "result": display.total_text(instrument, m),
                        "subscales": display.subscale_rows(instrument, m.subscales),
                    }
                    for m in rows
                ],
                "charts": display.charts_for(instrument, rows, f"{id_prefix}-{code}"),
                "latest": rows[-1],
                "direction": display.direction_note(instrument),
                "signals": display.signals(instrument, rows),
                "mixed_bands": display.mixed_band_rules(instrument, rows),
                "profile": instrument.method is definitions.Method.PROFILE,
                # The ZRM as a table: a row per domain, a column per measurement.
                "profile_rows": [
                    (item.text, [m.subscales.get(item.id) for m in rows])
                    for item in instrument.items
                ],
            }
        )
    return sections


class MeasurementsPage(MeasurementsMixin, TemplateView):
    """All measurements of one resident, grouped per instrument, with the change charted."""

    template_name = "instruments/measurements.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        measurements = Measurement.objects.filter(person=self.person).order_by("measured_on", "pk")
        context["sections"] = instrument_sections(measurements)
        context["instruments"] = list(definitions.INSTRUMENTS.values())
        return context


class MeasurementCreate(MeasurementsMixin, TemplateView):
    template_name = "instruments/measurement_form.html"
    required_roles = WORKERS
    refused_message = WRITE_REFUSED
    write_only = True

    def resolve_access(self, request, *args, **kwargs):
        super().resolve_access(request, *args, **kwargs)
        self.instrument = instrument_or_404(kwargs["code"])

    def get(self, request, *args, **kwargs):
        form = MeasurementForm(instrument=self.instrument)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = MeasurementForm(request.POST, instrument=self.instrument, person=self.person)
        if form.is_valid():
            try:
                measurement = services.record_measurement(
                    self.person,
                    self.instrument.code,
                    form.cleaned_data["answers"],
                    form.cleaned_data["measured_on"],
                    request.user,
                )
            except ValidationError as error:  # checked by the form already; kept as a guard
                form.add_error(None, error.messages)
            else:
                self.audit(measurement, Action.CREATE)
                messages.success(request, f"Meting opgeslagen: {self.instrument.name}.")
                return redirect(measurement.get_absolute_url())
        # The form shown again with its errors: a read of the resident.
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["instrument"] = self.instrument
        return context


class MeasurementDetail(MeasurementMixin, TemplateView):
    template_name = "instruments/measurement_detail.html"

    def get(self, request, *args, **kwargs):
        measurement = self.measurement
        instrument = measurement.definition
        settings = org_settings.chosen_for(self.person.organisation_id)
        try:
            current = services.score_answers(
                instrument.code, measurement.answers, settings
            ).rule_version
        except ValidationError:  # answers the current definition no longer accepts
            current = None
        context = self.get_context_data(
            measurement=measurement,
            instrument=instrument,
            result=display.total_text(instrument, measurement),
            subscales=display.subscale_rows(instrument, measurement.subscales),
            answers=display.answer_rows(instrument, measurement.answers),
            outdated=current != measurement.rule_version,
            history=[
                {
                    "when": version.history_date,
                    "what": HISTORY_KINDS.get(version.history_type, "gewijzigd"),
                    "reason": version.history_change_reason or "",
                    "result": display.total_text(instrument, version),
                    "by": version.history_user,
                }
                for version in measurement.history.select_related("history_user").order_by(
                    "-history_date"
                )
            ],
        )
        return self.render_to_response(context)


class MeasurementRescore(MeasurementMixin, TemplateView):
    """POST only: compute the score again from the stored answers."""

    required_roles = WORKERS
    refused_message = WRITE_REFUSED
    write_only = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        measurement = self.measurement
        try:
            changed = services.rescore(measurement, request.user)
        except ValidationError as error:
            # The stored answers were read, nothing changed.
            self.audit(measurement, Action.READ)
            messages.error(request, "Opnieuw berekenen lukt niet: " + " ".join(error.messages))
            return redirect(measurement.get_absolute_url())
        self.audit(measurement, Action.CHANGE if changed else Action.READ)
        messages.success(
            request,
            "De score is opnieuw berekend en gewijzigd."
            if changed
            else "De score is opnieuw berekend: er veranderde niets.",
        )
        return redirect(measurement.get_absolute_url())
