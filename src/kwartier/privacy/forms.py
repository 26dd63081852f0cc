from django import forms
from django.utils import timezone

from kwartier.core.access.log import AccessLogEntry
from kwartier.core.forms import DateInput
from kwartier.core.models import Organisation
from kwartier.core.validators import field_validators

from .models import Consent, DataCategory, ErasureRecord, Purpose


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = [
            "organisation",
            "purpose",
            "categories",
            "valid_from",
            "valid_until",
            "obtained",
            "representative",
            "note",
        ]
        widgets = {
            "categories": forms.CheckboxSelectMultiple,
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.person = person
        # Consent is for sharing with another organisation than the one holding the dossier.
        self.fields["organisation"].queryset = Organisation.objects.exclude(
            pk=person.organisation_id
        )
        self.fields["organisation"].empty_label = "Kies een organisatie"
        self.fields["purpose"].queryset = Purpose.objects.filter(active=True)
        self.fields["purpose"].empty_label = "Kies een doel"
        self.fields["obtained"].choices = [("", "Kies hoe"), *Consent.Obtained.choices]
        self.fields["categories"].queryset = DataCategory.objects.all()


class ErasureForm(forms.Form):
    requested_on = forms.DateField(
        label="Verzoek ontvangen op",
        widget=DateInput(),
        initial=timezone.localdate,
        validators=field_validators(ErasureRecord, "requested_on"),
    )
    reason = forms.CharField(
        label="Grond",
        max_length=200,
        initial="Verzoek van de bewoner (AVG art. 17, Wmo 2015 art. 5.3.6)",
    )
    confirm = forms.BooleanField(
        label="Ik heb gecontroleerd wat er gewist wordt. Dit kan niet ongedaan worden gemaakt.",
    )

    def clean_requested_on(self):
        value = self.cleaned_data["requested_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("De datum van het verzoek ligt in de toekomst.")
        return value


class AccessLogFilterForm(forms.Form):
    person = forms.CharField(label="Kenmerk bewoner", required=False, max_length=12)
    username = forms.CharField(label="Gebruiker", required=False, max_length=150)
    action = forms.ChoiceField(
        label="Handeling",
        required=False,
        choices=[("", "Alle handelingen"), *AccessLogEntry.Action.choices],
    )
    result = forms.ChoiceField(
        label="Resultaat",
        required=False,
        choices=[("", "Alle resultaten"), *AccessLogEntry.Result.choices],
    )
    since = forms.DateField(label="Vanaf", required=False, widget=DateInput())
    until = forms.DateField(label="Tot en met", required=False, widget=DateInput())
