"""Signals: what residents and partners report about a buurt, and how it is handled.

A signal belongs to the organisation that handles it (chosen by the routing rules) and
may be passed on to a partner organisation. It names no resident unless a worker links
one; the reporter's contact details are kept only when given with consent, and retention
removes them a set time after closing. Every change goes through `services.py`; who sees
a signal is decided in `SignalQuerySet.visible_to`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from kwartier.core.access.roles import AREA_BOUND, MANAGERS, PARTNERS
from kwartier.core.bookkeeping import Created, RecordedBy, Timestamped
from kwartier.core.models import Area, Organisation, Person
from kwartier.core.validators import validate_phone

from .states import CLOSED, Status

DESCRIPTION_MAX = 4000
TERM_DAYS_MAX = 365
PHOTOS_MAX = 3
# Longitude and latitude of the Netherlands with a margin (the municipality's own outline
# is checked in services, where the areas are known).
LATITUDE = (50.0, 54.0)
LONGITUDE = (3.0, 7.5)


class Category(models.Model):
    """A kind of signal, in a two-level tree kept as data (the beheerder edits it).

    Its `code` is the Open311 service_code. A sensitive category (nuisance by persons,
    care worries) never shows on the public list or map.
    """

    code = models.SlugField("code", max_length=40, unique=True)
    name = models.CharField("naam", max_length=80)
    parent = models.ForeignKey(
        "self",
        verbose_name="hoofdcategorie",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.CharField("omschrijving", max_length=300, blank=True)
    keywords = models.CharField("trefwoorden", max_length=200, blank=True)
    public = models.BooleanField(
        "te melden door bewoners", default=True, help_text="In het portaal en via Open311."
    )
    sensitive = models.BooleanField(
        "gevoelig",
        default=False,
        help_text="Nooit in de openbare lijst of op de openbare kaart.",
    )
    term_days = models.PositiveSmallIntegerField(
        "afhandeltermijn (dagen)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(TERM_DAYS_MAX)],
    )
    # Extra questions, shown in the portal and offered as Open311 attributes:
    # [{"code", "question", "datatype": "string|text|number|singlevaluelist", "required",
    #   "values": [{"key", "name"}]}]
    questions = models.JSONField("extra vragen", default=list, blank=True)
    order = models.PositiveSmallIntegerField("volgorde", default=0)
    active = models.BooleanField("in gebruik", default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "categorie"
        verbose_name_plural = "categorieën"

    def __str__(self) -> str:
        return f"{self.parent.name}: {self.name}" if self.parent_id else self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": "Een categorie heeft hoogstens twee niveaus."})


class RoutingRule(models.Model):
    """Category × area → the organisation (and team) that handles the signal.

    The most specific rule wins: category and area, then category, then area, then the
    rule with neither, which is the default.
    """

    category = models.ForeignKey(
        Category, verbose_name="categorie", null=True, blank=True, on_delete=models.CASCADE
    )
    area = models.ForeignKey(
        Area, verbose_name="gebied", null=True, blank=True, on_delete=models.CASCADE
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisatie", on_delete=models.CASCADE, related_name="+"
    )
    team = models.CharField("team", max_length=80, blank=True)

    class Meta:
        verbose_name = "routeringsregel"
        verbose_name_plural = "routeringsregels"
        # One rule per combination; NULL means "any", so each shape has its own constraint
        # (SQLite has no NULLS NOT DISTINCT).
        constraints = [
            models.UniqueConstraint(
                fields=fields,
                condition=Q(
                    **{f"{f}__isnull": True for f in ("category", "area") if f not in fields}
                ),
                name=f"signals_one_rule_{'_'.join(fields) or 'default'}",
            )
            for fields in (["category", "area"], ["category"], ["area"])
        ] + [
            models.UniqueConstraint(
                models.Value(1),
                condition=Q(category__isnull=True, area__isnull=True),
                name="signals_one_default_rule",
            )
        ]

    def __str__(self) -> str:
        what = self.category.name if self.category_id else "alle categorieën"
        where = self.area.name if self.area_id else "alle gebieden"
        return f"{what} in {where} → {self.organisation}"


class SignalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Signals the user may see.

        Workers see the signals their organisation handles (a wijkwerker those in their
        buurten and those assigned to them). A partner organisation sees what was routed
        or passed on to it, and nothing else. Volunteers and the gemeente see none (the
        gemeente gets the figures).
        """
        if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
            return self.none()
        org = user.organisation_id
        if user.role in MANAGERS:
            return self.filter(Q(organisation_id=org) | Q(partner_id=org))
        if user.role in AREA_BOUND:
            return self.filter(
                (Q(organisation_id=org) & Q(area_id__in=user.buurt_ids()))
                | Q(assignee=user)
                | Q(partner_id=org)
            )
        if user.role in PARTNERS:
            return self.filter(Q(partner_id=org) | Q(organisation_id=org))
        return self.none()

    def open(self):
        return self.exclude(status__in=CLOSED)


class Signal(Timestamped):
    class Channel(models.TextChoices):
        PORTAAL = "portaal", "Bewonersportaal"
        TELEFOON = "telefoon", "Telefoon"
        BALIE = "balie", "Balie"
        WIJKWERKER = "wijkwerker", "Wijkwerker"
        PARTNER = "partner", "Partner"
        OPEN311 = "open311", "Open311-app"
        IMPORT = "import", "Import"

    class Urgency(models.TextChoices):
        HOOG = "hoog", "Hoog"
        NORMAAL = "normaal", "Normaal"
        LAAG = "laag", "Laag"

    Status = Status

    number = models.CharField("meldingnummer", max_length=16, unique=True, editable=False)
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.GEMELD
    )
    category = models.ForeignKey(
        Category, verbose_name="categorie", on_delete=models.PROTECT, related_name="signals"
    )
    description = models.TextField(
        "omschrijving", validators=[MaxLengthValidator(DESCRIPTION_MAX)], blank=True
    )
    area = models.ForeignKey(
        Area, verbose_name="buurt", on_delete=models.PROTECT, related_name="signals"
    )
    address = models.CharField("adres", max_length=160, blank=True)
    latitude = models.DecimalField(
        "breedtegraad",
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(LATITUDE[0]), MaxValueValidator(LATITUDE[1])],
    )
    longitude = models.DecimalField(
        "lengtegraad",
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(LONGITUDE[0]), MaxValueValidator(LONGITUDE[1])],
    )
    channel = models.CharField("kanaal", max_length=12, choices=Channel.choices)
    urgency = models.CharField(
        "urgentie", max_length=8, choices=Urgency.choices, default=Urgency.NORMAAL
    )
    attributes = models.JSONField("antwoorden op extra vragen", default=dict, blank=True)
    reported_at = models.DateTimeField("gemeld op", default=timezone.now)
    due_at = models.DateTimeField("af te handelen voor")
    closed_at = models.DateTimeField("afgesloten op", null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField("keren heropend", default=0)

    # Who handles it.
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="behandelende organisatie",
        on_delete=models.PROTECT,
        related_name="signals",
    )
    team = models.CharField("team", max_length=80, blank=True)
    partner = models.ForeignKey(
        Organisation,
        verbose_name="doorgezet naar",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signals_passed_on",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="toegewezen aan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_signals",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="deel van",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="parts",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name="samengevoegd met",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )
    # A resident only when a worker links one; then the privacy rules apply.
    person = models.ForeignKey(
        Person,
        verbose_name="bewoner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signals",
    )

    # The reporter: only what they gave, and only with consent to be contacted.
    reporter_name = models.CharField("naam melder", max_length=120, blank=True)
    reporter_email = models.EmailField("e-mail melder", blank=True)
    reporter_phone = models.CharField(
        "telefoon melder", max_length=25, blank=True, validators=[validate_phone]
    )
    contact_consent = models.BooleanField("melder wil contact", default=False)
    contact_removed_at = models.DateTimeField(
        "contactgegevens verwijderd op", null=True, blank=True
    )
    # The private status link: only its hash is kept (the receipt shows the link once).
    status_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    satisfied = models.BooleanField("melder tevreden", null=True, blank=True)
    satisfaction_comment = models.CharField("toelichting melder", max_length=1000, blank=True)

    # Where it came from: an Open311 app (its key) or an imported outside request.
    api_key = models.ForeignKey(
        "signals.ApiKey",
        verbose_name="Open311-app",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signals",
    )
    open311_token = models.CharField(max_length=40, blank=True, db_index=True, editable=False)
    external_source = models.CharField("bronsysteem", max_length=200, blank=True)
    external_id = models.CharField("kenmerk in bronsysteem", max_length=100, blank=True)
    external_service = models.CharField("categorie in bronsysteem", max_length=200, blank=True)

    objects = SignalQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        indexes = [
            models.Index(fields=["organisation", "status", "reported_at"]),
            models.Index(fields=["partner", "status"]),
            models.Index(fields=["area", "reported_at"]),
            models.Index(fields=["category", "reported_at"]),
            models.Index(fields=["due_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_source", "external_id"],
                condition=~Q(external_id=""),
                name="signals_one_import_per_external_id",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def term_state(self, now: datetime.datetime | None = None) -> str:
        """ "binnen", "over" or "ver-over" (three times the term or more)."""
        end = self.closed_at or now or timezone.now()
        term = self.due_at - self.reported_at
        elapsed = end - self.reported_at
        if elapsed <= term:
            return "binnen"
        return "ver-over" if elapsed >= 3 * term else "over"


class SignalPhoto(Created):
    """A photo, re-encoded on upload so that EXIF and GPS data are gone."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("foto", upload_to="signals/%Y/%m/")
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        verbose_name = "foto"
        verbose_name_plural = "foto's"


class SignalEvent(Created, RecordedBy):
    """One line of a signal's history: a change of status, a note, a routing, who and why."""

    class Kind(models.TextChoices):
        STATUS = "status", "Status"
        NOTE = "notitie", "Interne notitie"
        MESSAGE = "bericht", "Bericht aan melder"
        ROUTED = "routering", "Routering"
        ASSIGNED = "toewijzing", "Toewijzing"
        SPLIT = "gesplitst", "Gesplitst"
        MERGED = "samengevoegd", "Samengevoegd"
        LINKED = "gekoppeld", "Bewoner gekoppeld"
        FEEDBACK = "tevredenheid", "Reactie melder"
        IMPORTED = "import", "Bijgewerkt uit bronsysteem"

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("soort", max_length=16, choices=Kind.choices)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    text = models.TextField("toelichting", blank=True, validators=[MaxLengthValidator(4000)])
    # A reporter's own action (portal feedback) has no user.
    by_reporter = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "gebeurtenis"
        verbose_name_plural = "geschiedenis"


class ResponseTemplate(models.Model):
    """A standard answer to the reporter per category (or all) and status."""

    category = models.ForeignKey(
        Category, verbose_name="categorie", null=True, blank=True, on_delete=models.CASCADE
    )
    status = models.CharField("status", max_length=20, choices=Status.choices)
    text = models.TextField("tekst", validators=[MaxLengthValidator(2000)])

    class Meta:
        verbose_name = "antwoordsjabloon"
        verbose_name_plural = "antwoordsjablonen"
        constraints = [
            models.UniqueConstraint(
                fields=["category", "status"], name="signals_one_template_per_category_status"
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(category__isnull=True),
                name="signals_one_general_template_per_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category or 'Alle categorieën'}: {self.get_status_display()}"


class SavedFilter(Created):
    """A worker's saved filter of the work queue (the query string of the queue page)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signal_filters"
    )
    name = models.CharField("naam", max_length=60)
    query = models.CharField("filter", max_length=500)

    class Meta:
        ordering = ["name"]
        verbose_name = "bewaard filter"
        verbose_name_plural = "bewaarde filters"
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="signals_filter_name_per_user")
        ]


class SignalCounter(models.Model):
    """The last number given per year, so that S-2026-000123 is counted without gaps."""

    year = models.PositiveSmallIntegerField("jaar", primary_key=True)
    last = models.PositiveIntegerField("laatste nummer", default=0)

    class Meta:
        verbose_name = "meldingnummerteller"
        verbose_name_plural = "meldingnummertellers"

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class ApiKey(Created):
    """The key of an outside Open311 app; only its hash is stored."""

    name = models.CharField("naam", max_length=80, unique=True)
    prefix = models.CharField("begin van de sleutel", max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField("ingetrokken op", null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "Open311-sleutel"
        verbose_name_plural = "Open311-sleutels"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
