"""The form for one tie: who the contact is, and what the tie is like."""

from django import forms

from kwartier.core.models import Organisation, Person

from . import codes
from .access import MAX_ID
from .models import Tie

KIND_CHOICES = [
    (Tie.Kind.LABEL, "Iemand die niet in Kwartier staat (alleen een naam of omschrijving)"),
    (Tie.Kind.PERSON, "Een bewoner die in Kwartier staat (met kenmerk)"),
    (Tie.Kind.ORGANISATION, "Een organisatie, zoals de huisarts of een club"),
]


def with_empty(choices, label="Kies …"):
    return [("", label), *choices]


class OrganisationChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that answers "not a valid choice" to ids no database can hold."""

    def to_python(self, value):
        if value not in self.empty_values:
            try:
                number = int(str(value))
            except ValueError:
                number = None
            if number is None or not 0 < number <= MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
        return super().to_python(value)


class TieForm(forms.ModelForm):
    contact_kind = forms.ChoiceField(
        label="Wie is het contact?", choices=with_empty(KIND_CHOICES), initial=Tie.Kind.LABEL
    )
    contact_public_id = forms.CharField(
        label="Kenmerk van de bewoner",
        required=False,
        max_length=12,
        help_text="Het kenmerk (K-…) staat op de pagina van die bewoner.",
    )
    contact_organisation = OrganisationChoiceField(
        label="Organisatie",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label="Kies een organisatie",
    )
    functions = forms.MultipleChoiceField(
        label="Functies van de steun",
        choices=list(codes.FUNCTIONS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Tie
        fields = [
            "contact_label",
            "contact_organisation",
            "group",
            "strength",
            "direction",
            "functions",
            "frequency",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    field_order = [
        "contact_kind",
        "contact_label",
        "contact_public_id",
        "contact_organisation",
        "group",
        "strength",
        "direction",
        "functions",
        "frequency",
        "note",
    ]

    def __init__(self, *args, person, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.person, self.user = person, user
        self.instance.person = person
        for name, table, required in (
            ("group", codes.GROUPS, "Kies een groep."),
            ("strength", codes.STRENGTHS, "Kies hoe de band is."),
            ("direction", codes.DIRECTIONS, "Kies de richting van de steun."),
            ("frequency", codes.FREQUENCIES, "Kies hoe vaak er contact is."),
        ):
            self.fields[name].choices = with_empty(table.items())
            self.fields[name].error_messages["required"] = required
        self.fields["contact_kind"].error_messages["required"] = "Kies wie het contact is."
        self.fields["contact_label"].widget.attrs["autocomplete"] = "off"
        self.hidden_contact = False
        if self.instance.pk:
            self.initial["contact_kind"] = self.instance.kind
            self.initial["functions"] = list(self.instance.functions)
            if self.instance.contact_person_id:
                visible = Person.objects.visible_to(user).filter(pk=self.instance.contact_person_id)
                if visible.exists():
                    self.initial["contact_public_id"] = self.instance.contact_person.public_id
                else:
                    # Someone the user may not see: keep them unless the user changes it.
                    self.hidden_contact = True
                    self.fields["contact_public_id"].help_text = (
                        "Dit contact is een bewoner buiten uw bereik. Laat het veld leeg "
                        "om dit contact te houden."
                    )

    def clean_contact_public_id(self):
        return self.cleaned_data["contact_public_id"].strip().upper()

    def clean_functions(self):
        return codes.normalise_functions(self.cleaned_data["functions"])

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("contact_kind")
        tie = self.instance
        if kind == Tie.Kind.PERSON:
            contact = self._contact_person(cleaned.get("contact_public_id", ""))
            tie.contact_person = contact
            cleaned["contact_organisation"] = None
            cleaned["contact_label"] = ""
        elif kind == Tie.Kind.ORGANISATION:
            tie.contact_person = None
            cleaned["contact_label"] = ""
            if not cleaned.get("contact_organisation") and "contact_organisation" not in (
                self.errors
            ):
                self.add_error("contact_organisation", "Kies een organisatie.")
        elif kind == Tie.Kind.LABEL:
            tie.contact_person = None
            cleaned["contact_organisation"] = None
            cleaned["contact_label"] = " ".join(cleaned.get("contact_label", "").split())
            if not cleaned["contact_label"] and "contact_label" not in self.errors:
                self.add_error("contact_label", "Vul een naam of omschrijving in.")
        if kind and not self.errors:
            tie.contact_organisation = cleaned.get("contact_organisation")
            tie.contact_label = cleaned.get("contact_label", "")
            problems = tie.contact_problems()
            field = {
                Tie.Kind.PERSON: "contact_public_id",
                Tie.Kind.ORGANISATION: "contact_organisation",
                Tie.Kind.LABEL: "contact_label",
            }[kind]
            for message in problems.values():
                self.add_error(field, message)
        return cleaned

    def _contact_person(self, public_id: str):
        if not public_id:
            if self.hidden_contact:
                return self.instance.contact_person
            self.add_error("contact_public_id", "Vul het kenmerk van de bewoner in.")
            return None
        if public_id == self.person.public_id:
            self.add_error("contact_public_id", "Dit is de bewoner zelf.")
            return None
        contact = Person.objects.visible_to(self.user).filter(public_id=public_id).first()
        if contact is None:
            self.add_error("contact_public_id", "Geen bewoner met dit kenmerk in uw bereik.")
        return contact
