"""Vraag en aanbod: residents' hulpvragen, helpers' aanbod, match runs, proposals, matches.

A hulpvraag belongs to the resident (and so to the resident's organisation) and is
scoped like the resident: `HelpRequest.objects.visible_to(user)` starts from
`Person.objects.visible_to(user)`. Its status only changes through `workflow.py`.
A helper's load is never typed: it is the number of its active matches.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from kwartier.core.access.roles import MANAGERS, PARTNERS, VOLUNTEERS, WORKERS
from kwartier.core.bookkeeping import Timestamped
from kwartier.core.models import Area, Organisation, Person
from kwartier.core.validators import (
    DateRange,
    date_order_problems,
    happened,
    planned,
    raise_problems,
    validate_phone,
)
from kwartier.privacy.models import Consent

from .categories import SLOT_ORDER, language_name, slot_label, sorted_slots

MATCH_PURPOSE = "koppeling-vrijwilliger"  # privacy Purpose for sharing a hulpvraag with a helper
REQUEST_CATEGORY = "hulpvraag"  # privacy DataCategory a partner needs to see hulpvragen
CONTACT_CATEGORY = "contact"
VOG_YEARS = 30  # a VOG is asked anew long before; older dates are typing errors


def _authenticated_member(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.organisation_id)


def validate_slots(value):
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError("Dagdelen zijn een lijst van codes zoals 'ma-ochtend'.")
    unknown = [v for v in value if v not in SLOT_ORDER]
    if unknown:
        raise ValidationError(f"Onbekend dagdeel: {', '.join(unknown)}.")


def validate_languages(value):
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValidationError("Talen zijn een lijst van taalcodes zoals 'nl' of 'tr'.")


class SupportCategory(models.Model):
    """A kind of help (boodschappen, vervoer, …); the list is configurable in beheer."""

    code = models.SlugField("code", max_length=40, unique=True)
    name = models.CharField("naam", max_length=120)
    description = models.TextField("omschrijving", blank=True)
    requires_vog = models.BooleanField(
        "VOG altijd nodig",
        default=False,
        help_text="Helpers bij deze soort hulp moeten altijd een VOG hebben.",
    )
    active = models.BooleanField("in gebruik", default=True)
    order = models.PositiveSmallIntegerField(
        "volgorde", default=0, validators=[MaxValueValidator(1000)]
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "soort hulp"
        verbose_name_plural = "soorten hulp"

    def __str__(self) -> str:
        return self.name


# Hulpvragen ---------------------------------------------------------------------------


class HelpRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Hulpvragen the user may see: those of residents in scope, narrowed per role.

        Workers see every hulpvraag of the residents they see. A partner sees only those
        of residents whose consent in force for the partner covers 'hulpvraag'. A
        volunteer sees only the hulpvragen of their own active matches.
        """
        if not _authenticated_member(user):
            return self.none()
        in_scope = self.filter(person__in=Person.objects.visible_to(user))
        if user.role in WORKERS:
            return in_scope.filter(organisation_id=user.organisation_id)
        if user.role in PARTNERS:
            consented = (
                Consent.objects.valid()
                .filter(organisation_id=user.organisation_id, categories__code=REQUEST_CATEGORY)
                .values("person_id")
            )
            return in_scope.filter(person_id__in=consented)
        if user.role in VOLUNTEERS:
            own = Match.objects.for_volunteer(user).values("request_id")
            return in_scope.filter(pk__in=own)
        return self.none()

    def in_area(self, area):
        return self.filter(person__household__buurt_id__in=area.buurt_ids())


class HelpRequest(Timestamped):
    """A resident's support question (hulpvraag)."""

    class Status(models.TextChoices):
        NIEUW = "nieuw", "Nieuw"
        ZOEKEN = "zoeken", "Zoeken"
        VOORGESTELD = "voorgesteld", "Voorgesteld"
        GEKOPPELD = "gekoppeld", "Gekoppeld"
        AFGEROND = "afgerond", "Afgerond"
        GESTOPT = "gestopt", "Gestopt"

    class Recurrence(models.TextChoices):
        EENMALIG = "eenmalig", "Eenmalig"
        WEKELIJKS = "wekelijks", "Elke week"
        TWEEWEKELIJKS = "tweewekelijks", "Om de week"
        MAANDELIJKS = "maandelijks", "Elke maand"

    class Urgency(models.TextChoices):
        LAAG = "laag", "Kan wachten"
        NORMAAL = "normaal", "Normaal"
        HOOG = "hoog", "Dringend"

    class HelperGender(models.TextChoices):
        GEEN_VOORKEUR = "geen", "Geen voorkeur"
        VROUW = "vrouw", "Een vrouw"
        MAN = "man", "Een man"

    person = models.ForeignKey(
        Person, verbose_name="bewoner", on_delete=models.CASCADE, related_name="help_requests"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        on_delete=models.PROTECT,
        related_name="help_requests",
        editable=False,
    )
    category = models.ForeignKey(
        SupportCategory, verbose_name="soort hulp", on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(
        "de vraag", help_text="Wat is er nodig? Schrijf alleen op wat een helper moet weten."
    )
    slots = models.JSONField("dagdelen", default=list, validators=[validate_slots])
    recurrence = models.CharField(
        "hoe vaak", max_length=20, choices=Recurrence.choices, default=Recurrence.WEKELIJKS
    )
    start_date = models.DateField(
        "vanaf", default=timezone.localdate, validators=[planned("De startdatum")]
    )
    urgency = models.CharField(
        "urgentie", max_length=10, choices=Urgency.choices, default=Urgency.NORMAAL
    )
    languages = models.JSONField("talen", default=list, blank=True, validators=[validate_languages])
    helper_gender = models.CharField(
        "helper is bij voorkeur",
        max_length=10,
        choices=HelperGender.choices,
        default=HelperGender.GEEN_VOORKEUR,
    )
    requires_vog = models.BooleanField(
        "helper moet een VOG hebben",
        default=False,
        help_text="Bij sommige soorten hulp is een VOG altijd nodig (zie de soort hulp).",
    )
    lat = models.FloatField(
        "breedtegraad",
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text="Alleen als de hulp ergens anders nodig is dan het midden van de buurt.",
    )
    lon = models.FloatField(
        "lengtegraad",
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.NIEUW, editable=False
    )
    stop_reason = models.CharField("reden van stoppen", max_length=200, blank=True, editable=False)
    registered_on = models.DateField(
        "aangemeld op", default=timezone.localdate, validators=[happened("De aanmelding")]
    )
    waited_until = models.DateField("wachtte tot", null=True, blank=True, editable=False)
    status_changed_at = models.DateTimeField("status gewijzigd", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="vastgelegd door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = HelpRequestQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="historie hulpvraag", verbose_name_plural="historie hulpvragen"
    )

    class Meta:
        ordering = ["registered_on", "pk"]
        verbose_name = "hulpvraag"
        verbose_name_plural = "hulpvragen"

    def __str__(self) -> str:
        return f"{self.category} voor {self.person.given_name} (#{self.pk})"

    def save(self, *args, **kwargs):
        if self.person_id and not self.organisation_id:
            self.organisation_id = self.person.organisation_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("helprequest-detail", args=[self.pk])

    def clean(self):
        errors = {}
        if (self.lat is None) != (self.lon is None):
            errors["lon" if self.lon is None else "lat"] = (
                "Vul breedte- en lengtegraad allebei in, of allebei niet."
            )
        if errors:
            raise ValidationError(errors)

    # What every page shows --------------------------------------------------------

    @property
    def waiting_days(self) -> int:
        """Days since registration; once matched or closed, the days it waited until then."""
        until = self.waited_until or timezone.localdate()
        return max(0, (until - self.registered_on).days)

    @property
    def is_waiting(self) -> bool:
        return self.status in WAITING_STATUSES

    @property
    def buurt(self) -> Area | None:
        household = self.person.household
        return household.buurt if household else None

    @property
    def needs_vog(self) -> bool:
        return self.requires_vog or self.category.requires_vog

    def slot_labels(self) -> list[str]:
        return [slot_label(s) for s in sorted_slots(self.slots)]

    def language_names(self) -> list[str]:
        return [language_name(code) for code in self.languages]


WAITING_STATUSES = {
    HelpRequest.Status.NIEUW,
    HelpRequest.Status.ZOEKEN,
    HelpRequest.Status.VOORGESTELD,
}


class StatusChange(models.Model):
    """One step in a hulpvraag's status history (written by workflow.transition only)."""

    request = models.ForeignKey(
        HelpRequest, verbose_name="hulpvraag", on_delete=models.CASCADE, related_name="changes"
    )
    from_status = models.CharField(
        "van", max_length=20, choices=HelpRequest.Status.choices, blank=True
    )
    to_status = models.CharField("naar", max_length=20, choices=HelpRequest.Status.choices)
    reason = models.CharField("reden", max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField("wanneer", default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = "statuswijziging"
        verbose_name_plural = "statuswijzigingen"

    def __str__(self) -> str:
        return f"{self.from_status or '–'} → {self.to_status}"


# Aanbod -------------------------------------------------------------------------------


class HelperQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Workers see the helpers their organisation coordinates; nobody else sees any."""
        if not _authenticated_member(user) or user.role not in WORKERS:
            return self.none()
        return self.filter(organisation_id=user.organisation_id)

    def with_load(self):
        """Annotate `load` (active matches) and `reserved` (open proposals)."""
        return self.annotate(
            load=Count("matches", filter=Q(matches__status=Match.Status.ACTIEF), distinct=True),
            reserved=Count(
                "proposals", filter=Q(proposals__status=Proposal.Status.OPEN), distinct=True
            ),
        )


class Helper(Timestamped):
    """An offer of help (aanbod): a volunteer, neighbour, buddy, club or professional service.

    `organisation` coordinates the helper and registered this entry. A club or a
    professional service belongs to another organisation (`external_organisation`):
    sharing a hulpvraag with it then needs the resident's consent for that organisation.
    """

    class Kind(models.TextChoices):
        VRIJWILLIGER = "vrijwilliger", "Vrijwilliger"
        BUUR = "buur", "Buur"
        MAATJE = "maatje", "Maatje"
        CLUB = "club", "Club of vereniging"
        PROFESSIONEEL = "professioneel", "Professionele dienst"

    class VogStatus(models.TextChoices):
        GEEN = "geen", "Geen VOG"
        AANGEVRAAGD = "aangevraagd", "Aangevraagd"
        AFGEGEVEN = "afgegeven", "Afgegeven"

    class Gender(models.TextChoices):
        ONBEKEND = "onbekend", "Niet opgegeven"
        VROUW = "vrouw", "Vrouw"
        MAN = "man", "Man"

    name = models.CharField("naam", max_length=200)
    kind = models.CharField("soort aanbod", max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="gecoördineerd door",
        on_delete=models.CASCADE,
        related_name="helpers",
        editable=False,
    )
    external_organisation = models.ForeignKey(
        Organisation,
        verbose_name="van organisatie",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="external_helpers",
        help_text="Voor een club of professionele dienst van een andere organisatie.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="account",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="helper",
        help_text="Het account van de vrijwilliger, om de eigen koppelingen te zien.",
    )
    categories = models.ManyToManyField(SupportCategory, verbose_name="helpt bij")
    slots = models.JSONField("dagdelen", default=list, validators=[validate_slots])
    area = models.ForeignKey(
        Area,
        verbose_name="werkgebied",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Een buurt of wijk; of vul hieronder een plek en straal in.",
    )
    lat = models.FloatField(
        "breedtegraad",
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    lon = models.FloatField(
        "lengtegraad",
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    radius_km = models.DecimalField(
        "straal (km)",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(500)],
    )
    capacity = models.PositiveSmallIntegerField(
        "maximaal aantal koppelingen tegelijk",
        default=1,
        validators=[MaxValueValidator(100)],
    )
    vog_status = models.CharField(
        "VOG", max_length=20, choices=VogStatus.choices, default=VogStatus.GEEN
    )
    vog_date = models.DateField(
        "datum VOG",
        null=True,
        blank=True,
        validators=[DateRange(years_back=VOG_YEARS, what="De datum van de VOG")],
    )
    languages = models.JSONField("talen", default=list, blank=True, validators=[validate_languages])
    gender = models.CharField(
        "geslacht", max_length=10, choices=Gender.choices, default=Gender.ONBEKEND
    )
    phone = models.CharField("telefoon", max_length=30, blank=True, validators=[validate_phone])
    email = models.EmailField("e-mail", blank=True)
    active = models.BooleanField("beschikbaar", default=True)
    note = models.TextField("toelichting", blank=True)

    objects = HelperQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "helper"
        verbose_name_plural = "aanbod"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("helper-detail", args=[self.pk])

    def clean(self):
        errors = {}
        point = [self.lat, self.lon, self.radius_km]
        if any(v is not None for v in point) and not all(v is not None for v in point):
            for name, value in zip(("lat", "lon", "radius_km"), point, strict=True):
                if value is None:
                    errors[name] = "Vul plek (breedte- en lengtegraad) en straal samen in."
        if self.area_id is None and not all(v is not None for v in point):
            errors.setdefault(
                "area",
                "Kies een werkgebied, of vul een plek met een straal in waar de helper komt.",
            )
        if self.vog_status == self.VogStatus.AFGEGEVEN and self.vog_date is None:
            errors["vog_date"] = "Vul de datum van de VOG in."
        if self.user_id and getattr(self.user, "role", None) not in VOLUNTEERS:
            errors["user"] = "Alleen een account met de rol vrijwilliger kan aan een helper vast."
        if self.kind in (self.Kind.CLUB, self.Kind.PROFESSIONEEL) and self.user_id:
            errors["user"] = "Een club of dienst heeft geen vrijwilligersaccount."
        if errors:
            raise ValidationError(errors)

    @property
    def provider_organisation_id(self) -> int:
        """The organisation that receives the hulpvraag when this helper is matched."""
        return self.external_organisation_id or self.organisation_id

    @property
    def provider_organisation(self) -> Organisation:
        return self.external_organisation or self.organisation

    @property
    def has_vog(self) -> bool:
        return self.vog_status == self.VogStatus.AFGEGEVEN

    def slot_labels(self) -> list[str]:
        return [slot_label(s) for s in sorted_slots(self.slots)]

    def language_names(self) -> list[str]:
        return [language_name(code) for code in self.languages]

    def active_match_count(self) -> int:
        if hasattr(self, "load"):
            return self.load
        return self.matches.filter(status=Match.Status.ACTIEF).count()

    def load_warning(self) -> str:
        """'' below capacity; 'vol' at capacity; 'overvol' above it."""
        load = self.active_match_count()
        if load > self.capacity:
            return "overvol"
        if load == self.capacity:
            return "vol"
        return ""


INFORMAL_KINDS = {
    Helper.Kind.VRIJWILLIGER,
    Helper.Kind.BUUR,
    Helper.Kind.MAATJE,
    Helper.Kind.CLUB,
}


# Match runs and proposals -------------------------------------------------------------


class MatchRunQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not _authenticated_member(user) or user.role not in WORKERS:
            return self.none()
        return self.filter(organisation_id=user.organisation_id)


class MatchRun(models.Model):
    """One run of the matching engine for an area: its proposals and its unmatched reasons."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.CASCADE, related_name="+"
    )
    area = models.ForeignKey(
        Area, verbose_name="gebied", on_delete=models.CASCADE, related_name="match_runs"
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gestart door",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("gestart op", default=timezone.now)
    request_count = models.PositiveIntegerField("hulpvragen", default=0)
    offer_count = models.PositiveIntegerField("helpers", default=0)
    proposal_count = models.PositiveIntegerField("voorstellen", default=0)
    weights = models.JSONField("gewichten", default=dict)
    duration_ms = models.PositiveIntegerField("rekentijd (ms)", default=0)

    objects = MatchRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "koppelronde"
        verbose_name_plural = "koppelrondes"

    def __str__(self) -> str:
        return f"Koppelronde {self.pk} · {self.area.name}"

    def get_absolute_url(self) -> str:
        return reverse("matchrun-detail", args=[self.pk])


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not _authenticated_member(user) or user.role not in WORKERS:
            return self.none()
        return self.filter(request__in=HelpRequest.objects.visible_to(user))


class Proposal(models.Model):
    """The engine's proposal: this helper for this hulpvraag, with score and reasons."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        GEACCEPTEERD = "geaccepteerd", "Geaccepteerd"
        AFGEWEZEN = "afgewezen", "Afgewezen"
        VERVALLEN = "vervallen", "Vervallen"

    Obtained = Consent.Obtained

    run = models.ForeignKey(
        MatchRun, verbose_name="koppelronde", on_delete=models.CASCADE, related_name="proposals"
    )
    request = models.ForeignKey(
        HelpRequest, verbose_name="hulpvraag", on_delete=models.CASCADE, related_name="proposals"
    )
    helper = models.ForeignKey(
        Helper, verbose_name="helper", on_delete=models.CASCADE, related_name="proposals"
    )
    score = models.FloatField("score")
    reasons = models.JSONField("waarom", default=list)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="besloten door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("besloten op", null=True, blank=True)
    rejection_reason = models.CharField("reden van afwijzen", max_length=200, blank=True)
    # The resident's consent to share the hulpvraag with a helper of the own organisation.
    consent_confirmed = models.BooleanField("bewoner heeft toestemming gegeven", default=False)
    consent_obtained = models.CharField(
        "hoe verkregen", max_length=20, choices=Obtained.choices, blank=True
    )
    consent_share_contact = models.BooleanField(
        "contactgegevens mogen naar de helper", default=False
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["run", "request__registered_on", "request_id"]
        verbose_name = "koppelvoorstel"
        verbose_name_plural = "koppelvoorstellen"

    def __str__(self) -> str:
        return f"{self.helper} voor hulpvraag {self.request_id}"

    @property
    def person(self):
        return self.request.person

    @property
    def is_internal(self) -> bool:
        """Same organisation: the helper is coordinated by the resident's organisation."""
        return self.helper.provider_organisation_id == self.request.organisation_id


class UnmatchedRequest(models.Model):
    """Why a hulpvraag got no proposal in a run (the engine's binding constraint)."""

    run = models.ForeignKey(
        MatchRun, verbose_name="koppelronde", on_delete=models.CASCADE, related_name="unmatched"
    )
    request = models.ForeignKey(
        HelpRequest, verbose_name="hulpvraag", on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField("code", max_length=20)
    reason = models.CharField("reden", max_length=300)

    class Meta:
        ordering = ["run", "request__registered_on", "request_id"]
        verbose_name = "hulpvraag zonder voorstel"
        verbose_name_plural = "hulpvragen zonder voorstel"

    def __str__(self) -> str:
        return f"{self.request_id}: {self.reason}"


# Matches ------------------------------------------------------------------------------


def followup_weeks() -> int:
    return int(getattr(settings, "KWARTIER_MATCH_FOLLOWUP_WEEKS", 6))


class MatchQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Match.Status.ACTIEF)

    def with_consent_in_force(self):
        """Matches whose sharing basis still holds: confirmed consent for an own helper,
        or a consent in force for the helper's organisation (withdrawal counts at once)."""
        consent = Consent.objects.valid().filter(
            person_id=OuterRef("request__person_id"),
            organisation_id=OuterRef("consent_organisation_id"),
            purpose__code=MATCH_PURPOSE,
            categories__code=REQUEST_CATEGORY,
        )
        return self.filter(Q(consent_organisation__isnull=True) | Exists(consent))

    def for_volunteer(self, user):
        """A volunteer's own active matches, as long as the resident's consent holds."""
        if not _authenticated_member(user) or user.role not in VOLUNTEERS:
            return self.none()
        return self.active().filter(helper__user=user).with_consent_in_force()

    def visible_to(self, user):
        if not _authenticated_member(user):
            return self.none()
        if user.role in WORKERS:
            return self.filter(request__in=HelpRequest.objects.visible_to(user))
        if user.role in VOLUNTEERS:
            return self.for_volunteer(user)
        return self.none()

    def followup_due(self, on: datetime.date | None = None):
        day = on or timezone.localdate()
        return self.active().filter(followup_on__isnull=True, followup_due_on__lte=day)


class Match(Timestamped):
    """An accepted proposal: the helper and the resident are introduced (koppeling)."""

    class Status(models.TextChoices):
        ACTIEF = "actief", "Loopt"
        BEEINDIGD = "beeindigd", "Beëindigd"

    class ConsentBasis(models.TextChoices):
        BEVESTIGD = "bevestigd", "Toestemming bevestigd (helper van de eigen organisatie)"
        TOESTEMMING = "toestemming", "Vastgelegde toestemming (andere organisatie)"

    class FollowUp(models.TextChoices):
        JA = "ja", "Ja, het loopt"
        NOG_NIET = "nog-niet", "Nog niet: later opnieuw vragen"
        NEE = "nee", "Nee, er is geen koppeling ontstaan"

    class Outcome(models.TextChoices):
        AFGEROND = "afgerond", "Hulpvraag is beantwoord (afgerond)"
        ZOEKEN = "zoeken", "Opnieuw een helper zoeken"
        GESTOPT = "gestopt", "Hulpvraag stopt"

    request = models.ForeignKey(
        HelpRequest, verbose_name="hulpvraag", on_delete=models.CASCADE, related_name="matches"
    )
    helper = models.ForeignKey(
        Helper, verbose_name="helper", on_delete=models.PROTECT, related_name="matches"
    )
    proposal = models.OneToOneField(
        Proposal,
        verbose_name="voorstel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="match",
    )
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.ACTIEF
    )
    consent_basis = models.CharField(
        "grond voor delen", max_length=20, choices=ConsentBasis.choices
    )
    consent_obtained = models.CharField(
        "toestemming verkregen", max_length=20, choices=Proposal.Obtained.choices, blank=True
    )
    # PROTECT: losing it would make the match look like one within the own organisation.
    consent_organisation = models.ForeignKey(
        Organisation,
        verbose_name="toestemming voor organisatie",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    consent_id_at_start = models.BigIntegerField("toestemming bij start", null=True, blank=True)
    share_contact = models.BooleanField("contactgegevens gedeeld met de helper", default=False)
    started_on = models.DateField(
        "gekoppeld op", default=timezone.localdate, validators=[happened("De koppeling")]
    )
    introduction_on = models.DateField(
        "kennismaking", null=True, blank=True, validators=[planned("De kennismaking", 1)]
    )
    followup_due_on = models.DateField(
        "opvolgen op", blank=True, validators=[planned("De opvolgdatum", 1)]
    )
    followup_on = models.DateField(
        "opgevolgd op", null=True, blank=True, validators=[happened("De opvolging")]
    )
    followup_result = models.CharField(
        "heeft dit tot een koppeling geleid?", max_length=20, choices=FollowUp.choices, blank=True
    )
    followup_note = models.CharField("toelichting opvolging", max_length=300, blank=True)
    ended_on = models.DateField(
        "beëindigd op", null=True, blank=True, validators=[happened("Het einde")]
    )
    end_reason = models.CharField("reden van beëindigen", max_length=200, blank=True)
    end_outcome = models.CharField(
        "en de hulpvraag", max_length=20, choices=Outcome.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gekoppeld door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MatchQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="historie koppeling", verbose_name_plural="historie koppelingen"
    )

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = "koppeling"
        verbose_name_plural = "koppelingen"

    def __str__(self) -> str:
        return f"{self.helper} ↔ hulpvraag {self.request_id}"

    def save(self, *args, **kwargs):
        if self.followup_due_on is None:
            start = self.started_on or timezone.localdate()
            self.followup_due_on = start + datetime.timedelta(weeks=followup_weeks())
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("match-detail", args=[self.pk])

    @property
    def person(self):
        return self.request.person

    @property
    def is_followup_due(self) -> bool:
        return (
            self.status == self.Status.ACTIEF
            and self.followup_on is None
            and self.followup_due_on <= timezone.localdate()
        )


# Multiplier ---------------------------------------------------------------------------


class ProfessionalCapacityQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not _authenticated_member(user) or user.role not in MANAGERS:
            return self.none()
        return self.filter(organisation_id=user.organisation_id)


class ProfessionalCapacity(models.Model):
    """Paid professional capacity (fte) an organisation puts into an area in a period."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
    )
    area = models.ForeignKey(
        Area, verbose_name="gebied", on_delete=models.CASCADE, related_name="+"
    )
    period_start = models.DateField("van", validators=[planned("De begindatum")])
    period_end = models.DateField("tot en met", validators=[planned("De einddatum", 5)])
    fte = models.DecimalField(
        "betaalde inzet (fte)",
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(9999)],
    )
    note = models.CharField(
        "toelichting",
        max_length=200,
        blank=True,
        help_text="Bijvoorbeeld: 2 opbouwwerkers en 1 vrijwilligerscoördinator.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="vastgelegd door",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    recorded_at = models.DateTimeField("vastgelegd op", auto_now=True)

    objects = ProfessionalCapacityQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "area__code", "pk"]
        verbose_name = "betaalde inzet"
        verbose_name_plural = "betaalde inzet"

    def __str__(self) -> str:
        return f"{self.fte} fte · {self.area.name} · {self.period_start} – {self.period_end}"

    def clean(self):
        raise_problems(self.date_problems())

    def date_problems(self) -> dict[str, str]:
        return date_order_problems(
            (
                self.period_start,
                self.period_end,
                "period_end",
                "De einddatum ligt vóór de begindatum.",
            )
        )
