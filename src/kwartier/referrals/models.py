"""Referrals: a partner (e.g. a GP practice) refers a resident to a method of a welfare
organisation, and receives feedback on what became of it.

Until it is accepted a referral holds the resident's minimal data itself; on acceptance
the receiving organisation links it to a resident in its own dossiers (core.Person),
records the resident's consents (privacy.Consent) and starts a trajectory. Every change
goes through `services.py`; who sees a referral is decided in `ReferralQuerySet.visible_to`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from kwartier.core.access.roles import AREA_BOUND, PARTNERS, WORKERS
from kwartier.core.bookkeeping import Created, Timestamped
from kwartier.core.models import POSTCODE_VALIDATOR, Organisation, Person
from kwartier.core.validators import happened, validate_phone
from kwartier.privacy.models import Consent

# Organisations that take referrals in (the form's choice of "naar").
RECEIVING_KINDS = (Organisation.Kind.WELZIJN,)

# privacy: purposes and data categories of the two consents a referral records.
INTAKE_PURPOSE = "doorverwijzing"
INTAKE_CATEGORIES = ("contact", "hulpvraag")
FEEDBACK_PURPOSE = "terugkoppeling-verwijzer"
PROGRESS_CATEGORY = "verwijzing-verloop"  # start and end of the trajectory, contact person
OUTCOME_CATEGORY = "verwijzing-uitkomst"  # the outcome and the reason of ending
# Names for purposes and categories, should a database lack the seeded rows (migrations).
PRIVACY_NAMES = {
    INTAKE_PURPOSE: "Doorverwijzing",
    FEEDBACK_PURPOSE: "Terugkoppeling aan verwijzer",
    "contact": "Contactgegevens",
    "hulpvraag": "Hulpvraag",
    PROGRESS_CATEGORY: "Verloop van een verwijzing (start, einde, contactpersoon)",
    OUTCOME_CATEGORY: "Uitkomst van een verwijzing (reden van beëindigen, uitkomst)",
}


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Referrals the user may see.

        A partner sees the referrals its own organisation sent. Workers of the receiving
        organisation see the referrals addressed to it; once one is linked to a resident,
        a wijkwerker sees it only while that resident is in their scope (their buurten).
        Volunteers and the gemeente see none (the gemeente gets figures only).
        """
        if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
            return self.none()
        if user.role in PARTNERS:  # the referrers
            return self.filter(referrer_organisation_id=user.organisation_id)
        if user.role in WORKERS:  # the receiving organisation
            received = self.filter(organisation_id=user.organisation_id)
            if user.role in AREA_BOUND:
                return received.filter(
                    Q(person__isnull=True) | Q(person__in=Person.objects.visible_to(user))
                )
            return received
        return self.none()

    def waiting(self):
        return self.filter(status=Referral.Status.NIEUW)


class Referral(Timestamped):
    """One referral of one resident to one method of a receiving organisation."""

    class Status(models.TextChoices):
        NIEUW = "nieuw", "Nieuw"
        GEACCEPTEERD = "geaccepteerd", "Geaccepteerd"
        AFGEWEZEN = "afgewezen", "Afgewezen"

    class FeedbackScope(models.TextChoices):
        GEEN = "geen", "Geen terugkoppeling (alleen of de verwijzing is aangenomen)"
        VERLOOP = "verloop", "Start en einde: de datums en de contactpersoon"
        UITKOMST = "uitkomst", "Start en einde, met de reden van beëindigen en de uitkomst"

    class DeclineReason(models.TextChoices):
        DOELGROEP = "doelgroep", "Past niet bij de doelgroep van de methode"
        WERKGEBIED = "werkgebied", "Woont buiten ons werkgebied"
        ANDERE_HULP = "andere-hulp", "Andere hulp past beter"
        WIL_NIET = "wil-niet", "Bewoner wil niet (meer)"
        GEEN_CONTACT = "geen-contact", "Geen contact met de bewoner gekregen"
        GEEN_PLEK = "geen-plek", "Geen plek (wachtlijst)"
        ANDERS = "anders", "Andere reden"

    # Who refers, to whom, for what.
    referrer_organisation = models.ForeignKey(
        Organisation,
        verbose_name="verwijzer",
        on_delete=models.PROTECT,
        related_name="referrals_sent",
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ingevoerd door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    referrer_contact = models.CharField(
        "contactpersoon bij de verwijzer",
        max_length=120,
        blank=True,
        help_text="Bijvoorbeeld de huisarts of praktijkondersteuner.",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="naar organisatie",
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    method = models.ForeignKey(
        "methods.Method",
        verbose_name="methode",
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.NIEUW, db_index=True
    )
    received_on = models.DateField(
        "ontvangen op", default=timezone.localdate, validators=[happened("De ontvangstdatum")]
    )

    # The resident, with the minimum needed to find or register them.
    given_name = models.CharField("voornaam", max_length=80)
    infix = models.CharField("tussenvoegsel", max_length=20, blank=True)
    family_name = models.CharField("achternaam", max_length=120)
    birth_year = models.PositiveSmallIntegerField(
        "geboortejaar", validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    postcode = models.CharField(
        "postcode", max_length=7, blank=True, validators=[POSTCODE_VALIDATOR]
    )
    house_number = models.PositiveIntegerField(
        "huisnummer",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(99999)],
    )
    house_number_suffix = models.CharField("toevoeging", max_length=10, blank=True)
    phone = models.CharField("telefoon", max_length=30, blank=True, validators=[validate_phone])
    reason = models.TextField(
        "reden of vraag (vrije tekst)",
        help_text="Alleen wat de ontvangende organisatie nodig heeft om te beginnen; "
        "geen diagnoses of medische gegevens.",
    )

    # The resident's consent, as the referrer recorded it.
    consent_obtained = models.CharField(
        "toestemming verkregen", max_length=20, choices=Consent.Obtained.choices
    )
    consent_on = models.DateField(
        "toestemming gegeven op", validators=[happened("De datum van de toestemming")]
    )
    representative = models.CharField(
        "wettelijk vertegenwoordiger",
        max_length=200,
        blank=True,
        help_text="Verplicht als de bewoner jonger is dan 12 jaar.",
    )
    feedback_scope = models.CharField(
        "terugkoppeling aan de verwijzer",
        max_length=20,
        choices=FeedbackScope.choices,
        default=FeedbackScope.VERLOOP,
        help_text="Waarvoor de bewoner toestemming gaf. Zonder toestemming krijgt u alleen "
        "te horen of de verwijzing is aangenomen of afgewezen.",
    )

    # The decision of the receiving organisation.
    decided_on = models.DateField(
        "besluit op", null=True, blank=True, validators=[happened("Het besluit")]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="besloten door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decline_reason = models.CharField(
        "reden van afwijzen", max_length=20, choices=DeclineReason.choices, blank=True
    )
    decline_note = models.TextField("toelichting bij afwijzen", blank=True)
    person = models.ForeignKey(
        Person,
        verbose_name="bewoner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    trajectory = models.OneToOneField(
        "methods.Trajectory",
        verbose_name="traject",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referral",
    )
    intake_consent = models.ForeignKey(
        Consent,
        verbose_name="toestemming voor de verwijzing",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    feedback_consent = models.ForeignKey(
        Consent,
        verbose_name="toestemming voor terugkoppeling",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When the resident's data was erased: on request, by retention, or with the resident.
    anonymised_at = models.DateTimeField("persoonsgegevens gewist op", null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "verwijzing"
        verbose_name_plural = "verwijzingen"
        indexes = [models.Index(fields=["organisation", "status", "received_on"])]

    def __str__(self) -> str:
        return f"Verwijzing {self.pk} naar {self.method.name}"

    def get_absolute_url(self) -> str:
        return reverse("referral-detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        name = " ".join(p for p in (self.given_name, self.infix, self.family_name) if p)
        return name or "(gegevens gewist)"

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def address(self) -> str:
        if not self.postcode:
            return ""
        suffix = f"-{self.house_number_suffix}" if self.house_number_suffix else ""
        number = f" {self.house_number}{suffix}" if self.house_number else ""
        return f"{self.postcode}{number}"

    @property
    def latest_feedback(self):
        """The last feedback (uses the prefetched list where there is one)."""
        items = list(self.feedback.all())
        return items[-1] if items else None

    def waiting_days(self, today=None) -> int:
        """Days from receipt to the decision, or to today while it waits."""
        until = self.decided_on or today or timezone.localdate()
        return max(0, (until - self.received_on).days)


class Feedback(Created):
    """A message to the referrer: declined, started or ended, with only what the
    resident's consent covers. Kept as written, so the referrer sees what was sent."""

    class Kind(models.TextChoices):
        AFGEWEZEN = "afgewezen", "Afgewezen"
        GESTART = "gestart", "Gestart"
        BEEINDIGD = "beeindigd", "Beëindigd"

    referral = models.ForeignKey(
        Referral, verbose_name="verwijzing", on_delete=models.CASCADE, related_name="feedback"
    )
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    written_on = models.DateField("datum", validators=[happened()])
    text = models.TextField("terugkoppeling")
    emailed_to = models.CharField("gemaild aan", max_length=254, blank=True)
    emailed_at = models.DateTimeField("gemaild op", null=True, blank=True)

    class Meta:
        ordering = ["written_on", "pk"]
        verbose_name = "terugkoppeling"
        verbose_name_plural = "terugkoppelingen"
        constraints = [
            models.UniqueConstraint(fields=["referral", "kind"], name="feedback_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.written_on:%d-%m-%Y})"
