"""Forms of the staff pages: the work queue's filter and the actions on a signal.

The queue's filter reads the query string, so a saved filter is just that query string.
Choices are built from ids the user may choose among (never a free database lookup of
what was typed), and the action forms hand their values to the domain functions in
`handling.py`, whose RuleError the page shows on the form.
"""

from __future__ import annotations

from django import forms
from django.db.models import Case, DateTimeField, ExpressionWrapper, F, Q, Value, When
from django.utils import timezone

from kwartier.core.access.roles import WORKERS
from kwartier.core.models import Area, Organisation, Person, User

from .models import Category, SavedFilter, Signal
from .states import OPEN, TRANSITIONS, Status

TERM_STATES = {
    "binnen": "Binnen termijn",
    "over": "Over termijn",
    "ver-over": "Ver over termijn (drie keer)",
}
# The filter's "over" takes in "ver over" too: everything past its term.
TERM_FILTERS = [
    ("binnen", "Binnen termijn"),
    ("over", "Over termijn (ook ver over)"),
    ("ver-over", "Ver over termijn (drie keer)"),
]
OPEN_STATUSES = "open"
ALL = "alle"
ME = "mij"
NOBODY = "niemand"
# What a partner may do with a signal passed on or routed to it.
PARTNER_STATUSES = (Status.IN_BEHANDELING, Status.AFGEHANDELD)


def with_term_end(queryset, now=None):
    """Annotate `term_end` (closing time, or now for an open signal) and `far_over`
    (the moment the term has passed three times), so terms filter in the database:
    binnen ⇔ term_end ≤ due_at, ver over ⇔ term_end ≥ due_at + 2 × (due_at − reported_at)."""
    now = now or timezone.now()
    term = F("due_at") - F("reported_at")
    return queryset.annotate(
        term_end=Case(
            When(closed_at__isnull=False, then=F("closed_at")),
            default=Value(now),
            output_field=DateTimeField(),
        ),
        far_over=ExpressionWrapper(F("due_at") + term + term, output_field=DateTimeField()),
    )


def filter_term(queryset, state: str, now=None):
    queryset = with_term_end(queryset, now)
    if state == "binnen":
        return queryset.filter(term_end__lte=F("due_at"))
    if state == "over":
        return queryset.filter(term_end__gt=F("due_at"))
    return queryset.filter(term_end__gte=F("far_over"))


def area_choices() -> list[tuple[str, str]]:
    """Wijken with their buurten indented under them."""
    areas = Area.objects.filter(level__in=[Area.Level.WIJK, Area.Level.BUURT]).order_by("code")
    wijken = [a for a in areas if a.level == Area.Level.WIJK]
    buurten: dict[int, list[Area]] = {}
    for area in areas:
        if area.level == Area.Level.BUURT:
            buurten.setdefault(area.parent_id, []).append(area)
    choices = []
    for wijk in wijken:
        choices.append((str(wijk.pk), f"{wijk.name} (wijk)"))
        choices += [(str(b.pk), f"– {b.name}") for b in buurten.get(wijk.pk, [])]
    return choices


def category_choices(public_only=False) -> list[tuple[str, str]]:
    categories = Category.objects.select_related("parent").filter(active=True)
    if public_only:
        categories = categories.filter(public=True)
    mains = [c for c in categories if c.parent_id is None]
    children: dict[int, list[Category]] = {}
    for category in categories:
        if category.parent_id:
            children.setdefault(category.parent_id, []).append(category)
    choices = []
    for main in mains:
        choices.append((str(main.pk), main.name))
        choices += [(str(c.pk), f"– {c.name}") for c in children.get(main.pk, [])]
    return choices


def worker_choices(organisation_id) -> list[tuple[str, str]]:
    workers = User.objects.filter(
        organisation_id=organisation_id, role__in=WORKERS, is_active=True
    ).order_by("first_name", "last_name", "username")
    return [(str(u.pk), u.get_full_name() or u.username) for u in workers]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", required=False)
    categorie = forms.ChoiceField(label="Categorie", required=False)
    buurt = forms.ChoiceField(label="Buurt of wijk", required=False)
    termijn = forms.ChoiceField(label="Termijn", required=False)
    behandelaar = forms.ChoiceField(label="Behandelaar", required=False)
    kanaal = forms.ChoiceField(label="Kanaal", required=False)
    urgentie = forms.ChoiceField(label="Urgentie", required=False)

    def __init__(self, data, *, user):
        super().__init__(data)
        self.user = user
        any_ = [("", "Alle")]
        self.fields["status"].choices = [
            (OPEN_STATUSES, "Alle open"),
            *Status.choices,
            (ALL, "Alle, ook afgesloten"),
        ]
        self.fields["categorie"].choices = any_ + category_choices()
        self.fields["buurt"].choices = any_ + area_choices()
        self.fields["termijn"].choices = any_ + TERM_FILTERS
        self.fields["behandelaar"].choices = [
            ("", "Iedereen"),
            (ME, "Mij"),
            (NOBODY, "Nog niemand"),
            *(worker_choices(user.organisation_id) if user.role in WORKERS else []),
        ]
        self.fields["kanaal"].choices = any_ + Signal.Channel.choices
        self.fields["urgentie"].choices = any_ + Signal.Urgency.choices

    def filter(self, queryset):
        """The queryset filtered by the valid fields (an invalid one is left out)."""
        self.is_valid()  # cleaned_data then holds the valid fields only
        data = self.cleaned_data
        status = data.get("status") or OPEN_STATUSES
        if status == OPEN_STATUSES:
            queryset = queryset.filter(status__in=OPEN)
        elif status != ALL:
            queryset = queryset.filter(status=status)
        if category := data.get("categorie"):
            queryset = queryset.filter(Q(category_id=category) | Q(category__parent_id=category))
        if area := data.get("buurt"):
            queryset = queryset.filter(Q(area_id=area) | Q(area__parent_id=area))
        if term := data.get("termijn"):
            queryset = filter_term(queryset, term)
        assignee = data.get("behandelaar")
        if assignee == ME:
            queryset = queryset.filter(assignee=self.user)
        elif assignee == NOBODY:
            queryset = queryset.filter(assignee__isnull=True)
        elif assignee:
            queryset = queryset.filter(assignee_id=assignee)
        if channel := data.get("kanaal"):
            queryset = queryset.filter(channel=channel)
        if urgency := data.get("urgentie"):
            queryset = queryset.filter(urgency=urgency)
        return queryset


class SaveFilterForm(forms.ModelForm):
    class Meta:
        model = SavedFilter
        fields = ["name"]
        labels = {"name": "Naam van dit filter"}

    def __init__(self, *args, user, query: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.query = query

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if SavedFilter.objects.filter(user=self.user, name=name).exists():
            raise forms.ValidationError("U heeft al een filter met deze naam.")
        return name

    def save(self, commit=True):
        self.instance.user = self.user
        self.instance.query = self.query[:500]
        return super().save(commit)


def allowed_statuses(signal: Signal, user) -> list[str]:
    """The statuses this user may move the signal to now."""
    statuses = [s for s in Status.values if s in TRANSITIONS.get(signal.status, ())]
    if user.role not in WORKERS:
        statuses = [s for s in statuses if s in PARTNER_STATUSES]
    return statuses


class StatusForm(forms.Form):
    status = forms.ChoiceField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reden of toelichting (intern)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    partner = forms.ChoiceField(label="Doorzetten naar", required=False)
    message = forms.CharField(
        label="Bericht aan de melder",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ingevuld uit het antwoordsjabloon; leeg laten stuurt geen bericht.",
    )

    def __init__(self, *args, signal: Signal, user, status: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.signal = signal
        self.fields["status"].choices = [
            (s, Status(s).label) for s in allowed_statuses(signal, user)
        ]
        self.fields["status"].initial = status
        if status == Status.DOORGEZET:
            organisations = Organisation.objects.exclude(pk=signal.organisation_id).order_by("name")
            self.fields["partner"].choices = [("", "Kies een organisatie")] + [
                (str(o.pk), o.name) for o in organisations
            ]
            self.fields["partner"].required = True
        else:
            del self.fields["partner"]
        if status in (Status.GEANNULEERD, Status.HEROPEND):
            self.fields["reason"].required = True
            self.fields["reason"].label = "Reden (intern)"

    def chosen_partner(self):
        pk = self.cleaned_data.get("partner")
        return Organisation.objects.filter(pk=pk).first() if pk else None


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label="Toewijzen aan", required=False)

    def __init__(self, *args, signal: Signal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", "Niemand")] + worker_choices(signal.organisation_id)
        self.fields["assignee"].initial = str(signal.assignee_id or "")

    def chosen_assignee(self):
        pk = self.cleaned_data.get("assignee")
        return User.objects.filter(pk=pk).first() if pk else None


class TextForm(forms.Form):
    text = forms.CharField(label="Tekst", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, label="Tekst", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label


class RerouteForm(forms.Form):
    organisation = forms.ChoiceField(label="Naar organisatie")
    team = forms.CharField(label="Team", required=False, max_length=80)

    def __init__(self, *args, signal: Signal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "Kies een organisatie")] + [
            (str(o.pk), o.name) for o in Organisation.objects.order_by("name")
        ]
        self.fields["organisation"].initial = str(signal.organisation_id)
        self.fields["team"].initial = signal.team

    def chosen_organisation(self):
        return Organisation.objects.filter(pk=self.cleaned_data["organisation"]).first()


SPLIT_PARTS = 3


class SplitForm(forms.Form):
    """Up to three sub-signals, each with a category and a partner; blank rows are left out."""

    def __init__(self, *args, signal: Signal, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = [("", "Kies een organisatie")] + [
            (str(o.pk), o.name)
            for o in Organisation.objects.exclude(pk=signal.organisation_id).order_by("name")
        ]
        categories = [("", "Kies een categorie")] + category_choices()
        for n in range(1, SPLIT_PARTS + 1):
            self.fields[f"category_{n}"] = forms.ChoiceField(
                label=f"Deel {n}: categorie", choices=categories, required=False
            )
            self.fields[f"partner_{n}"] = forms.ChoiceField(
                label=f"Deel {n}: partner", choices=organisations, required=False
            )
            self.fields[f"description_{n}"] = forms.CharField(
                label=f"Deel {n}: omschrijving",
                required=False,
                max_length=4000,
                help_text="Leeg: de omschrijving van de melding." if n == 1 else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        data = super().clean()
        parts = []
        for n in range(1, SPLIT_PARTS + 1):
            category, partner = data.get(f"category_{n}"), data.get(f"partner_{n}")
            description = data.get(f"description_{n}", "")
            if not (category or partner or description):
                continue
            if not category:
                self.add_error(f"category_{n}", "Kies een categorie.")
            if not partner:
                self.add_error(f"partner_{n}", "Kies een partner.")
            if category and partner:
                parts.append(
                    {
                        "category": Category.objects.get(pk=category),
                        "partner": Organisation.objects.get(pk=partner),
                        "description": description,
                    }
                )
        if not parts and not self.errors:
            raise forms.ValidationError("Vul ten minste één deelmelding in.")
        data["parts"] = parts
        return data


class MergeForm(forms.Form):
    """Merge this signal (or `duplicate`) into another one by its number."""

    into = forms.CharField(label="Samenvoegen met melding (nummer)", max_length=16)
    duplicate = forms.CharField(required=False, max_length=16, widget=forms.HiddenInput)


class LinkPersonForm(forms.Form):
    public_id = forms.CharField(
        label="Kenmerk van de bewoner",
        max_length=12,
        help_text="Het kenmerk op de bewonerspagina, bijvoorbeeld K-AB12CD34.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_public_id(self):
        value = self.cleaned_data["public_id"].strip().upper()
        person = Person.objects.visible_to(self.user).filter(public_id=value).first()
        if person is None:
            raise forms.ValidationError("Geen bewoner met dit kenmerk in uw bereik.")
        self.person = person
        return value
