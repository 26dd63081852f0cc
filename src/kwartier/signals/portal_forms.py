"""Forms of the resident portal's reporting (/buurt/melden/): wat, waar, contact, and the
reporter's answer after closing. Every error is a Dutch message on the field it is about.

The forms return plain values (ids, strings) that the wizard keeps in the session between
the steps; the signal itself is made only when the resident sends it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from kwartier.core.errors import RuleError
from kwartier.core.forms import DecimalCommaField
from kwartier.core.geo import buurt_at
from kwartier.core.models import Area
from kwartier.core.validators import validate_phone

from . import photos
from .feedback import COMMENT_MAX
from .models import DESCRIPTION_MAX, LATITUDE, LONGITUDE, PHOTOS_MAX, Category

QUESTION_PREFIX = "vraag_"
POINT_PLACES = Decimal("0.000001")  # the model keeps six decimals (about 10 cm)
OUTSIDE_MESSAGE = "Dit punt ligt niet in een buurt van de gemeente."
OUTSIDE = {"min_value": OUTSIDE_MESSAGE, "max_value": OUTSIDE_MESSAGE}


def selectable_categories():
    """What a resident may choose: active public categories without active public
    subcategories (a main category with subcategories is a heading, not a choice)."""
    public = Category.objects.filter(active=True, public=True)
    parents_with_children = public.filter(parent__isnull=False).values("parent_id")
    return public.filter(
        Q(parent__isnull=False, parent__active=True, parent__public=True)
        | (Q(parent__isnull=True) & ~Q(pk__in=parents_with_children))
    )


def category_choices() -> list:
    """The two-level tree as option groups: a main category with its subcategories."""
    chosen = {c.pk: c for c in selectable_categories()}
    mains = Category.objects.filter(parent__isnull=True, active=True, public=True)
    choices: list = [("", "Kies wat u wilt melden")]
    for main in mains:
        children = [(c.pk, c.name) for c in chosen.values() if c.parent_id == main.pk]
        if children:
            children.sort(key=lambda choice: _order(chosen[choice[0]]))
            choices.append((main.name, children))
        elif main.pk in chosen:
            choices.append((main.pk, main.name))
    return choices


def _order(category):
    return (category.order, category.name)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to PHOTOS_MAX photos in one input; each is checked and re-encoded."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        checked = []
        for upload in files:
            try:
                checked.append(photos.validate_photo(upload))
            except RuleError as error:
                raise ValidationError(f"{upload.name}: {error.messages[0]}") from None
        return checked


class WhatForm(forms.Form):
    """Step 1. The chosen category's extra questions are added as fields; when a resident
    picks a category with questions, the step is shown again with them (no script needed).
    """

    category = forms.ModelChoiceField(
        label="Waar gaat uw melding over?",
        queryset=Category.objects.none(),
        error_messages={
            "required": "Kies waar uw melding over gaat.",
            "invalid_choice": "Kies een onderwerp uit de lijst.",
        },
    )
    description = forms.CharField(
        label="Omschrijving",
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Wat is er aan de hand? Hoogstens {DESCRIPTION_MAX} tekens. Noem geen "
        "namen van buurtbewoners.",
        error_messages={
            "required": "Beschrijf wat er aan de hand is.",
            "max_length": "De omschrijving is te lang: hoogstens %(limit_value)d tekens (nu "
            "%(show_value)d).",
        },
    )
    photos = PhotosField(
        label="Foto's (niet verplicht)",
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}),
        help_text=f"Hoogstens {PHOTOS_MAX} foto's, JPEG of PNG, elk hoogstens 10 MB. We "
        "halen de locatie en andere gegevens uit de foto.",
    )
    # The honeypot: hidden from people and screen readers (portal.css, aria-hidden on its
    # wrapper); a program that fills in every field fills this one too.
    website = forms.CharField(
        label="Laat dit veld leeg",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    questions_for = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, kept_photos: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_photos = kept_photos
        field = self.fields["category"]
        field.queryset = selectable_categories()
        field.choices = category_choices()
        self.chosen = self._chosen_category()
        self.question_names = []
        for question in self.chosen.questions if self.chosen else []:
            name = QUESTION_PREFIX + str(question.get("code", ""))
            self.fields[name] = question_field(question)
            self.question_names.append(name)

    def _chosen_category(self):
        value = self.data.get("category") if self.is_bound else self.initial.get("category")
        try:
            return self.fields["category"].queryset.get(pk=int(value))
        except (TypeError, ValueError, Category.DoesNotExist):
            return None

    def question_fields(self):
        return [self[name] for name in self.question_names]

    def main_fields(self):
        return [self[name] for name in ("category", "description", "photos")]

    def clean_photos(self):
        checked = self.cleaned_data["photos"]
        if self.kept_photos + len(checked) > PHOTOS_MAX:
            raise ValidationError(photos.TOO_MANY_PHOTOS)
        return checked

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        if category and category.questions and self.data.get("questions_for") != str(category.pk):
            # The questions were not on the page yet: show them, without errors.
            for name in self.question_names:
                self.errors.pop(name, None)
            raise ValidationError(
                "Bij dit onderwerp horen nog een paar vragen. Vul ze hieronder in."
            )
        return cleaned

    def answers(self) -> dict:
        """The extra questions' answers by question code, as text."""
        answers = {}
        for name in self.question_names:
            value = self.cleaned_data.get(name)
            if value not in (None, ""):
                answers[name.removeprefix(QUESTION_PREFIX)] = str(value)
        return answers


def question_field(question: dict) -> forms.Field:
    """A form field for one of a category's extra questions (see Category.questions)."""
    label = question.get("question") or question.get("code", "")
    required = bool(question.get("required"))
    datatype = question.get("datatype", "string")
    messages = {"required": "Beantwoord deze vraag."}
    if datatype == "singlevaluelist":
        values = [(v["key"], v["name"]) for v in question.get("values", [])]
        return forms.ChoiceField(
            label=label,
            required=required,
            choices=[("", "Kies een antwoord")] + values,
            error_messages={**messages, "invalid_choice": "Kies een antwoord uit de lijst."},
        )
    if datatype == "number":
        return DecimalCommaField(
            label=label, required=required, max_digits=12, decimal_places=2,
            error_messages=messages,
        )  # fmt: skip
    widget = forms.Textarea(attrs={"rows": 3}) if datatype == "text" else forms.TextInput
    return forms.CharField(
        label=label,
        required=required,
        max_length=1000 if datatype == "text" else 200,
        widget=widget,
        error_messages=messages,
    )


class BuurtField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def buurt_choices() -> list:
    """Buurten grouped by their wijk, so a resident finds theirs by the wijk's name."""
    buurten = Area.objects.filter(level=Area.Level.BUURT).select_related("parent")
    groups: dict[str, list] = {}
    for buurt in buurten.order_by("parent__name", "name"):
        groups.setdefault(buurt.parent.name if buurt.parent else "", []).append(
            (buurt.pk, buurt.name)
        )
    return [("", "Kies uw buurt")] + [(wijk, items) for wijk, items in groups.items()]


class WhereForm(forms.Form):
    """Step 2: the buurt (always), and an address or a point if the resident knows it."""

    area = BuurtField(
        label="In welke buurt?",
        queryset=Area.objects.filter(level=Area.Level.BUURT),
        required=False,
        error_messages={"invalid_choice": "Kies een buurt uit de lijst (geen wijk)."},
    )
    address = forms.CharField(
        label="Adres of plek (niet verplicht)",
        max_length=160,
        required=False,
        help_text="Bijvoorbeeld Lindelaan 12, of: speeltuin bij de Lindelaan.",
    )
    latitude = DecimalCommaField(
        label="Breedtegraad (niet verplicht)",
        required=False,
        min_value=Decimal(str(LATITUDE[0])),
        max_value=Decimal(str(LATITUDE[1])),
        help_text="Van een kaart-app, bijvoorbeeld 52,0915.",
        error_messages={"invalid": "Vul een getal in, bijvoorbeeld 52,0915.", **OUTSIDE},
    )
    longitude = DecimalCommaField(
        label="Lengtegraad (niet verplicht)",
        required=False,
        min_value=Decimal(str(LONGITUDE[0])),
        max_value=Decimal(str(LONGITUDE[1])),
        help_text="Bijvoorbeeld 5,1214.",
        error_messages={"invalid": "Vul een getal in, bijvoorbeeld 5,1214.", **OUTSIDE},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = buurt_choices()
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs["inputmode"] = "decimal"

    def clean(self):
        cleaned = super().clean()
        lat, lon = cleaned.get("latitude"), cleaned.get("longitude")
        area = cleaned.get("area")
        if (lat is None) != (lon is None):
            if "latitude" not in self.errors and "longitude" not in self.errors:
                missing = "latitude" if lat is None else "longitude"
                self.add_error(missing, "Vul de breedte- én de lengtegraad in, of geen van beide.")
            return cleaned
        if lat is not None:
            lat = cleaned["latitude"] = lat.quantize(POINT_PLACES, ROUND_HALF_UP)
            lon = cleaned["longitude"] = lon.quantize(POINT_PLACES, ROUND_HALF_UP)
            buurt = buurt_at(float(lon), float(lat))
            if buurt is None:
                self.add_error("latitude", OUTSIDE_MESSAGE)
                return cleaned
            if area is None and "area" not in self.errors:
                cleaned["area"] = area = buurt
            elif area is not None and area.pk != buurt.pk:
                self.add_error(
                    "area",
                    f"Het punt ligt in {buurt.name}, niet in {area.name}. Kies de buurt van "
                    "het punt of pas het punt aan.",
                )
        if area is None and "area" not in self.errors:
            self.add_error("area", "Kies de buurt waar de melding over gaat.")
        return cleaned


class ContactForm(forms.Form):
    """Step 3 (not required): contact details are kept only with consent."""

    name = forms.CharField(label="Uw naam", max_length=120, required=False)
    email = forms.EmailField(
        label="E-mailadres",
        required=False,
        error_messages={"invalid": "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."},
    )
    phone = forms.CharField(
        label="Telefoonnummer", max_length=25, required=False, validators=[validate_phone]
    )
    consent = forms.BooleanField(
        label="U mag contact met mij opnemen over deze melding", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent") and not (cleaned.get("email") or cleaned.get("phone")):
            self.add_error(
                "email", "Vul een e-mailadres of telefoonnummer in, zodat we u kunnen bereiken."
            )
        if not cleaned.get("consent"):
            # Without consent nothing of the contact is kept.
            for name in ("name", "email", "phone"):
                cleaned[name] = ""
        return cleaned


class FeedbackForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label="Bent u tevreden over de afhandeling?",
        choices=[("ja", "Ja"), ("nee", "Nee")],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": "Kies ja of nee."},
    )
    comment = forms.CharField(
        label="Toelichting (niet verplicht)",
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Niet tevreden? Dan pakken we uw melding opnieuw op.",
    )


class ListFilterForm(forms.Form):
    buurt = BuurtField(
        label="Buurt",
        queryset=Area.objects.filter(level=Area.Level.BUURT),
        required=False,
        error_messages={"invalid_choice": "Kies een buurt uit de lijst."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = buurt_choices()
        choices[0] = ("", "Alle buurten")
        self.fields["buurt"].choices = choices
