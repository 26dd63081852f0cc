"""Forms for referring (the referrer), accepting and declining (the receiving worker), and
choosing the period of the overview."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from kwartier.core.access.lookup import plausible_pk
from kwartier.core.access.roles import WORKERS
from kwartier.core.forms import DateInput, PostcodeField
from kwartier.core.models import Area, Organisation, User
from kwartier.privacy.models import Consent

from .figures import parse_period
from .models import RECEIVING_KINDS, Referral
from .services import check_intake

DEFAULT_METHOD = "welzijn-op-recept"
MAX_REASON = 2000


class SafeModelChoiceField(forms.ModelChoiceField):
    """An id that is not a whole number within the database's range is an invalid
    choice, never an OverflowError from the query."""

    def to_python(self, value):
        if value not in self.empty_values and not plausible_pk(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


def receiving_organisations():
    return Organisation.objects.filter(kind__in=RECEIVING_KINDS).order_by("name")


def referable_methods():
    from kwartier.methods.models import Method

    return Method.objects.current().order_by("name")


class MethodChoiceField(SafeModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ReferralForm(forms.ModelForm):
    """The referrer's form: to whom, the resident's minimum, the question, the consent."""

    organisation = SafeModelChoiceField(
        label="Naar organisatie",
        queryset=Organisation.objects.none(),
        empty_label="Kies een organisatie",
    )
    method = MethodChoiceField(label="Methode", queryset=None, empty_label=None)
    postcode = PostcodeField(label="Postcode", max_length=7, required=False)
    confirm = forms.BooleanField(
        label="De bewoner weet van deze verwijzing en gaf toestemming om deze gegevens "
        "door te geven.",
        error_messages={"required": "Zonder toestemming van de bewoner kunt u niet verwijzen."},
    )

    groups = (
        ("Naar", ("organisation", "method", "referrer_contact")),
        (
            "Bewoner (alleen wat nodig is om contact te leggen)",
            (
                "given_name",
                "infix",
                "family_name",
                "birth_year",
                "postcode",
                "house_number",
                "house_number_suffix",
                "phone",
            ),
        ),
        ("Vraag", ("reason",)),
        (
            "Toestemming van de bewoner",
            ("consent_obtained", "consent_on", "representative", "feedback_scope", "confirm"),
        ),
    )

    class Meta:
        model = Referral
        fields = [
            "organisation",
            "method",
            "referrer_contact",
            "given_name",
            "infix",
            "family_name",
            "birth_year",
            "postcode",
            "house_number",
            "house_number_suffix",
            "phone",
            "reason",
            "consent_obtained",
            "consent_on",
            "representative",
            "feedback_scope",
        ]
        widgets = {
            "consent_on": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 4, "maxlength": MAX_REASON}),
            "feedback_scope": forms.RadioSelect,
            "consent_obtained": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        receivers = receiving_organisations()
        self.fields["organisation"].queryset = receivers
        if len(receivers) == 1:
            self.fields["organisation"].initial = receivers[0].pk
        self.fields["method"].queryset = referable_methods()
        self.fields["consent_obtained"].choices = Consent.Obtained.choices  # no empty radio
        self.fields["birth_year"].widget.attrs.update(min=1900, inputmode="numeric")
        self.fields["consent_on"].initial = timezone.localdate()
        default = self.fields["method"].queryset.filter(code=DEFAULT_METHOD).first()
        if default is not None:
            self.fields["method"].initial = default.pk

    def grouped(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.groups]

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) > MAX_REASON:
            raise forms.ValidationError(f"Houd de vraag korter dan {MAX_REASON} tekens.")
        return reason

    def clean(self):
        cleaned = super().clean()
        for field, message in check_intake(cleaned).items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned


class WorkerChoiceField(SafeModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class AcceptForm(forms.Form):
    """Accept: which resident (a candidate or a new registration), from when, with whom."""

    NEW = "nieuw"

    resident = forms.ChoiceField(label="Bewoner", widget=forms.RadioSelect)
    started_on = forms.DateField(label="Startdatum van het traject", widget=DateInput())
    worker = WorkerChoiceField(label="Begeleider (contactpersoon)", queryset=User.objects.none())
    street = forms.CharField(label="Straat", max_length=120, required=False)
    city = forms.CharField(label="Plaats", max_length=80, required=False)
    buurt = SafeModelChoiceField(
        label="Buurt", queryset=Area.objects.filter(level=Area.Level.BUURT), required=False
    )

    def __init__(self, *args, referral, candidates, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.referral = referral
        self.candidates = {p.public_id: p for p in candidates}
        choices = [
            (
                p.public_id,
                f"{p.full_name}, {p.year_of_birth or '?'}"
                + (f", {p.household}" if p.household else "")
                + f" ({p.public_id})",
            )
            for p in candidates
        ]
        choices.append((self.NEW, "Nieuwe bewoner registreren met de gegevens van de verwijzing"))
        self.fields["resident"].choices = choices
        self.fields["resident"].initial = choices[0][0]
        self.fields["started_on"].initial = timezone.localdate()
        self.fields["worker"].queryset = User.objects.filter(
            organisation_id=user.organisation_id, role__in=WORKERS, is_active=True
        ).order_by("first_name", "last_name", "username")
        self.fields["worker"].initial = user.pk
        self.needs_address = bool(referral.postcode)
        if not self.needs_address:
            for name in ("street", "city", "buurt"):
                del self.fields[name]
        else:
            for name in ("street", "city", "buurt"):
                self.fields[name].help_text = (
                    "Alleen nodig voor een nieuwe bewoner op een adres dat nog niet bij u "
                    "bekend is."
                )

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("resident")
        cleaned["person"] = self.candidates.get(choice) if choice != self.NEW else None
        if choice == self.NEW and self.needs_address:
            filled = [cleaned.get(n) for n in ("street", "city", "buurt")]
            if any(filled) and not all(filled):
                for name, value in zip(("street", "city", "buurt"), filled, strict=True):
                    if not value:
                        self.add_error(name, "Vul straat, plaats en buurt allemaal in.")
        return cleaned

    def address(self) -> dict | None:
        if not self.needs_address or not self.cleaned_data.get("street"):
            return None
        return {k: self.cleaned_data[k] for k in ("street", "city", "buurt")}


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label="Reden", choices=Referral.DeclineReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Toelichting",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Gaat mee naar de verwijzer. Schrijf niets wat de bewoner niet met de "
        "verwijzer wil delen.",
    )
    on = forms.DateField(label="Datum", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class OverviewForm(forms.Form):
    periode = forms.CharField(
        label="Periode",
        max_length=10,
        required=False,
        help_text="Jaar (2025), kwartaal (2025Q4) of maand (2025-11).",
    )
    verwijzer = SafeModelChoiceField(
        label="Verwijzer",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Alle verwijzers",
    )

    def __init__(self, *args, referrers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if referrers is None:
            del self.fields["verwijzer"]
        else:
            self.fields["verwijzer"].queryset = referrers

    def clean_periode(self):
        """A Period, or None for the default (overview.default_period)."""
        value = self.cleaned_data["periode"]
        if not value:
            return None
        return parse_period(value)  # its RuleError is this field's error
