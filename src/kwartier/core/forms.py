from django import forms

from .access.roles import Role
from .models import Activity, Area, Household, Organisation, Person, normalise_postcode


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def buurt_field_queryset():
    return Area.objects.filter(level=Area.Level.BUURT)


class AreasField(forms.ModelMultipleChoiceField):
    """Several areas by id; an id beyond the database's integer range is an invalid choice.

    Django checks the chosen ids with an `__in` query, which a too large number crashes
    (OverflowError on SQLite) instead of finding nothing.
    """

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # the parent reports it as an invalid id
            if not -(2**63) <= number < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class PostcodeField(forms.CharField):
    """A postcode as people type it ("1234ab", "1234 ab"), validated as "1234 AB"."""

    def to_python(self, value):
        return normalise_postcode(super().to_python(value))


class DecimalCommaField(forms.DecimalField):
    """An amount with a decimal comma ("2,50", as Dutch users type it) or point ("2.50"),
    whatever the interface language; shown in the language's own notation."""

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split())
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)

    def widget_attrs(self, widget):
        # A localized field is a text box: ask phones for the keypad with a comma.
        return {**super().widget_attrs(widget), "inputmode": "decimal"}


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "given_name",
            "infix",
            "family_name",
            "birth_date",
            "birth_year",
            "phone",
            "email",
            "household",
        ]
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only addresses the user may see can be chosen, so a form never leaks one.
        self.fields["household"].queryset = Household.objects.visible_to(user).select_related(
            "buurt"
        )
        self.fields["household"].empty_label = "Geen of onbekend adres"


class HouseholdForm(forms.ModelForm):
    class Meta:
        model = Household
        fields = ["street", "house_number", "house_number_suffix", "postcode", "city", "buurt"]
        field_classes = {"postcode": PostcodeField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buurt"].queryset = buurt_field_queryset()
        self.fields["postcode"].widget.attrs.update({"autocomplete": "postal-code"})


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "description", "areas", "email", "phone", "website", "address"]
        widgets = {"areas": forms.CheckboxSelectMultiple}
        field_classes = {"areas": AreasField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "organisation",
            "title",
            "kind",
            "description",
            "target_group",
            "buurt",
            "location",
            "schedule",
            "cost",
            "contact",
            "gastvrij",
            "active",
        ]
        field_classes = {"cost": DecimalCommaField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buurt"].queryset = buurt_field_queryset()
        if user.role == Role.PARTNER:
            # A partner maintains only its own organisation's entries.
            self.fields["organisation"].queryset = Organisation.objects.filter(
                pk=user.organisation_id
            )
            self.fields["organisation"].initial = user.organisation_id


class SearchForm(forms.Form):
    """The filter bar above every list: free text and an area."""

    q = forms.CharField(label="Zoeken", required=False, max_length=100)
    gebied = forms.ModelChoiceField(
        label="Gebied",
        queryset=Area.objects.all(),
        required=False,
        empty_label="Alle gebieden",
    )
