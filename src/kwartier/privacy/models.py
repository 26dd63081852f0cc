"""Consent and the record of erasures (the access log is core's: core/access/log.py)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from kwartier.core.access.roles import Role
from kwartier.core.models import Organisation, Person
from kwartier.core.validators import RECORD_YEARS, DateRange, happened, planned

MINOR_AGE = 12  # under 12 a legal representative consents (AVG art. 8 / WGBO practice)


class Purpose(models.Model):
    """A purpose consent can be given for; the list is configurable in beheer."""

    code = models.SlugField("code", max_length=40, unique=True)
    name = models.CharField("naam", max_length=120)
    description = models.TextField("omschrijving", blank=True)
    active = models.BooleanField("in gebruik", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "doel"
        verbose_name_plural = "doelen"

    def __str__(self) -> str:
        return self.name


class DataCategory(models.Model):
    """A kind of personal data a consent can cover (contact, hulpvraag, ...)."""

    code = models.SlugField("code", max_length=40, unique=True)
    name = models.CharField("naam", max_length=120)

    class Meta:
        ordering = ["pk"]
        verbose_name = "gegevenscategorie"
        verbose_name_plural = "gegevenscategorieën"

    def __str__(self) -> str:
        return self.name


class ConsentQuerySet(models.QuerySet):
    def valid(self, on=None):
        """Consents in force on a day: started, not expired, not withdrawn."""
        day = on or timezone.localdate()
        return self.filter(withdrawn_at__isnull=True, valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def visible_to(self, user):
        """Consents on residents the user may see, and those given to the user's organisation."""
        if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
            return self.none()
        if user.role == Role.PARTNER:
            return self.filter(organisation_id=user.organisation_id)
        return self.filter(person__in=Person.objects.visible_to(user))


class Consent(models.Model):
    """A resident's consent to share named categories of data with one organisation."""

    class Obtained(models.TextChoices):
        MONDELING = "mondeling", "Mondeling"
        SCHRIFTELIJK = "schriftelijk", "Schriftelijk (getekend formulier)"
        DIGITAAL = "digitaal", "Digitaal"

    person = models.ForeignKey(
        Person, verbose_name="bewoner", on_delete=models.CASCADE, related_name="consents"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="ontvangende organisatie",
        on_delete=models.PROTECT,
        related_name="consents_received",
    )
    purpose = models.ForeignKey(Purpose, verbose_name="doel", on_delete=models.PROTECT)
    categories = models.ManyToManyField(DataCategory, verbose_name="gegevens")
    valid_from = models.DateField(
        "geldig vanaf", default=timezone.localdate, validators=[planned("De begindatum", 1)]
    )
    valid_until = models.DateField(
        "geldig tot en met",
        null=True,
        blank=True,
        validators=[
            DateRange(years_back=RECORD_YEARS, years_ahead=RECORD_YEARS, what="De einddatum")
        ],
    )
    obtained = models.CharField("hoe verkregen", max_length=20, choices=Obtained.choices)
    representative = models.CharField(
        "wettelijk vertegenwoordiger",
        max_length=200,
        blank=True,
        help_text="Verplicht als de bewoner jonger is dan 12 jaar.",
    )
    note = models.TextField("toelichting", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="vastgelegd door",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("vastgelegd op", auto_now_add=True)
    withdrawn_at = models.DateTimeField("ingetrokken op", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ingetrokken door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = "toestemming"
        verbose_name_plural = "toestemmingen"

    def __str__(self) -> str:
        return f"{self.purpose} → {self.organisation}"

    def clean(self):
        errors = {}
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            errors["valid_until"] = "De einddatum ligt vóór de begindatum."
        person = self.person if self.person_id else None
        age = person.age if person is not None else None
        if age is not None and age < MINOR_AGE and not self.representative.strip():
            errors["representative"] = (
                "De bewoner is jonger dan 12 jaar: een wettelijk vertegenwoordiger "
                "geeft de toestemming."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def status(self) -> str:
        today = timezone.localdate()
        if self.withdrawn_at:
            return "ingetrokken"
        if self.valid_from > today:
            return "nog niet geldig"
        if self.valid_until and self.valid_until < today:
            return "verlopen"
        return "geldig"

    def withdraw(self, user):
        """Withdrawal takes effect at once: scoping reads withdrawn_at on every request."""
        if self.withdrawn_at is None:
            self.withdrawn_at = timezone.now()
            self.withdrawn_by = user
            self.save(update_fields=["withdrawn_at", "withdrawn_by"])


class ErasureRecord(models.Model):
    """Proof that a resident's data was erased: when, by whom, why, what, never who."""

    person_public_id = models.CharField("bewoner (kenmerk)", max_length=12, db_index=True)
    requested_on = models.DateField(
        "verzoek ontvangen op", validators=[happened("De datum van het verzoek")]
    )
    reason = models.CharField("grond", max_length=200)
    performed_at = models.DateTimeField("uitgevoerd op", auto_now_add=True)
    performed_by = models.CharField("uitgevoerd door", max_length=150)
    organisation_id = models.BigIntegerField("organisatie-id", null=True)
    organisation_name = models.CharField("organisatie", max_length=200)
    summary = models.JSONField("wat is gewist", default=list)

    class Meta:
        ordering = ["-performed_at"]
        verbose_name = "wisverslag"
        verbose_name_plural = "wisverslagen"

    def __str__(self) -> str:
        return f"{self.person_public_id} gewist op {self.performed_at:%Y-%m-%d}"
