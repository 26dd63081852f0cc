"""Models of the instruments app: one stored measurement (meting) of a resident, and an
organisation's choice for a named scoring rule.

The answers are stored per item exactly as entered, so a score can always be
recomputed with :mod:`kwartier.instruments.scoring` when a rule is corrected; the
total, band and subscales are a cache of that computation.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from kwartier.core.bookkeeping import Created, RecordedBy
from kwartier.core.models import Organisation, Person
from kwartier.core.validators import happened, raise_problems

from . import definitions, display, scoring

INSTRUMENT_CHOICES = [(code, inst.name) for code, inst in definitions.INSTRUMENTS.items()]


def birth_problems(person, measured_on) -> dict[str, str]:
    """{"measured_on": message} when the date lies before the resident was born (by the
    birth date, or 1 January of the birth year); shared by the model, form and API."""
    if person is None or not isinstance(measured_on, datetime.date):
        return {}
    born = person.birth_date
    if born is None and person.birth_year:
        born = datetime.date(person.birth_year, 1, 1)
    if born is not None and measured_on < born:
        return {"measured_on": f"De meting ligt vóór de geboorte van de bewoner ({born:%d-%m-%Y})."}
    return {}


class Measurement(Created, RecordedBy):
    """One completed instrument for one resident on one date."""

    person = models.ForeignKey(
        Person, verbose_name="bewoner", on_delete=models.CASCADE, related_name="measurements"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    instrument = models.CharField("meetinstrument", max_length=30, choices=INSTRUMENT_CHOICES)
    measured_on = models.DateField("datum meting", validators=[happened("De datum van de meting")])
    # Item id -> answer code, as entered; unanswered items are absent.
    answers = models.JSONField("antwoorden", default=dict)
    # Null when the missing-answer rule gives no total (and always for the ZRM profile).
    total = models.DecimalField("totaalscore", max_digits=7, decimal_places=2, null=True)
    band = models.CharField("uitkomst", max_length=40, blank=True)
    subscales = models.JSONField("subschalen", default=dict)
    # Which rules produced the cached score (scoring.Score.rule_version), so a page can
    # tell when a recompute would use corrected rules.
    rule_version = models.CharField("rekenregels", max_length=200, blank=True)

    history = HistoricalRecords(
        verbose_name="historie meting", verbose_name_plural="historie metingen"
    )

    class Meta:
        ordering = ["measured_on", "pk"]
        verbose_name = "meting"
        verbose_name_plural = "metingen"

    def __str__(self) -> str:
        return f"{self.definition.name} op {self.measured_on:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("measurement-detail", args=[self.person.public_id, self.pk])

    def clean(self):
        raise_problems(birth_problems(self.person if self.person_id else None, self.measured_on))

    @property
    def definition(self) -> definitions.Instrument:
        return definitions.get(self.instrument)

    @property
    def band_label(self) -> str:
        """The band in words ("risico op isolement"), for pages of other apps too."""
        return (
            display.band_label(self.definition, self.band, self.rule_version) if self.band else ""
        )


class InstrumentSetting(models.Model):
    """An organisation's choice for one named setting (``definitions.SETTINGS``).

    A setting without a row has its default. Names and choices are checked against the
    definitions in `clean()` rather than with field choices, so adding a setting or a
    choice needs no migration. The history says which rule applied when.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        on_delete=models.CASCADE,
        related_name="instrument_settings",
    )
    name = models.CharField("instelling", max_length=60)
    choice = models.CharField("keuze", max_length=60)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gewijzigd door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField("gewijzigd op", default=timezone.now)

    history = HistoricalRecords(
        verbose_name="historie instelling meetinstrument",
        verbose_name_plural="historie instellingen meetinstrumenten",
    )

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = "instelling meetinstrument"
        verbose_name_plural = "instellingen meetinstrumenten"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="instrument_setting_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} = {self.choice}"

    @property
    def setting(self) -> definitions.Setting | None:
        return definitions.SETTINGS.get(self.name)

    def clean(self):
        try:
            scoring.check_settings({self.name: self.choice})
        except scoring.InvalidSetting as error:
            field = "name" if self.setting is None else "choice"
            raise ValidationError({field: str(error)}) from None
