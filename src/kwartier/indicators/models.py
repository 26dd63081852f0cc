"""The wijkmonitor: indicators (definitions kept as data), their values per area and year,
the imports that brought them in, and fact checks of claims made about an area.

A value's area is a buurt, wijk or gemeente; no area (NULL) is Nederland, the country.
Figures per area are not about persons: workers and the funder read them all. Values
from Kwartier's own modules come through `own.py`, where small cells are suppressed and
stored as missing with their reason.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from kwartier.core.bookkeeping import Created, RecordedBy, Timestamped
from kwartier.core.models import Area, Organisation
from kwartier.core.validators import COUNT_MAX, YearRange

EARLIEST_YEAR = 1990  # CBS's neighbourhood figures hardly reach back further
YEAR = YearRange(earliest=EARLIEST_YEAR)
PERCENT = (Decimal(0), Decimal(100))
SCALE_BOUND = Decimal(1000)  # a score's scale lies within ±1000 (1–10, 0–100, 1–5)
MARGIN_MAX = Decimal(1000)
FACTOR_MAX = Decimal(100_000)
# COUNT_MAX is more than live in any municipality; the country has more (17 million).
COUNTRY_COUNT_MAX = 100_000_000


class Indicator(models.Model):
    """What is measured: a count, a percentage, a score on a scale, or a rate per 1,000.

    A derived indicator is numerator / denominator × factor of two others (a share of
    65-plussers from their number and the inhabitants), computed after an import. An
    indicator with an `own` key is computed from Kwartier's modules (own.py).
    """

    class Unit(models.TextChoices):
        COUNT = "aantal", "aantal"
        PERCENT = "procent", "procent"
        SCORE = "score", "score"
        PER_1000 = "per_1000", "per 1.000 inwoners"

    class HigherIs(models.TextChoices):
        BETTER = "beter", "beter"
        WORSE = "slechter", "slechter"
        NEUTRAL = "neutraal", "neutraal"

    class Own(models.TextChoices):
        SIGNALS_PER_1000 = "signals_per_1000", "meldingen per 1.000 inwoners"
        OPEN_HELP_REQUESTS = "open_help_requests", "open hulpvragen"
        LONELINESS_BAND = "loneliness_band", "gemiddelde eenzaamheid (gemeten bewoners)"
        HELPERS_PER_1000 = "helpers_per_1000", "informele helpers per 1.000 inwoners"

    code = models.SlugField("code", max_length=60, unique=True)
    name = models.CharField("naam", max_length=120)
    unit = models.CharField("eenheid", max_length=10, choices=Unit.choices)
    scale_min = models.DecimalField(
        "schaal van",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(-SCALE_BOUND), MaxValueValidator(SCALE_BOUND)],
    )
    scale_max = models.DecimalField(
        "schaal tot",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(-SCALE_BOUND), MaxValueValidator(SCALE_BOUND)],
    )
    higher_is = models.CharField(
        "hoger is", max_length=10, choices=HigherIs.choices, default=HigherIs.NEUTRAL
    )
    source = models.CharField("bron", max_length=200, blank=True)
    margin = models.DecimalField(
        "marge",
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MARGIN_MAX)],
        help_text="Een verschil binnen deze marge telt niet (bijvoorbeeld de steekproefmarge "
        "van een enquête).",
    )
    description = models.TextField("toelichting", blank=True, max_length=2000)
    numerator = models.ForeignKey(
        "self",
        verbose_name="teller",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name="noemer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    factor = models.DecimalField(
        "factor",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(FACTOR_MAX)],
        help_text="Teller / noemer × factor (100 voor een percentage, 1000 per 1.000).",
    )
    own = models.CharField(
        "eigen cijfer van Kwartier", max_length=30, choices=Own.choices, blank=True
    )
    order = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "indicator"
        verbose_name_plural = "indicatoren"
        constraints = [
            models.UniqueConstraint(
                fields=["own"], condition=~Q(own=""), name="indicators_one_indicator_per_own"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def derived(self) -> bool:
        return self.numerator_id is not None

    def clean(self):
        errors = {}
        if self.unit == self.Unit.SCORE:
            if self.scale_min is None or self.scale_max is None:
                errors["scale_max"] = "Een score heeft een schaal: vul beide grenzen in."
            elif self.scale_min >= self.scale_max:
                errors["scale_max"] = "De bovengrens van de schaal ligt boven de ondergrens."
        derived = [self.numerator_id, self.denominator_id, self.factor]
        if any(part is not None for part in derived) and None in derived:
            errors["factor"] = "Een afgeleide indicator heeft een teller, een noemer en een factor."
        if self.pk and self.pk in (self.numerator_id, self.denominator_id):
            errors["numerator"] = "Een indicator wordt niet uit zichzelf afgeleid."
        if self.own and self.numerator_id is not None:
            errors["own"] = "Een eigen cijfer van Kwartier is niet afgeleid."
        if errors:
            raise ValidationError(errors)

    def bounds(self, country: bool = False) -> tuple[Decimal, Decimal]:
        """The lowest and highest value this indicator can take (in the whole country)."""
        if self.unit == self.Unit.PERCENT:
            return PERCENT
        if self.unit == self.Unit.SCORE and self.scale_min is not None:
            return Decimal(self.scale_min), Decimal(self.scale_max)
        return Decimal(0), Decimal(COUNTRY_COUNT_MAX if country else COUNT_MAX)

    def value_problem(self, value, country: bool = False) -> str | None:
        """A Dutch message when `value` cannot be a value of this indicator, else None."""
        if value is None:
            return None
        low, high = self.bounds(country)
        if not low <= Decimal(value) <= high:
            if self.unit == self.Unit.PERCENT:
                return f"Een percentage ligt tussen 0 en 100, niet {value}."
            if self.unit == self.Unit.SCORE:
                return f"De score ligt niet op de schaal van {low:g} tot {high:g}: {value}."
            return f"Een aantal ligt tussen 0 en {high:,}".replace(",", ".") + f": {value}."
        return None


class IndicatorValueQuerySet(models.QuerySet):
    def of_area(self, area: Area | None):
        return self.filter(area__isnull=True) if area is None else self.filter(area=area)

    def series(self, indicator: Indicator, area: Area | None) -> dict[int, Decimal]:
        """{year: value} of one indicator in one area (None: Nederland), oldest first;
        years without a value (missing, suppressed) are left out."""
        rows = (
            self.filter(indicator=indicator, value__isnull=False)
            .of_area(area)
            .order_by("year")
            .values_list("year", "value")
        )
        return dict(rows)


class IndicatorValue(models.Model):
    """The value of one indicator in one area (NULL: Nederland) in one year.

    A value may be missing (`value` NULL) with its reason: a small cell that is not shown,
    or a figure the source kept secret.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name="indicator", on_delete=models.CASCADE, related_name="values"
    )
    area = models.ForeignKey(
        Area,
        verbose_name="gebied",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicator_values",
        help_text="Leeg: Nederland.",
    )
    year = models.SmallIntegerField("jaar", validators=[YEAR])
    value = models.DecimalField("waarde", max_digits=14, decimal_places=4, null=True, blank=True)
    missing_reason = models.CharField("reden dat de waarde ontbreekt", max_length=200, blank=True)
    source = models.CharField("bron", max_length=200, blank=True)
    imported_at = models.DateTimeField("ingelezen op")

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "area", "year"]
        verbose_name = "indicatorwaarde"
        verbose_name_plural = "indicatorwaarden"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "year"], name="indicators_one_value_per_area_year"
            ),
            # NULLs are distinct in a unique index: Nederland needs a constraint of its own.
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=Q(area__isnull=True),
                name="indicators_one_country_value_per_year",
            ),
        ]

    def __str__(self) -> str:
        where = self.area.name if self.area_id else "Nederland"
        return f"{self.indicator} {where} {self.year}: {self.value}"

    def clean(self):
        if self.indicator_id is not None:
            problem = self.indicator.value_problem(self.value, country=self.area_id is None)
            if problem:
                raise ValidationError({"value": problem})


class ImportRun(Created, RecordedBy):
    """One import of a file: what it was, what it brought and what it skipped."""

    class Format(models.TextChoices):
        CBS = "cbs", "CBS Kerncijfers wijken en buurten"
        CBS_STATLINE = "cbs_statline", "CBS StatLine-download"
        CBS_ODATA = "cbs_odata", "CBS OData-kolommen"
        LONG = "long", "lange CSV (gebied;indicator;jaar;waarde)"

    file_name = models.CharField("bestand", max_length=255)
    format = models.CharField("formaat", max_length=20, choices=Format.choices)
    years = models.CharField("jaren", max_length=200, blank=True)
    created = models.PositiveIntegerField("nieuw", default=0)
    updated = models.PositiveIntegerField("gewijzigd", default=0)
    unchanged = models.PositiveIntegerField("ongewijzigd", default=0)
    skipped = models.PositiveIntegerField("overgeslagen", default=0)
    areas_created = models.PositiveIntegerField("nieuwe gebieden", default=0)
    # {"columns": [{"column", "indicator", "read", "skipped", "reasons"}], "skipped_regions": [...]}
    report = models.JSONField("verslag", default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "import"
        verbose_name_plural = "imports"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d-%m-%Y %H:%M})"


class FactCheck(Timestamped, RecordedBy):
    """A set of claims (often the statements of one article) checked against the figures.

    It belongs to an organisation: its workers see and edit it; a shared one every
    logged-in role of the project may read.
    """

    title = models.CharField("titel", max_length=200)
    article = models.TextField("tekst of bron van de beweringen", blank=True, max_length=20_000)
    source = models.CharField("bron (krant, datum, link)", max_length=300, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        on_delete=models.PROTECT,
        related_name="fact_checks",
    )
    shared = models.BooleanField(
        "gedeeld", default=False, help_text="Leesbaar voor iedereen die in Kwartier werkt."
    )

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "feitencheck"
        verbose_name_plural = "feitenchecks"

    def __str__(self) -> str:
        return self.title


class Claim(models.Model):
    """One claim of a fact check, as a sentence and as what it says about the figures."""

    class Says(models.TextChoices):
        WORSE_THAN = "worse_than", "slechter dan"
        BETTER_THAN = "better_than", "beter dan"
        GETTING_WORSE = "getting_worse", "wordt slechter"
        GETTING_BETTER = "getting_better", "wordt beter"
        ABOVE = "above", "boven"
        BELOW = "below", "onder"

    fact_check = models.ForeignKey(
        FactCheck, verbose_name="feitencheck", on_delete=models.CASCADE, related_name="claims"
    )
    order = models.PositiveSmallIntegerField("volgorde", default=0)
    sentence = models.TextField("bewering", max_length=1000)
    indicator = models.ForeignKey(
        Indicator, verbose_name="indicator", on_delete=models.PROTECT, related_name="claims"
    )
    area = models.ForeignKey(
        Area,
        verbose_name="gebied",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Leeg: Nederland.",
    )
    says = models.CharField("zegt", max_length=20, choices=Says.choices)
    than = models.ForeignKey(
        Area,
        verbose_name="dan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.SmallIntegerField("jaar", null=True, blank=True, validators=[YEAR])
    from_year = models.SmallIntegerField("van jaar", null=True, blank=True, validators=[YEAR])
    to_year = models.SmallIntegerField("tot jaar", null=True, blank=True, validators=[YEAR])
    value = models.DecimalField("waarde", max_digits=14, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["fact_check", "order", "pk"]
        verbose_name = "bewering"
        verbose_name_plural = "beweringen"

    def __str__(self) -> str:
        return self.sentence[:80]

    def clean(self):
        errors = {}
        if self.from_year and self.to_year and self.to_year <= self.from_year:
            errors["to_year"] = "Het laatste jaar ligt na het eerste jaar."
        if self.says in (self.Says.ABOVE, self.Says.BELOW) and self.value is None:
            errors["value"] = "Vul de waarde in waarmee vergeleken wordt."
        if self.indicator_id is not None and self.value is not None:
            problem = self.indicator.value_problem(self.value)
            if problem:
                errors["value"] = problem
        if errors:
            raise ValidationError(errors)
