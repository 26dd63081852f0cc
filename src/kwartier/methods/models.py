"""Methods (templates loaded from TOML) and the trajectories residents go through.

A `Method` is one version of a method template: its phases are rows of `Phase`, so a
trajectory points at the phases of the version it started with and a new version never
changes a running trajectory. A `Trajectory` is scoped like its resident
(`Trajectory.objects.visible_to(user)`); its phase, end and notes only change through
`services.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from kwartier.core.access.roles import PARTNERS, VOLUNTEERS, WORKERS
from kwartier.core.bookkeeping import Created, Timestamped
from kwartier.core.models import Activity, Organisation, Person, Role
from kwartier.core.validators import date_order_problems, happened, planned, raise_problems

# Upper bound on durations: the same limits (and API schema) on SQLite and PostgreSQL.
DAYS_MAX = 3650


class MethodQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def usable_by(self, user):
        """Shared methods (from the repository) plus those the user's organisation added."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(organisation__isnull=True) | Q(organisation_id=user.organisation_id))


class Method(models.Model):
    """One version of a method template."""

    code = models.SlugField("code", max_length=40)
    version = models.PositiveIntegerField("versie", validators=[MaxValueValidator(100000)])
    name = models.CharField("naam", max_length=120)
    description = models.TextField("omschrijving", blank=True)
    target_group = models.CharField("doelgroep", max_length=200, blank=True)
    min_age = models.PositiveSmallIntegerField(
        "minimumleeftijd", null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    max_age = models.PositiveSmallIntegerField(
        "maximumleeftijd", null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    max_duration_days = models.PositiveIntegerField(
        "maximale duur (dagen)", null=True, blank=True, validators=[MaxValueValidator(DAYS_MAX)]
    )
    acting_role = models.CharField("wie voert uit", max_length=20, blank=True)
    # [{"code": ..., "label": ...}], from the template
    outcomes = models.JSONField("uitkomsten", default=list, blank=True)
    end_reasons = models.JSONField("redenen van beëindigen", default=list, blank=True)
    source_text = models.TextField("TOML-bron", blank=True)
    source_name = models.CharField("bronbestand", max_length=200, blank=True)
    is_current = models.BooleanField("nieuwste versie", default=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="toegevoegd door organisatie",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="methods",
        help_text="Leeg voor de methoden die met Kwartier meekomen.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="geladen door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("geladen", auto_now_add=True)

    objects = MethodQuerySet.as_manager()

    class Meta:
        ordering = ["name", "-version"]
        verbose_name = "methode"
        verbose_name_plural = "methoden"
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="method_code_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} (versie {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("method-detail", args=[self.pk])

    def clean(self):
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            raise_problems({"max_age": "De maximumleeftijd ligt onder de minimumleeftijd."})

    def outcome_label(self, code: str) -> str:
        return _label(self.outcomes, code)

    def end_reason_label(self, code: str) -> str:
        return _label(self.end_reasons, code)


def _label(options: list, code: str) -> str:
    for option in options:
        if option.get("code") == code:
            return option.get("label", code)
    return code


class Phase(models.Model):
    """A phase of one method version, with its checklist, role, fields and instruments."""

    method = models.ForeignKey(
        Method, verbose_name="methode", on_delete=models.CASCADE, related_name="phases"
    )
    order = models.PositiveSmallIntegerField("volgorde", validators=[MaxValueValidator(1000)])
    code = models.SlugField("code", max_length=40)
    name = models.CharField("naam", max_length=120)
    description = models.TextField("omschrijving", blank=True)
    expected_days = models.PositiveIntegerField(
        "verwachte duur (dagen)", null=True, blank=True, validators=[MaxValueValidator(DAYS_MAX)]
    )
    role = models.CharField("wie voert uit", max_length=20, blank=True)
    checklist = models.JSONField("checklist", default=list, blank=True)  # [str]
    instruments = models.JSONField("instrumenten", default=list, blank=True)  # [code]
    # [{"code", "label", "type": keuze|tekst|datum|activiteit, "choices": [{code,label}]}]
    fields = models.JSONField("gegevens", default=list, blank=True)

    class Meta:
        ordering = ["method", "order"]
        verbose_name = "fase"
        verbose_name_plural = "fasen"
        constraints = [
            models.UniqueConstraint(fields=["method", "code"], name="phase_code_unique"),
            models.UniqueConstraint(fields=["method", "order"], name="phase_order_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def role_label(self) -> str:
        return dict(Role.choices).get(self.role, self.role)


class TrajectoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Trajectories the user may see: those of residents in scope, narrowed per role.

        Workers (beheerder, coördinator, wijkwerker) see the trajectories of their own
        organisation of the residents they see. A volunteer sees only the trajectories
        they are assigned to as advisor or buddy. A partner sees those of residents whose
        consent in force for the partner covers 'traject'. The gemeente sees none.
        """
        if not getattr(user, "is_authenticated", False) or not user.organisation_id:
            return self.none()
        in_scope = self.filter(person__in=Person.objects.visible_to(user))
        if user.role in WORKERS:
            return in_scope.filter(organisation_id=user.organisation_id)
        if user.role in VOLUNTEERS:
            return self.filter(volunteer=user)
        if user.role in PARTNERS:
            from kwartier.privacy.models import Consent

            consented = (
                Consent.objects.valid()
                .filter(organisation_id=user.organisation_id, categories__code=TRAJECTORY_CATEGORY)
                .values("person_id")
            )
            return in_scope.filter(person_id__in=consented)
        return self.none()

    def running(self):
        return self.filter(ended_on__isnull=True)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.running().filter(next_action_due__lt=today)


TRAJECTORY_CATEGORY = "traject"  # privacy DataCategory a partner needs to see trajectories


class Trajectory(Timestamped):
    """A resident's run through one method version."""

    method = models.ForeignKey(
        Method, verbose_name="methode", on_delete=models.PROTECT, related_name="trajectories"
    )
    person = models.ForeignKey(
        Person, verbose_name="bewoner", on_delete=models.CASCADE, related_name="trajectories"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        on_delete=models.PROTECT,
        related_name="trajectories",
        editable=False,
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="begeleider",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trajectories",
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="vrijwilliger (adviseur of maatje)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_trajectories",
    )
    current_phase = models.ForeignKey(
        Phase,
        verbose_name="huidige fase",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_on = models.DateField(
        "gestart op", default=timezone.localdate, validators=[happened("De startdatum")]
    )
    ended_on = models.DateField(
        "beëindigd op", null=True, blank=True, validators=[happened("Het einde")]
    )
    outcome = models.CharField("uitkomst", max_length=40, blank=True)
    end_reason = models.CharField("reden van beëindigen", max_length=40, blank=True)
    source = models.CharField("bron", max_length=60, blank=True)
    next_action = models.CharField("volgende actie", max_length=200, blank=True)
    next_action_due = models.DateField(
        "uiterlijk op", null=True, blank=True, validators=[planned("De uiterste datum")]
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name="activiteit (sociale kaart)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data = models.JSONField("gegevens", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="aangemaakt door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TrajectoryQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = "traject"
        verbose_name_plural = "trajecten"

    def __str__(self) -> str:
        return f"{self.method.name}: {self.person.given_name} (#{self.pk})"

    def save(self, *args, **kwargs):
        if self.person_id and not self.organisation_id:
            self.organisation_id = self.person.organisation_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("trajectory-detail", args=[self.pk])

    def clean(self):
        raise_problems(self.date_problems())

    def date_problems(self) -> dict[str, str]:
        return date_order_problems(
            (self.started_on, self.ended_on, "ended_on", "Het einde ligt vóór de start.")
        )

    @property
    def is_running(self) -> bool:
        return self.ended_on is None

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.is_running and self.next_action_due is not None and self.next_action_due < today

    @property
    def outcome_label(self) -> str:
        return self.method.outcome_label(self.outcome) if self.outcome else ""

    @property
    def end_reason_label(self) -> str:
        return self.method.end_reason_label(self.end_reason) if self.end_reason else ""


class PhaseVisit(models.Model):
    """A stay of a trajectory in a phase: entered, left, checklist ticked."""

    trajectory = models.ForeignKey(
        Trajectory, verbose_name="traject", on_delete=models.CASCADE, related_name="visits"
    )
    phase = models.ForeignKey(
        Phase, verbose_name="fase", on_delete=models.PROTECT, related_name="visits"
    )
    entered_on = models.DateField("in fase sinds", validators=[happened()])
    left_on = models.DateField("fase verlaten op", null=True, blank=True, validators=[happened()])
    checked = models.JSONField("afgevinkt", default=list, blank=True)  # checklist indexes
    reason = models.CharField("reden (bij terug)", max_length=300, blank=True)
    backwards = models.BooleanField("terug naar deze fase", default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["entered_on", "pk"]
        verbose_name = "verblijf in fase"
        verbose_name_plural = "verblijven in fasen"

    def __str__(self) -> str:
        return f"{self.phase} vanaf {self.entered_on}"

    def clean(self):
        raise_problems(
            date_order_problems(
                (self.entered_on, self.left_on, "left_on", "De fase eindigt vóór haar begin.")
            )
        )

    @property
    def days(self) -> int:
        until = self.left_on or timezone.localdate()
        return max(0, (until - self.entered_on).days)


class ReviewNote(Created):
    """A note from the team review (intervisie) of one trajectory."""

    trajectory = models.ForeignKey(
        Trajectory, verbose_name="traject", on_delete=models.CASCADE, related_name="notes"
    )
    written_on = models.DateField(
        "datum", default=timezone.localdate, validators=[happened("De datum van de intervisie")]
    )
    text = models.TextField("notitie")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="geschreven door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-written_on", "-pk"]
        verbose_name = "intervisienotitie"
        verbose_name_plural = "intervisienotities"

    def __str__(self) -> str:
        return f"Intervisie {self.written_on}"
