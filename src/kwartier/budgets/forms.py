"""Forms of the budgets pages; the rules themselves live in phases/review/ballots/exchange."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from kwartier.core.forms import DateInput
from kwartier.core.models import Area

from . import pbinput
from .models import BudgetRound, Effect, ExecutionUpdate, Initiative
from .phases import VOTING_FIXED
from .review import DECISIONS

MAX_UPLOAD = 20 * 1024 * 1024  # a Pabulib file of a large city is a few MB
# Settings that decide how the ballot and the count work: fixed once voting starts.
BALLOT_FIELDS = ("amount", "ballot_type", "max_projects", "cost_cap", "points", "rule", "min_age")


def round_areas():
    return Area.objects.exclude(level=Area.Level.GEMEENTE)


class RoundForm(forms.ModelForm):
    class Meta:
        model = BudgetRound
        fields = [
            "name",
            "description",
            "area",
            "amount",
            "min_age",
            "ballot_type",
            "max_projects",
            "cost_cap",
            "points",
            "rule",
            "voting_opens",
            "voting_closes",
        ]
        widgets = {
            "voting_opens": DateInput(),
            "voting_closes": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "area": "Wie hier woont (en oud genoeg is) mag stemmen.",
            "min_age": "Bewoners vanaf deze leeftijd mogen stemmen.",
            "max_projects": "Leeg: geen grens. Alleen bij goedkeuren.",
            "cost_cap": "Leeg: geen grens. Alleen bij goedkeuren.",
            "points": "Alleen bij punten verdelen.",
            "rule": "Gelijke delen zorgt dat ook kleinere groepen bewoners iets krijgen.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = round_areas()
        if self.instance.pk and self.instance.phase in VOTING_FIXED:
            for name in BALLOT_FIELDS + ("area",):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Ligt vast sinds het stemmen begon."

    def clean(self):
        data = super().clean()
        cumulative = data.get("ballot_type") == BudgetRound.BallotType.CUMULATIVE
        if cumulative and not data.get("points"):
            self.add_error("points", "Geef het aantal punten dat iedere stemmer mag verdelen.")
        if not cumulative and data.get("points"):
            self.add_error("points", "Punten horen alleen bij punten verdelen.")
        if cumulative and (data.get("max_projects") or data.get("cost_cap") is not None):
            self.add_error("max_projects", "Een grens op aantal of kosten hoort bij goedkeuren.")
        opens, closes = data.get("voting_opens"), data.get("voting_closes")
        if opens and closes and closes < opens:
            self.add_error("voting_closes", "Het stemmen kan niet sluiten voor het opent.")
        return data


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label="Naar fase")

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(BudgetRound.Phase.choices)
        self.fields["phase"].choices = [(value, labels[value]) for value in options]


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = [
            "title",
            "description",
            "proposer_group",
            "cost",
            "area",
            "meetings_held",
            "residents_reached",
            "supporters",
            "opponents",
            "objections",
            "objections_handled",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "objections": forms.Textarea(attrs={"rows": 3}),
            "objections_handled": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, round: BudgetRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.fields["area"].queryset = Area.objects.filter(
            Q(pk=round.area_id) | Q(parent_id=round.area_id)
        )
        self.fields["area"].help_text = "Leeg: het hele gebied van de ronde."
        if self.instance.pk and round.phase in VOTING_FIXED:
            for name in ("title", "description", "cost", "area"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Ligt vast sinds het stemmen begon."

    def clean(self):
        data = super().clean()
        reached, pro, contra = (
            data.get("residents_reached"),
            data.get("supporters"),
            data.get("opponents"),
        )
        if None not in (reached, pro, contra) and pro + contra > reached:
            self.add_error(
                "residents_reached",
                "Voor- en tegenstanders samen kunnen niet meer zijn dan de bereikte bewoners.",
            )
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Besluit", choices=list(DECISIONS.items()), widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Toelichting",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Verplicht bij afwijzen; de indieners en bewoners zien deze toelichting.",
    )
    merged_into = forms.ModelChoiceField(
        label="Samenvoegen met", queryset=Initiative.objects.none(), required=False
    )

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if targets is not None:
            self.fields["merged_into"].queryset = targets


class ExecutionUpdateForm(forms.ModelForm):
    class Meta:
        model = ExecutionUpdate
        fields = ["date", "status", "spent", "note"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}


class EffectForm(forms.ModelForm):
    class Meta:
        model = Effect
        fields = ["order", "date", "description"]
        widgets = {"date": DateInput(), "description": forms.Textarea(attrs={"rows": 2})}


class ImportForm(forms.Form):
    file = forms.FileField(label="Pabulib-bestand (.pb)")
    name = forms.CharField(
        label="Naam van de ronde",
        max_length=200,
        required=False,
        help_text="Leeg: de omschrijving uit het bestand.",
    )
    area = forms.ModelChoiceField(label="Gebied", queryset=Area.objects.none())
    rule = forms.ChoiceField(
        label="Verdeelregel", choices=BudgetRound.Rule.choices, initial=BudgetRound.Rule.MES_ADD1
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = round_areas()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("Het bestand is groter dan 20 MB.")
        try:
            return pbinput.decode(upload.read())  # the reader `kwartier pb` uses too
        except pbinput.PbProblem as problem:
            where = f"Regel {problem.line}: " if problem.line else ""
            raise forms.ValidationError(f"{where}{problem.message}.") from None
