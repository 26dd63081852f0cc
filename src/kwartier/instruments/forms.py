"""The form of one instrument, generated from its definition.

Every item is a radio group (a fieldset with the question as legend); the carer
scale's context numbers are number fields. Validation and scoring are the scoring
module's: its error names the item, and the form puts it at that item.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from . import definitions, services
from .definitions import ContextField, Instrument, Item, Method

REQUIRED = "Kies een antwoord bij deze vraag."


def field_name(item_id: str) -> str:
    return f"item_{item_id}"


class ItemRadioSelect(forms.RadioSelect):
    """Radio buttons that tell the template which question they belong to."""

    def __init__(self, item: Item, number: int, **kwargs):
        super().__init__(**kwargs)
        self.item = item
        self.number = number


class MeasurementForm(forms.Form):
    """`cleaned_data["answers"]` holds the typed answers; `score` the computed score."""

    measured_on = forms.DateField(
        label="Datum van de meting",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Vul de datum van de meting in.",
            "invalid": "Dit is geen geldige datum.",
        },
    )

    def __init__(self, *args, instrument: Instrument, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.person = person
        self.score = None
        self.fields["measured_on"].initial = timezone.localdate()
        # Profiles and the ladder need every answer; sum scales allow missing ones.
        required = instrument.method is not Method.SUM
        for number, item in enumerate(instrument.items, start=1):
            self.fields[field_name(item.id)] = forms.ChoiceField(
                label=item.text,
                choices=[(str(o.code), o.label) for o in item.options],
                widget=ItemRadioSelect(item, number),
                required=required,
                error_messages={
                    "required": REQUIRED,
                    "invalid_choice": "Kies een van de antwoorden bij deze vraag.",
                },
            )
        for context_field in instrument.context_fields:
            self.fields[field_name(context_field.id)] = _number_field(context_field)

    def item_fields(self):
        """(intro, bound field) per item: the intro of a subscale at its first item."""
        intros = {sub.code: sub.intro for sub in self.instrument.subscales if sub.intro}
        shown = set()
        rows = []
        for item in self.instrument.items:
            intro = ""
            if item.subscale in intros and item.subscale not in shown:
                intro, _ = intros[item.subscale], shown.add(item.subscale)
            rows.append((intro, self[field_name(item.id)]))
        return rows

    def context_fields(self):
        return [self[field_name(f.id)] for f in self.instrument.context_fields]

    def clean_measured_on(self):
        try:
            return services.check_date(self.cleaned_data["measured_on"], self.person)
        except ValidationError as error:
            raise ValidationError(error.message_dict["measured_on"]) from None

    def clean(self):
        cleaned = super().clean()
        answers = {}
        for item in self.instrument.items:
            value = cleaned.get(field_name(item.id))
            if value not in (None, ""):
                # The radio sends text; ladder, ZRM and LSNS codes are whole numbers.
                answers[item.id] = item.answer_type(value)
        for context_field in self.instrument.context_fields:
            value = cleaned.get(field_name(context_field.id))
            if value is not None:
                answers[context_field.id] = int(value) if context_field.integer else float(value)
        if self.errors:
            return cleaned
        try:
            self.score = services.score_answers(self.instrument.code, answers)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                name = field_name(key)
                self.add_error(name if name in self.fields else None, messages)
        cleaned["answers"] = answers
        return cleaned


def _number_field(context_field: ContextField) -> forms.Field:
    limits = {
        "min_value": context_field.minimum,
        "max_value": context_field.maximum,
        "required": False,
        "label": f"{context_field.label} ({context_field.unit})",
        "help_text": "Niet verplicht; telt niet mee in de score.",
    }
    if context_field.integer:
        return forms.IntegerField(**limits)
    return forms.DecimalField(decimal_places=1, **limits, localize=True)


SETTING_REQUIRED = "Kies een van de mogelijkheden bij deze instelling."


def setting_field_name(name: str) -> str:
    """Form field of a setting: "djg11.banden" → "djg11-banden" (ids without dots)."""
    return name.replace(".", "-")


class SettingsForm(forms.Form):
    """One radio group per setting that has more than one choice.

    `cleaned_data["settings"]` is setting name → choice, as `org_settings` takes it.
    """

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for setting in definitions.SETTINGS.values():
            if len(setting.choices) < 2:
                continue  # nothing to choose: shown as text on the page
            self.fields[setting_field_name(setting.name)] = forms.ChoiceField(
                label=setting.name,
                choices=[(choice.code, choice.label) for choice in setting.choices],
                initial=current.get(setting.name, setting.default),
                widget=forms.RadioSelect,
                error_messages={"required": SETTING_REQUIRED, "invalid_choice": SETTING_REQUIRED},
            )

    def field_for(self, name: str):
        field = setting_field_name(name)
        return self[field] if field in self.fields else None

    def clean(self):
        cleaned = super().clean()
        cleaned["settings"] = {
            setting.name: cleaned[setting_field_name(setting.name)]
            for setting in definitions.SETTINGS.values()
            if setting_field_name(setting.name) in cleaned
        }
        return cleaned
