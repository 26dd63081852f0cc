"""Forms of the voting app. The ballot form is shared by the portal, paper entry and the
coördinator's correction, so a ballot reads the same on every channel."""

from django import forms
from django.core.exceptions import ValidationError

from kwartier.budgets.models import BudgetRound, Initiative

from . import codes


def initiatives_on_ballot(round):
    return round.initiatives.filter(status=Initiative.Status.GOEDGEKEURD).order_by("title", "pk")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Uw stemcode",
        max_length=30,
        help_text="De code staat in uw brief, bijvoorbeeld 7KQ2-M9XD-4TNB. Hoofd- of kleine "
        "letters en streepjes maken niet uit.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        value = self.cleaned_data["code"]
        if codes.normalise(value) is None:
            raise ValidationError(
                f"Een stemcode heeft {codes.CODE_LENGTH} tekens (letters en cijfers), in drie "
                "groepjes van vier."
            )
        return value


class ReceiptForm(forms.Form):
    bon = forms.CharField(
        label="Uw ontvangstcode",
        max_length=20,
        help_text="De code die u na het stemmen kreeg, bijvoorbeeld BB-7KQ4-M2XD.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_bon(self):
        return self.cleaned_data["bon"].strip().upper()


class BallotForm(forms.Form):
    """The choices on one ballot: a checkbox per initiative (approval) or a number of
    points per initiative (cumulative). The round's rules (max projects, cost cap, the
    points to spend) are checked by the budgets app when the ballot is cast."""

    def __init__(self, round: BudgetRound, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.initiatives = list(initiatives_on_ballot(round))
        self.cumulative = round.ballot_type == BudgetRound.BallotType.CUMULATIVE
        if self.cumulative:
            for initiative in self.initiatives:
                self.fields[f"punten_{initiative.pk}"] = forms.IntegerField(
                    label=initiative.title,
                    min_value=0,
                    max_value=round.points or None,
                    required=False,
                )
        else:
            self.fields["keuze"] = forms.TypedMultipleChoiceField(
                label="Uw keuze",
                choices=[(i.pk, i.title) for i in self.initiatives],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def choices(self) -> dict[int, int]:
        """Initiative id → points (approval: 1), only the chosen ones."""
        if not self.cumulative:
            return {pk: 1 for pk in self.cleaned_data.get("keuze", [])}
        return {
            i.pk: self.cleaned_data.get(f"punten_{i.pk}") or 0
            for i in self.initiatives
            if self.cleaned_data.get(f"punten_{i.pk}")
        }

    def rows(self):
        """Per initiative: the initiative, its input's name and id, the value as entered
        (cumulative) or whether it is ticked (approval), and its errors."""
        ticked = set()
        if not self.cumulative and self.is_bound:
            ticked = {str(value) for value in self.data.getlist(self.add_prefix("keuze"))}
        for index, initiative in enumerate(self.initiatives):
            if self.cumulative:
                field = f"punten_{initiative.pk}"
                name = self.add_prefix(field)
                value = self.data.get(name, "") if self.is_bound else ""
                yield self._row(initiative, name, f"id_{name}", value, self.errors.get(field, []))
            else:
                name = self.add_prefix("keuze")
                ticked_here = str(initiative.pk) in ticked
                yield self._row(initiative, name, f"id_{name}_{index}", ticked_here, [])

    @staticmethod
    def _row(initiative, name, element_id, value, errors) -> dict:
        return {
            "initiative": initiative,
            "name": name,
            "id": element_id,
            "value": value,
            "errors": errors,
        }

    def summary(self) -> list[tuple]:
        """(initiative, points) of the chosen initiatives, for a confirm page."""
        chosen = self.choices()
        return [(i, chosen[i.pk]) for i in self.initiatives if i.pk in chosen]


class PaperEntryForm(BallotForm):
    number = forms.IntegerField(
        label="Nummer van het stembiljet",
        min_value=1,
        max_value=10_000_000,
        help_text="Het nummer dat op het papieren stembiljet staat.",
    )

    field_order = ["number"]


class ResolveForm(BallotForm):
    DECISIONS = [
        ("eerste", "Tel de eerste invoer"),
        ("tweede", "Tel de tweede invoer"),
        ("anders", "Tel de keuzes hieronder (gecorrigeerd)"),
        ("ongeldig", "Verklaar het stembiljet ongeldig (niet tellen)"),
    ]
    decision = forms.ChoiceField(label="Besluit", choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Toelichting",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Waarom u zo beslist, bijvoorbeeld wat er op het papier staat.",
    )


class VoterSearchForm(forms.Form):
    q = forms.CharField(label="Naam", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode", max_length=7, required=False)
    huisnummer = forms.IntegerField(label="Huisnummer", min_value=1, required=False)
