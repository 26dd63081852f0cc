"""The organisation's scoring settings: choosing a rule, and recomputing the scores.

Only the coördinator and the beheerder of the organisation (declared: `MANAGERS`, the
access layer's gate refuses everyone else with 403). A saved change is written to the
setting's history and to the access log; the page then offers to recompute the
measurements whose stored score was computed with other rules, saying how many would
change band.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView

from kwartier.core.access.pages import RoleRequiredMixin
from kwartier.core.access.roles import MANAGERS

from . import definitions, display, org_settings, recompute, scoring
from .access import SETTINGS_REFUSED
from .forms import SettingsForm


class SettingsMixin(RoleRequiredMixin):
    """The settings of the user's own organisation, for its coördinator and beheerder."""

    required_roles = MANAGERS
    organisation_required = True
    refused_message = SETTINGS_REFUSED


def _sections(organisation_id, form: SettingsForm) -> list[dict]:
    """Per instrument with settings: each setting with its options, the default marked."""
    sections: dict[str, dict] = {}
    for row in org_settings.setting_rows(organisation_id):
        setting, instrument = row["setting"], row["instrument"]
        section = sections.setdefault(instrument.code, {"instrument": instrument, "settings": []})
        section["settings"].append(
            {
                **row,
                "title": display.SETTING_TITLES[setting.target],
                "field": form.field_for(setting.name),
                "options": [
                    {
                        "choice": choice,
                        "default": choice.code == setting.default,
                        "current": choice.code == row["choice"],
                    }
                    for choice in setting.choices
                ],
            }
        )
    return list(sections.values())


def _history_row(version) -> dict:
    """A stored version of a setting, in words (the codes stay in `reason`)."""
    setting = definitions.SETTINGS.get(version.name)
    choice = setting.choice(version.choice) if setting else None
    return {
        "when": version.history_date,
        "name": version.name,
        "title": display.SETTING_TITLES[setting.target] if setting else "",
        "label": choice.label if choice else version.choice,
        "reason": version.history_change_reason or version.choice,
        "by": version.history_user,
    }


class SettingsPage(SettingsMixin, TemplateView):
    template_name = "instruments/settings.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                changes = org_settings.change_settings_logged(
                    request, form.cleaned_data["settings"]
                )
            except scoring.InvalidSetting as error:
                form.add_error(None, str(error))
            else:
                if changes:
                    messages.success(
                        request,
                        "Instellingen opgeslagen. Nieuwe metingen worden met de nieuwe keuze "
                        "berekend.",
                    )
                else:
                    messages.info(request, "Er is niets gewijzigd.")
                return redirect("instrument-settings")
        return self.render_to_response(self.get_context_data(form=form), status=200)

    def _form(self, data=None) -> SettingsForm:
        current = org_settings.chosen_for(self.request.user.organisation_id)
        return SettingsForm(data, current=current)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation_id = self.request.user.organisation_id
        context["organisation"] = self.request.user.organisation
        context["sections"] = _sections(organisation_id, context["form"])
        context["outdated"] = recompute.outdated(organisation_id)
        context["history"] = [_history_row(v) for v in org_settings.history_for(organisation_id)]
        return context


class SettingsRecompute(SettingsMixin, TemplateView):
    """POST only: the confirmation of the offer on the settings page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        changed = recompute.recompute_logged(request)
        word = "meting" if changed == 1 else "metingen"
        messages.success(request, f"{changed} {word} opnieuw berekend met de huidige instellingen.")
        return redirect("instrument-settings")
