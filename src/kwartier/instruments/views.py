"""Metingen pages: a resident's measurements with charts, the form per instrument,
one measurement's answers, and recomputing its score.

Thin: access is decided in `access.py`, labels and charts in `display.py`. Each
request that shows or changes a resident's measurements writes one access-log entry
(category "metingen"); refusals are logged as denied.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from kwartier.core.access.log import Action, log_object

from . import definitions, display, org_settings, services
from .access import CATEGORY, can_configure, can_write, measurement_for, resident_for
from .forms import MeasurementForm
from .models import Measurement

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
HISTORY_KINDS = {"+": "vastgelegd", "~": "gewijzigd", "-": "verwijderd"}


def instrument_or_404(code: str) -> definitions.Instrument:
    try:
        return definitions.get(code)
    except definitions.UnknownInstrument:
        raise Http404("Onbekend meetinstrument.") from None


class InstrumentList(LoginRequiredMixin, TemplateView):
    """The instruments Kwartier offers, with their source: no person-level data."""

    template_name = "instruments/instrument_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The bands as the user's organisation has chosen them (the defaults otherwise).
        chosen = org_settings.chosen_for(self.request.user.organisation_id)
        context["instruments"] = [
            {
                "definition": i,
                "bands": display.bands_of(i, chosen),
                "direction": display.direction_note(i),
            }
            for i in definitions.INSTRUMENTS.values()
        ]
        context["chosen"] = bool(chosen)
        context["can_configure"] = can_configure(self.request.user)
        return context


class ResidentMixin(LoginRequiredMixin):
    """Finds the resident (or answers a logged 403/404) before anything else happens."""

    edit_only = False  # pages that exist only to record or recompute

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


class MeasurementsPage(ResidentMixin, TemplateView):
    """All measurements of one resident, grouped per instrument, with the change charted."""

    template_name = "instruments/measurements.html"

    def get(self, request, *args, **kwargs):
        log_object(request, self.person, Action.READ, CATEGORY)
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        measurements = Measurement.objects.filter(person=self.person).order_by("measured_on", "pk")
        context["sections"] = instrument_sections(measurements)
        context["instruments"] = list(definitions.INSTRUMENTS.values())
        return context


class MeasurementCreate(ResidentMixin, TemplateView):
    template_name = "instruments/measurement_form.html"
    edit_only = True

    def setup_instrument(self):
        self.instrument = instrument_or_404(self.kwargs["code"])

    def get(self, request, *args, **kwargs):
        self.setup_instrument()
        log_object(request, self.person, Action.READ, CATEGORY)
        form = MeasurementForm(instrument=self.instrument)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        self.setup_instrument()
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
                log_object(request, measurement, Action.CREATE, CATEGORY)
                messages.success(request, f"Meting opgeslagen: {self.instrument.name}.")
                return redirect(measurement.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["instrument"] = self.instrument
        return context


class MeasurementDetail(ResidentMixin, TemplateView):
    template_name = "instruments/measurement_detail.html"

    def get(self, request, *args, **kwargs):
        measurement = measurement_for(request, self.person, kwargs["pk"])
        log_object(request, measurement, Action.READ, CATEGORY)
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


class MeasurementRescore(ResidentMixin, TemplateView):
    """POST only: compute the score again from the stored answers."""

    edit_only = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        measurement = measurement_for(request, self.person, kwargs["pk"])
        try:
            changed = services.rescore(measurement, request.user)
        except ValidationError as error:
            messages.error(request, "Opnieuw berekenen lukt niet: " + " ".join(error.messages))
            return redirect(measurement.get_absolute_url())
        log_object(request, measurement, Action.CHANGE if changed else Action.READ, CATEGORY)
        messages.success(
            request,
            "De score is opnieuw berekend en gewijzigd."
            if changed
            else "De score is opnieuw berekend: er veranderde niets.",
        )
        return redirect(measurement.get_absolute_url())
