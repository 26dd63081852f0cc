"""Forms for hulpvragen, aanbod, decisions on proposals, matches and fte records."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from kwartier.core.access.roles import Role
from kwartier.core.forms import DateInput
from kwartier.core.models import Area, Organisation, Person, User
from kwartier.core.validators import field_validators

from .categories import SLOT_CHOICES, WEEKDAY_NAMES, language_name, parse_languages
from .matching import DAYPARTS, WEEKDAYS
from .models import Helper, HelpRequest, Match, ProfessionalCapacity, Proposal, SupportCategory
from .workflow import ACTION_LABELS, manual_targets


class SlotGridWidget(forms.CheckboxSelectMultiple):
    """The 28 dagdelen as a week grid: a row per weekday, a column per dagdeel."""

    template_name = "support/widgets/slot_grid.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = {str(v) for v in (value or [])}
        base_id = (attrs or {}).get("id") or f"id_{name}"
        context["parts"] = DAYPARTS
        context["rows"] = [
            {
                "day": WEEKDAY_NAMES[day],
                "cells": [
                    {
                        "value": f"{day}-{part}",
                        "id": f"{base_id}_{day}_{part}",
                        "label": f"{WEEKDAY_NAMES[day]} {part}",
                        "checked": f"{day}-{part}" in chosen,
                    }
                    for part in DAYPARTS
                ],
            }
            for day in WEEKDAYS
        ]
        return context

    def id_for_label(self, id_, index=None):
        # The legend names the group; the grid's first box carries the field's id.
        return f"{id_}_{WEEKDAYS[0]}_{DAYPARTS[0]}" if id_ else id_


class SlotField(forms.MultipleChoiceField):
    widget = SlotGridWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Dagdelen")
        kwargs.setdefault("error_messages", {"required": "Kies minstens één dagdeel."})
        super().__init__(choices=SLOT_CHOICES, **kwargs)


class LanguagesField(forms.CharField):
    """Languages typed as codes or Dutch names, in order of preference: 'Turks, nl'."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(language_name(code) for code in value)
        return value

    def clean(self, value):
        text = super().clean(value)
        codes, unknown = parse_languages(text or "")
        if unknown:
            raise forms.ValidationError(
                f"Onbekende taal: {', '.join(unknown)}. Gebruik bijvoorbeeld Nederlands, Turks "
                "of de code (nl, tr)."
            )
        return codes


class CheckedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids a database integer cannot hold before asking the database.

    An `__in` lookup with such a number makes SQLite raise OverflowError (a 500).
    """

    def _check_values(self, value):
        for item in value if isinstance(value, list | tuple) else [value]:
            try:
                number = int(str(item))
            except ValueError:
                continue  # the normal check reports it
            if not -(2**63) <= number < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)


class ScopedModelForm(forms.ModelForm):
    # Fields shown folded away under `place_label` (support/_form_with_place.html).
    place_fields: tuple[str, ...] = ()
    place_label = ""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def place_has_errors(self) -> bool:
        return any(name in self.errors for name in self.place_fields)


class HelpRequestForm(ScopedModelForm):
    place_fields = ("lat", "lon")
    place_label = "Precieze plek (optioneel, anders het midden van de buurt)"
    resident = forms.CharField(
        label="Bewoner (kenmerk)",
        max_length=12,
        help_text="Het kenmerk staat op de pagina van de bewoner, bijvoorbeeld K-AB23CD45.",
    )
    slots = SlotField()
    languages = LanguagesField(
        label="Talen",
        help_text="Op volgorde van voorkeur, bijvoorbeeld: Turks, Nederlands. Leeg als het "
        "niet uitmaakt.",
    )

    class Meta:
        model = HelpRequest
        fields = [
            "resident",
            "category",
            "description",
            "slots",
            "recurrence",
            "start_date",
            "urgency",
            "languages",
            "helper_gender",
            "requires_vog",
            "registered_on",
            "lat",
            "lon",
        ]
        widgets = {
            "start_date": DateInput(),
            "registered_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = SupportCategory.objects.filter(active=True)
        self.fields["category"].empty_label = "Kies een soort hulp"
        self.fields["registered_on"].help_text = "De wachttijd telt vanaf deze dag."
        if self.instance.pk:
            # The resident of an existing hulpvraag does not change.
            del self.fields["resident"]

    def clean_resident(self):
        public_id = self.cleaned_data["resident"].strip().upper()
        person = Person.objects.visible_to(self.user).filter(public_id=public_id).first()
        if person is None:
            raise forms.ValidationError("Geen bewoner met dit kenmerk in uw werkgebied.")
        return person

    def clean_registered_on(self):
        value = self.cleaned_data["registered_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("De aanmelding ligt in de toekomst.")
        return value

    def save(self, commit=True):
        if "resident" in self.cleaned_data:
            self.instance.person = self.cleaned_data["resident"]
        return super().save(commit)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Nieuwe status")
    reason = forms.CharField(
        label="Reden om te stoppen",
        max_length=200,
        required=False,
        help_text="Bijvoorbeeld: verhuisd, hulp via de familie geregeld.",
    )

    def __init__(self, *args, help_request: HelpRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status, ACTION_LABELS.get(status, HelpRequest.Status(status).label))
            for status in manual_targets(help_request.status)
        ]


class HelperForm(ScopedModelForm):
    place_fields = ("lat", "lon", "radius_km")
    place_label = "Of: een plek en een straal in plaats van een werkgebied"
    slots = SlotField()
    languages = LanguagesField(label="Talen", help_text="Bijvoorbeeld: Nederlands, Arabisch.")

    class Meta:
        model = Helper
        fields = [
            "name",
            "kind",
            "user",
            "external_organisation",
            "categories",
            "slots",
            "area",
            "lat",
            "lon",
            "radius_km",
            "capacity",
            "vog_status",
            "vog_date",
            "languages",
            "gender",
            "phone",
            "email",
            "active",
            "note",
        ]
        widgets = {
            "categories": forms.CheckboxSelectMultiple,
            "vog_date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"categories": CheckedMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = SupportCategory.objects.filter(active=True)
        taken = Helper.objects.exclude(pk=self.instance.pk).exclude(user=None).values("user_id")
        self.fields["user"].queryset = User.objects.filter(
            organisation_id=self.user.organisation_id, role=Role.VRIJWILLIGER
        ).exclude(pk__in=taken)
        self.fields["user"].empty_label = "Geen account"
        self.fields["external_organisation"].queryset = Organisation.objects.exclude(
            pk=self.user.organisation_id
        )
        self.fields["external_organisation"].empty_label = "Onze eigen organisatie"
        self.fields["area"].queryset = Area.objects.exclude(level=Area.Level.GEMEENTE)
        self.fields["area"].empty_label = "Geen: plek en straal hieronder"
        self.fields["kind"].choices = [("", "Kies een soort"), *Helper.Kind.choices]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind in (Helper.Kind.CLUB, Helper.Kind.PROFESSIONEEL) and not cleaned.get(
            "external_organisation"
        ):
            self.add_error("external_organisation", "Kies de organisatie van deze club of dienst.")
        return cleaned


class AcceptForm(forms.Form):
    """Accepting a proposal; the consent fields apply to a helper of the own organisation."""

    consent_confirmed = forms.BooleanField(
        label="De bewoner heeft toestemming gegeven om de hulpvraag met deze helper te delen",
        required=False,
    )
    consent_obtained = forms.ChoiceField(
        label="Hoe is de toestemming verkregen?",
        choices=[("", "Kies hoe"), *Proposal.Obtained.choices],
        required=False,
    )
    share_contact = forms.BooleanField(
        label="De bewoner wil dat de helper ook telefoon en e-mail krijgt", required=False
    )
    introduction_on = forms.DateField(
        label="Kennismaking op",
        required=False,
        widget=DateInput(),
        help_text="Als die al vastligt.",
        validators=field_validators(Match, "introduction_on"),
    )

    def __init__(self, *args, internal: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not internal:
            for name in ("consent_confirmed", "consent_obtained", "share_contact"):
                del self.fields[name]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Waarom past dit voorstel niet?",
        max_length=200,
        help_text="Deze helper wordt bij de volgende rondes voor deze hulpvraag overgeslagen.",
    )


class MatchRunForm(forms.Form):
    area = forms.ModelChoiceField(
        label="Gebied",
        queryset=Area.objects.none(),
        empty_label="Kies een buurt of wijk",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.all()
        self.fields["area"].label_from_instance = lambda a: (
            f"{a.name} ({a.get_level_display().lower()})"
        )


class IntroductionForm(forms.Form):
    introduction_on = forms.DateField(
        label="Kennismaking op",
        required=False,
        widget=DateInput(),
        validators=field_validators(Match, "introduction_on"),
    )


class FollowUpForm(forms.Form):
    result = forms.ChoiceField(
        label="Heeft dit tot een koppeling geleid?",
        choices=Match.FollowUp.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Toelichting", max_length=300, required=False)


class EndForm(forms.Form):
    outcome = forms.ChoiceField(
        label="En de hulpvraag?",
        choices=[("", "Kies"), *Match.Outcome.choices],
    )
    reason = forms.CharField(label="Reden van beëindigen", max_length=200)


class CapacityForm(ScopedModelForm):
    class Meta:
        model = ProfessionalCapacity
        fields = ["area", "period_start", "period_end", "fte", "note"]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].empty_label = "Kies een gebied"
        self.fields["fte"].help_text = "Betaalde professionele inzet in dit gebied, in fte."


class MultiplierFilterForm(forms.Form):
    gebied = forms.ModelChoiceField(
        label="Gebied", queryset=Area.objects.all(), required=False, empty_label="Alle gebieden"
    )
    van = forms.DateField(label="Van", required=False, widget=DateInput())
    tot = forms.DateField(label="Tot en met", required=False, widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("van"), cleaned.get("tot")
        if start and end and end < start:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")
        return cleaned


class HelpRequestFilterForm(forms.Form):
    q = forms.CharField(label="Zoeken", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Alle open hulpvragen"), *HelpRequest.Status.choices, ("alle", "Alle")],
    )
    category = forms.ModelChoiceField(
        label="Soort hulp",
        queryset=SupportCategory.objects.all(),
        required=False,
        empty_label="Alle soorten",
    )
    gebied = forms.ModelChoiceField(
        label="Gebied", queryset=Area.objects.all(), required=False, empty_label="Alle gebieden"
    )
