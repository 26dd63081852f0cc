"""Forms of the feitencheck: the fact check itself and its claims as a formset.

A claim is written as a sentence and then in fields: the indicator, the area (a code,
or "NL" for Nederland, stored as no area), what it says, and the fields that kind of
claim takes. Fields that do not belong to the chosen kind are emptied, so that a
changed mind (first "boven", then "slechter dan") leaves no stray year or value behind.
"""

from __future__ import annotations

from django import forms
from django.forms.models import BaseInlineFormSet, inlineformset_factory

from kwartier.core.forms import DecimalCommaField
from kwartier.core.models import Area

from . import claims
from .checking import COUNTRY, COUNTRY_NAME
from .models import Claim, FactCheck, Indicator

MAX_CLAIMS = 20
EXTRA_NEW = 5  # an article's five statements
EXTRA_EDIT = 2


class FactCheckForm(forms.ModelForm):
    class Meta:
        model = FactCheck
        fields = ["title", "source", "article"]
        widgets = {"article": forms.Textarea(attrs={"rows": 4})}


def area_choices() -> list:
    """Nederland, then the areas grouped by level (gemeenten, wijken, buurten)."""
    groups = {level: [] for level, _ in Area.Level.choices}
    for code, name, level in Area.objects.order_by("name").values_list("code", "name", "level"):
        groups[level].append((code, f"{name} ({code})"))
    labels = {
        Area.Level.GEMEENTE: "Gemeenten",
        Area.Level.WIJK: "Wijken",
        Area.Level.BUURT: "Buurten",
    }
    return [
        ("", "Kies een gebied"),
        (COUNTRY, COUNTRY_NAME),
        *[(labels[level], options) for level, options in groups.items() if options],
    ]


class ClaimForm(forms.ModelForm):
    area = forms.ChoiceField(
        label="Gebied",
        error_messages={"required": "Kies het gebied waar de bewering over gaat."},
    )
    than = forms.ChoiceField(
        label="Vergeleken met",
        required=False,
        help_text="Alleen bij ‘slechter dan’ en ‘beter dan’.",
    )
    value = DecimalCommaField(
        label="Waarde",
        required=False,
        max_digits=14,
        decimal_places=4,
        help_text="Alleen bij ‘boven’ en ‘onder’, in de eenheid van de indicator.",
    )

    class Meta:
        model = Claim
        fields = [
            "sentence",
            "indicator",
            "area",
            "says",
            "than",
            "year",
            "from_year",
            "to_year",
            "value",
        ]
        widgets = {"sentence": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "year": "Bij een vergelijking of een waarde; leeg: het laatste jaar met cijfers.",
            "from_year": "Bij ‘wordt slechter’ of ‘wordt beter’; leeg: het eerste jaar.",
            "to_year": "Leeg: het laatste jaar met cijfers.",
        }

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = choices if choices is not None else area_choices()
        self.fields["area"].choices = choices
        self.fields["than"].choices = choices
        self.fields["indicator"].queryset = Indicator.objects.order_by("name")
        self.fields["indicator"].empty_label = "Kies een indicator"
        self.fields["says"].choices = [("", "Kies wat de bewering zegt"), *Claim.Says.choices]
        if self.instance.pk:
            self.initial["area"] = self._key(self.instance.area)
            if self.instance.says in claims.COMPARISONS:
                self.initial["than"] = self._key(self.instance.than)

    @staticmethod
    def _key(area: Area | None) -> str:
        return area.code if area is not None else COUNTRY

    def clean_area(self):
        return self._area(self.cleaned_data["area"])

    def clean_than(self):
        return self._area(self.cleaned_data.get("than"))

    @staticmethod
    def _area(key: str):
        """The chosen Area, COUNTRY, or "" for none (the choices offer existing codes)."""
        if not key or key == COUNTRY:
            return key
        area = Area.objects.filter(code=key).first()
        if area is None:
            raise forms.ValidationError("Dit gebied bestaat niet meer.")
        return area

    def clean(self):
        data = super().clean()
        says = data.get("says")
        if not says:
            return data
        if says not in claims.COMPARISONS:
            data["than"] = ""
        if says not in claims.TRENDS:
            data["from_year"] = data["to_year"] = None
        if says in claims.TRENDS:
            data["year"] = None
        if says not in claims.THRESHOLDS:
            data["value"] = None
        if says in claims.COMPARISONS:
            if not data.get("than"):
                self.add_error("than", "Kies het gebied waarmee vergeleken wordt.")
            elif "area" in data and data["than"] == data["area"]:
                self.add_error("than", "Vergelijk met een ander gebied.")
        return data

    def _post_clean(self):
        # The form speaks of "NL"; the model stores Nederland as no area.
        for name in ("area", "than"):
            if self.cleaned_data.get(name) in (COUNTRY, ""):
                self.cleaned_data[name] = None
        super()._post_clean()


class BaseClaimFormSet(BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.queryset = self.queryset.order_by("order", "pk")

    def get_form_kwargs(self, index):
        # The areas are read once for all rows.
        if not hasattr(self, "_choices"):
            self._choices = area_choices()
        return {**super().get_form_kwargs(index), "choices": self._choices}

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if (form.has_changed() or form.instance.pk) and not self._should_delete_form(form)
        ]
        if not kept:
            raise forms.ValidationError("Schrijf minstens één bewering op.")
        # A row that claims to be an existing claim of another fact check: Django would
        # quietly leave it unsaved; say so instead.
        if any(form.instance.pk is None for form in self.initial_forms):
            raise forms.ValidationError(
                "Een bewering in het formulier hoort niet (meer) bij deze feitencheck. "
                "Open de feitencheck opnieuw."
            )
        for order, form in enumerate(kept):
            form.instance.order = order


def claim_formset(extra: int):
    return inlineformset_factory(
        FactCheck,
        Claim,
        form=ClaimForm,
        formset=BaseClaimFormSet,
        extra=extra,
        max_num=MAX_CLAIMS,
        absolute_max=MAX_CLAIMS,
        validate_max=True,
        can_delete=True,
    )
