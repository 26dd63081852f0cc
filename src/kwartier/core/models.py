"""Core domain: areas, households, persons, organisations, the sociale kaart, users.

Person-level records (Person, Household) belong to the organisation that
registered them; which users may see them is decided in one place,
`scoping.py`, and every view and API goes through it.
"""

import secrets

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .access.log import AccessLogEntry  # noqa: F401 (the access log is core's model)
from .access.roles import Role
from .access.scoping import ScopedQuerySet
from .ages import age_on
from .bookkeeping import Timestamped
from .validators import BIRTH_DATE, validate_phone

POSTCODE_VALIDATOR = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Z]{2}$", "Vul een postcode in zoals 1234 AB."
)
BIRTH_YEAR_MESSAGE = "Vul een geboortejaar tussen 1900 en nu in."
ACTIVITY_COST_MAX = 10_000  # euro per time: a course or a trip, never more
PUBLIC_ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread


def new_public_id() -> str:
    """A pseudonymous id that can be shown and shared instead of the database key."""
    return "K-" + "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(8))


class Area(models.Model):
    """A gemeente, wijk or buurt, with its CBS-style code (GM…, WK…, BU…)."""

    class Level(models.TextChoices):
        GEMEENTE = "gemeente", "Gemeente"
        WIJK = "wijk", "Wijk"
        BUURT = "buurt", "Buurt"

    CODE_PREFIX = {Level.GEMEENTE: "GM", Level.WIJK: "WK", Level.BUURT: "BU"}
    PARENT_LEVEL = {Level.WIJK: Level.GEMEENTE, Level.BUURT: Level.WIJK}

    code = models.CharField("CBS-code", max_length=10, unique=True)
    name = models.CharField("naam", max_length=120)
    level = models.CharField("niveau", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="ligt in",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    outline = models.JSONField("omtrek (GeoJSON)", null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "gebied"
        verbose_name_plural = "gebieden"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        prefix = self.CODE_PREFIX.get(self.level)
        if prefix and not (self.code or "").startswith(prefix):
            errors["code"] = f"Een {self.get_level_display().lower()}code begint met {prefix}."
        expected_parent = self.PARENT_LEVEL.get(self.level)
        if expected_parent and (self.parent is None or self.parent.level != expected_parent):
            errors["parent"] = f"Een {self.level} ligt in een {expected_parent}."
        if self.level == self.Level.GEMEENTE and self.parent is not None:
            errors["parent"] = "Een gemeente ligt niet in een ander gebied."
        if errors:
            raise ValidationError(errors)

    def buurt_ids(self) -> list[int]:
        """Ids of the buurten in this area (itself if it is a buurt)."""
        if self.level == self.Level.BUURT:
            return [self.pk]
        if self.level == self.Level.WIJK:
            return list(self.children.values_list("pk", flat=True))
        return list(
            Area.objects.filter(parent__parent=self, level=self.Level.BUURT).values_list(
                "pk", flat=True
            )
        )


class Organisation(models.Model):
    class Kind(models.TextChoices):
        WELZIJN = "welzijn", "Welzijnsorganisatie"
        GEMEENTE = "gemeente", "Gemeente"
        WONINGCORPORATIE = "woningcorporatie", "Woningcorporatie"
        POLITIE = "politie", "Politie"
        HUISARTSENPRAKTIJK = "huisartsenpraktijk", "Huisartsenpraktijk"
        ZORG = "zorg", "Zorgaanbieder"
        SCHOOL = "school", "School"
        VERENIGING = "vereniging", "Vereniging of informeel initiatief"

    name = models.CharField("naam", max_length=200, unique=True)
    kind = models.CharField("soort", max_length=30, choices=Kind.choices)
    description = models.TextField("omschrijving", blank=True)
    areas = models.ManyToManyField(
        Area, verbose_name="werkgebied", blank=True, related_name="organisations"
    )
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("telefoon", max_length=30, blank=True, validators=[validate_phone])
    website = models.URLField("website", blank=True)
    address = models.CharField("adres", max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation-detail", args=[self.pk])


class Activity(models.Model):
    """An activity or service on the sociale kaart."""

    class Kind(models.TextChoices):
        ACTIVITEIT = "activiteit", "Activiteit"
        DIENST = "dienst", "Dienst of voorziening"
        CURSUS = "cursus", "Cursus"
        SPREEKUUR = "spreekuur", "Spreekuur of inloop"

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        on_delete=models.CASCADE,
        related_name="activities",
    )
    title = models.CharField("wat", max_length=200)
    kind = models.CharField("soort", max_length=20, choices=Kind.choices, default=Kind.ACTIVITEIT)
    description = models.TextField("omschrijving", blank=True)
    target_group = models.CharField("voor wie", max_length=200, blank=True)
    buurt = models.ForeignKey(
        Area,
        verbose_name="buurt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        limit_choices_to={"level": Area.Level.BUURT},
        related_name="activities",
    )
    location = models.CharField("waar", max_length=200, blank=True)
    schedule = models.CharField("wanneer", max_length=200, blank=True)
    cost = models.DecimalField(
        "kosten per keer (euro)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(ACTIVITY_COST_MAX)],
        help_text="Leeg als de kosten onbekend zijn, 0 als het gratis is.",
    )
    contact = models.CharField("contact", max_length=200, blank=True)
    gastvrij = models.BooleanField(
        "gastvrij",
        default=False,
        help_text="Heet bewoners met een ondersteuningsvraag uitdrukkelijk welkom.",
    )
    active = models.BooleanField("loopt nog", default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = "activiteit"
        verbose_name_plural = "activiteiten"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activity-detail", args=[self.pk])


class User(AbstractUser):
    """A member of an organisation with one role and the areas they work in."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    role = models.CharField("rol", max_length=20, choices=Role.choices, default=Role.WIJKWERKER)
    areas = models.ManyToManyField(
        Area, verbose_name="werkgebied", blank=True, related_name="workers"
    )

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    def buurt_ids(self) -> set[int]:
        """The buurten this user works in (a wijk or gemeente covers its buurten)."""
        ids: set[int] = set()
        for area in self.areas.all():
            ids.update(area.buurt_ids())
        return ids


class Household(Timestamped):
    """An address where one or more residents live."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="geregistreerd door",
        on_delete=models.PROTECT,
        related_name="households",
    )
    street = models.CharField("straat", max_length=120)
    house_number = models.PositiveIntegerField(
        "huisnummer", validators=[MinValueValidator(1), MaxValueValidator(99999)]
    )
    house_number_suffix = models.CharField("toevoeging", max_length=10, blank=True)
    postcode = models.CharField("postcode", max_length=7, validators=[POSTCODE_VALIDATOR])
    city = models.CharField("plaats", max_length=80)
    buurt = models.ForeignKey(
        Area,
        verbose_name="buurt",
        on_delete=models.PROTECT,
        limit_choices_to={"level": Area.Level.BUURT},
        related_name="households",
    )

    scope_buurt_path = "buurt"
    scope_person_path = "members"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="historie huishouden", verbose_name_plural="historie huishoudens"
    )

    class Meta:
        ordering = ["postcode", "house_number", "house_number_suffix"]
        verbose_name = "huishouden"
        verbose_name_plural = "huishoudens"

    def __str__(self) -> str:
        suffix = f"-{self.house_number_suffix}" if self.house_number_suffix else ""
        return f"{self.street} {self.house_number}{suffix}, {self.postcode}"

    def save(self, *args, **kwargs):
        self.postcode = normalise_postcode(self.postcode)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("household-detail", args=[self.pk])


def normalise_postcode(value: str) -> str:
    compact = (value or "").replace(" ", "").upper()
    return f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else value


class Person(Timestamped):
    """A resident, registered with the minimum the work needs (no BSN)."""

    public_id = models.CharField(
        "kenmerk", max_length=12, unique=True, default=new_public_id, editable=False
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="geregistreerd door",
        on_delete=models.PROTECT,
        related_name="persons",
    )
    given_name = models.CharField("voornaam", max_length=80)
    infix = models.CharField("tussenvoegsel", max_length=20, blank=True)
    family_name = models.CharField("achternaam", max_length=120)
    birth_date = models.DateField("geboortedatum", null=True, blank=True, validators=[BIRTH_DATE])
    birth_year = models.PositiveSmallIntegerField(
        "geboortejaar",
        validators=[
            MinValueValidator(1900, BIRTH_YEAR_MESSAGE),
            MaxValueValidator(2100, BIRTH_YEAR_MESSAGE),
        ],
        null=True,
        blank=True,
        help_text="Alleen invullen als de geboortedatum niet bekend is.",
    )
    phone = models.CharField("telefoon", max_length=30, blank=True, validators=[validate_phone])
    email = models.EmailField("e-mail", blank=True)
    household = models.ForeignKey(
        Household,
        verbose_name="huishouden",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )

    scope_buurt_path = "household__buurt"
    scope_person_path = "pk"
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="historie bewoner", verbose_name_plural="historie bewoners"
    )

    class Meta:
        ordering = ["family_name", "given_name", "pk"]
        verbose_name = "bewoner"
        verbose_name_plural = "bewoners"

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("person-detail", args=[self.public_id])

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.infix, self.family_name) if p)

    @property
    def year_of_birth(self) -> int | None:
        return self.birth_date.year if self.birth_date else self.birth_year

    @property
    def age(self) -> int | None:
        return age_on(timezone.localdate(), self.birth_date, self.birth_year)

    def clean(self):
        from django.core.exceptions import ValidationError

        this_year = timezone.localdate().year
        if self.birth_year and not (1900 <= self.birth_year <= this_year):
            raise ValidationError(
                {"birth_year": f"Vul een geboortejaar tussen 1900 en {this_year} in."}
            )
        if self.birth_date and self.birth_year and self.birth_year != self.birth_date.year:
            raise ValidationError(
                {"birth_year": "Het geboortejaar past niet bij de geboortedatum."}
            )
