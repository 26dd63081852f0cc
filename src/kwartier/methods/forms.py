"""Forms for methods (upload), trajectories (start and every action) and the funnel filter."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from kwartier.core.access.lookup import MAX_ID
from kwartier.core.access.roles import VOLUNTEERS, WORKERS
from kwartier.core.forms import DateInput
from kwartier.core.models import Activity, Area, Organisation, Person, User
from kwartier.core.validators import field_validators

from .definitions import DefinitionError, parse
from .models import Method, ReviewNote, Trajectory

MAX_UPLOAD = 200_000  # bytes; a method template is a few kB


class SafeModelChoiceField(forms.ModelChoiceField):
    """Refuses ids no database integer can hold before asking the database (SQLite would
    raise OverflowError, a 500)."""

    def to_python(self, value):
        if value not in self.empty_values:
            try:
                number = int(str(value))
            except ValueError:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                ) from None
            if not 0 < number <= MAX_ID:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def _choice_errors(label: str) -> dict:
    return {
        "invalid_choice": f"Kies een {label} uit de lijst.",
        "required": f"Kies een {label}.",
    }


def _not_future(day: datetime.date | None, label: str = "De datum") -> None:
    if day and day > timezone.localdate():
        raise ValidationError(f"{label} ligt in de toekomst.")


# Methods -------------------------------------------------------------------------------


class MethodUploadForm(forms.Form):
    """A method template as a TOML file or pasted text; errors carry line numbers."""

    file = forms.FileField(label="TOML-bestand", required=False)
    text = forms.CharField(
        label="Of plak de TOML-tekst",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        help_text="Het formaat staat in de documentatie (docs/methods.md).",
    )

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload:
            if upload.size > MAX_UPLOAD:
                raise ValidationError("Het bestand is te groot (meer dan 200 kB).")
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise ValidationError("Het bestand is geen UTF-8-tekst.") from None
            self.source_name = upload.name
        else:
            self.source_name = "geplakt"
        if not text.strip():
            raise ValidationError("Kies een bestand of plak de tekst van een methode.")
        try:
            self.definition = parse(text)
        except DefinitionError as error:
            raise ValidationError(error.errors) from None
        data["source"] = text
        return data


# Trajectories --------------------------------------------------------------------------


def organisation_members(user, roles):
    return User.objects.filter(
        organisation_id=user.organisation_id, role__in=roles, is_active=True
    ).order_by("first_name", "username")


class MemberChoiceField(SafeModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class TrajectoryStartForm(forms.Form):
    person = forms.CharField(
        label="Bewoner (kenmerk)",
        max_length=12,
        help_text="Het kenmerk van de bewoner, zoals K-AB12CD34.",
    )
    method = SafeModelChoiceField(
        label="Methode", queryset=Method.objects.none(), error_messages=_choice_errors("methode")
    )
    worker = MemberChoiceField(
        label="Begeleider",
        queryset=User.objects.none(),
        error_messages=_choice_errors("begeleider"),
    )
    volunteer = MemberChoiceField(
        label="Vrijwilliger (adviseur of maatje)",
        queryset=User.objects.none(),
        required=False,
        error_messages=_choice_errors("vrijwilliger"),
        help_text="Alleen deze vrijwilliger ziet het traject dan, zonder de rest van het dossier.",
    )
    started_on = forms.DateField(
        label="Gestart op",
        widget=DateInput(),
        validators=field_validators(Trajectory, "started_on"),
    )
    source = forms.CharField(
        label="Bron", max_length=60, required=False, help_text="Bijvoorbeeld: via de huisarts."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["method"].queryset = Method.objects.usable_by(user).current()
        self.fields["worker"].queryset = organisation_members(user, WORKERS)
        self.fields["volunteer"].queryset = organisation_members(user, VOLUNTEERS)
        self.fields["started_on"].initial = timezone.localdate()

    def clean_person(self):
        public_id = self.cleaned_data["person"].strip().upper()
        person = (
            Person.objects.visible_to(self.user)
            .filter(public_id=public_id, organisation_id=self.user.organisation_id)
            .first()
        )
        if person is None:
            raise ValidationError("Geen bewoner met dit kenmerk in uw bereik.")
        return person

    def clean_started_on(self):
        day = self.cleaned_data["started_on"]
        _not_future(day, "De startdatum")
        return day


class AdvanceForm(forms.Form):
    on = forms.DateField(label="Naar de volgende fase op", widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class BackForm(forms.Form):
    phase = forms.TypedChoiceField(label="Terug naar fase", coerce=int, choices=())
    reason = forms.CharField(label="Reden", max_length=300)
    on = forms.DateField(label="Op", widget=DateInput())

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        current = trajectory.current_phase
        earlier = trajectory.method.phases.filter(order__lt=current.order if current else 0)
        self.phases = {p.pk: p for p in earlier}
        self.fields["phase"].choices = [(p.pk, p.name) for p in earlier]
        self.fields["phase"].error_messages = _choice_errors("eerdere fase")
        self.fields["on"].initial = timezone.localdate()

    def clean_phase(self):
        return self.phases[self.cleaned_data["phase"]]


class EndForm(forms.Form):
    ended_on = forms.DateField(label="Beëindigd op", widget=DateInput())
    end_reason = forms.ChoiceField(label="Reden van beëindigen", choices=())
    outcome = forms.ChoiceField(label="Uitkomst", choices=(), required=False)

    def __init__(self, *args, method, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()
        self.fields["end_reason"].choices = [("", "– kies –")] + [
            (r["code"], r["label"]) for r in method.end_reasons
        ]
        self.fields["end_reason"].error_messages = _choice_errors("reden")
        if method.outcomes:
            self.fields["outcome"].required = True
            self.fields["outcome"].choices = [("", "– kies –")] + [
                (o["code"], o["label"]) for o in method.outcomes
            ]
            self.fields["outcome"].error_messages = _choice_errors("uitkomst")
        else:
            del self.fields["outcome"]


class ChecklistForm(forms.Form):
    checked = forms.TypedMultipleChoiceField(
        label="Checklist",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Onbekend punt op de checklist."},
    )

    def __init__(self, *args, phase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checked"].choices = list(enumerate(phase.checklist))
        self.fields["checked"].label = "Gedaan in deze fase"


class NextActionForm(forms.Form):
    next_action = forms.CharField(label="Volgende actie", max_length=200)
    next_action_due = forms.DateField(
        label="Uiterlijk op",
        required=False,
        widget=DateInput(),
        validators=field_validators(Trajectory, "next_action_due"),
    )


class ReviewNoteForm(forms.Form):
    written_on = forms.DateField(
        label="Datum van de intervisie",
        widget=DateInput(),
        validators=field_validators(ReviewNote, "written_on"),
    )
    text = forms.CharField(
        label="Notitie", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["written_on"].initial = timezone.localdate()

    def clean_written_on(self):
        day = self.cleaned_data["written_on"]
        _not_future(day)
        return day


class DataForm(forms.Form):
    """The method's own fields (signal source, activity from the sociale kaart, ...)."""

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity_fields = []
        for phase in trajectory.method.phases.all():
            for spec in phase.fields:
                self.fields[spec["code"]] = self._field(spec, trajectory)
                if spec["type"] == "activiteit":
                    self.activity_fields.append(spec["code"])
        for name in self.fields:
            if name in self.activity_fields:
                self.initial.setdefault(name, trajectory.activity_id)
            elif name in trajectory.data:
                self.initial.setdefault(name, trajectory.data[name])

    @staticmethod
    def _field(spec, trajectory):
        label = spec["label"]
        if spec["type"] == "keuze":
            return forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", "– kies –")] + [(c["code"], c["label"]) for c in spec["choices"]],
                error_messages={"invalid_choice": "Kies een waarde uit de lijst."},
            )
        if spec["type"] == "datum":
            return forms.DateField(label=label, required=False, widget=DateInput())
        if spec["type"] == "activiteit":
            return SafeModelChoiceField(
                label=label,
                required=False,
                queryset=Activity.objects.filter(active=True).order_by("title"),
                empty_label="– geen –",
                error_messages=_choice_errors("activiteit"),
                help_text="Uit de sociale kaart.",
            )
        return forms.CharField(label=label, required=False, max_length=300)

    def values(self) -> tuple[dict, Activity | None]:
        """(JSON-able values for Trajectory.data, the activity if one was chosen)."""
        values, activity = {}, None
        for name, value in self.cleaned_data.items():
            if name in self.activity_fields:
                activity = value or activity
                continue
            values[name] = value.isoformat() if isinstance(value, datetime.date) else value
        return values, activity


# Lists and funnels ---------------------------------------------------------------------


class TrajectoryFilterForm(forms.Form):
    method = forms.ChoiceField(label="Methode", required=False)
    phase = forms.ChoiceField(label="Fase", required=False)
    worker = MemberChoiceField(label="Begeleider", required=False, queryset=User.objects.none())
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("lopend", "Lopend"), ("beeindigd", "Beëindigd"), ("alle", "Alle")],
    )
    overdue = forms.BooleanField(label="Alleen met verlopen actie", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        methods = list(Method.objects.usable_by(user).current().prefetch_related("phases"))
        self.fields["method"].choices = [("", "Alle methoden")] + [
            (m.code, m.name) for m in methods
        ]
        # A phase is "method:phase": codes such as "intake" occur in several methods.
        self.fields["phase"].choices = [("", "Alle fasen")] + [
            (m.name, [(f"{m.code}:{p.code}", p.name) for p in m.phases.all()]) for m in methods
        ]
        self.fields["worker"].queryset = organisation_members(user, WORKERS)
        self.fields["worker"].empty_label = "Iedereen"


class FunnelFilterForm(forms.Form):
    method = forms.ChoiceField(label="Methode")
    area = SafeModelChoiceField(
        label="Gebied",
        required=False,
        queryset=Area.objects.order_by("level", "name"),
        empty_label="Hele gemeente",
        error_messages=_choice_errors("gebied"),
    )
    referrer = SafeModelChoiceField(
        label="Verwijzer",
        required=False,
        queryset=Organisation.objects.order_by("name"),
        empty_label="Alle verwijzers",
        error_messages=_choice_errors("verwijzer"),
    )
    start = forms.DateField(label="Van", widget=DateInput())
    end = forms.DateField(label="Tot en met", widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        codes = list(Method.objects.usable_by(user).current().values_list("code", "name"))
        self.fields["method"].choices = codes

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "De einddatum ligt vóór de begindatum.")
        if start and end and (end - start).days > 366 * 10:
            self.add_error("end", "Kies een periode van hoogstens tien jaar.")
        return data
