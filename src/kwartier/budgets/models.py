"""Bewonersbudgetten: budget rounds, residents' initiatives, anonymous ballots, execution.

A round walks through fixed phases (see `phases.py` for the checks between them). Ballots are
anonymous on purpose: a ballot holds only its choices and a receipt the voter can keep, never a
person or a vote code (the voting app keeps who voted, not what). Initiatives carry their
consultation record, the "democratic content" test of the domain: was it discussed with a broad
variety of residents, with supporters and opponents?
"""

from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from kwartier.core.bookkeeping import Created, RecordedBy, Timestamped
from kwartier.core.models import Area, Organisation
from kwartier.core.validators import AMOUNT_MAX, happened, planned

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed


def new_receipt() -> str:
    """A random receipt code like 'BB-7KQ4-M2XD' that the voter keeps to check their ballot."""
    chars = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"BB-{chars[:4]}-{chars[4:]}"


# Upper bounds on counts: the same limits (and API schema) on SQLite and PostgreSQL.
COUNT_MAX = 10_000_000
EURO = [MinValueValidator(0), MaxValueValidator(AMOUNT_MAX)]


class BudgetRound(Timestamped):
    class Phase(models.TextChoices):
        IDEEEN = "ideeen", "Ideeën indienen"
        UITWERKEN = "uitwerken", "Uitwerken en toetsen"
        STEMMEN = "stemmen", "Stemmen"
        UITSLAG = "uitslag", "Uitslag"
        UITVOERING = "uitvoering", "Uitvoering"
        EFFECTEN = "effecten", "Effecten"

    class BallotType(models.TextChoices):
        APPROVAL = "approval", "Goedkeuren (ja/nee per initiatief)"
        CUMULATIVE = "cumulative", "Punten verdelen"

    class Rule(models.TextChoices):
        GREEDY = "greedy", "Meeste stemmen eerst (greedy)"
        MES = "mes", "Gelijke delen (Method of Equal Shares)"
        MES_ADD1 = "mes-add1", "Gelijke delen, aangevuld (MES + Add1)"

    name = models.CharField("naam", max_length=200)
    description = models.TextField("toelichting", blank=True)
    area = models.ForeignKey(
        Area, verbose_name="gebied", on_delete=models.PROTECT, related_name="budget_rounds"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        on_delete=models.PROTECT,
        related_name="budget_rounds",
    )
    amount = models.DecimalField("budget (€)", max_digits=12, decimal_places=2, validators=EURO)
    phase = models.CharField("fase", max_length=12, choices=Phase.choices, default=Phase.IDEEEN)
    min_age = models.PositiveSmallIntegerField(
        "minimumleeftijd", default=12, validators=[MaxValueValidator(120)]
    )
    ballot_type = models.CharField(
        "soort stembiljet", max_length=12, choices=BallotType.choices, default=BallotType.APPROVAL
    )
    max_projects = models.PositiveSmallIntegerField(
        "hoogstens zoveel initiatieven kiezen",
        null=True,
        blank=True,
        validators=[MaxValueValidator(1000)],
    )
    cost_cap = models.DecimalField(
        "gekozen initiatieven samen hoogstens (€)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=EURO,
    )
    points = models.PositiveSmallIntegerField(
        "punten per stemmer", null=True, blank=True, validators=[MaxValueValidator(10000)]
    )
    # Equal shares with the Add1 completion, as cities use it: fair to smaller groups and
    # spending (nearly) the whole budget, where plain MES often leaves a lot unspent.
    rule = models.CharField(
        "verdeelregel", max_length=10, choices=Rule.choices, default=Rule.MES_ADD1
    )
    voting_opens = models.DateField(
        "stemmen vanaf", null=True, blank=True, validators=[planned("Het begin van het stemmen")]
    )
    voting_closes = models.DateField(
        "stemmen tot en met",
        null=True,
        blank=True,
        validators=[planned("Het einde van het stemmen")],
    )
    results_at = models.DateTimeField("uitslag vastgesteld", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "bewonersbudgetronde"
        verbose_name_plural = "bewonersbudgetrondes"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("budget-round", args=[self.pk])

    @property
    def results_visible(self) -> bool:
        """Counts and results stay hidden until voting is over (no bandwagon effects)."""
        return self.phase in {self.Phase.UITSLAG, self.Phase.UITVOERING, self.Phase.EFFECTEN}


class Initiative(Timestamped):
    class Status(models.TextChoices):
        INGEDIEND = "ingediend", "Ingediend"
        GOEDGEKEURD = "goedgekeurd", "Goedgekeurd"
        AFGEWEZEN = "afgewezen", "Afgewezen"
        SAMENGEVOEGD = "samengevoegd", "Samengevoegd"

    round = models.ForeignKey(
        BudgetRound, verbose_name="ronde", on_delete=models.CASCADE, related_name="initiatives"
    )
    title = models.CharField("titel", max_length=200)
    description = models.TextField("omschrijving", blank=True)
    proposer_group = models.CharField(
        "ingediend door",
        max_length=200,
        help_text="De groep bewoners, zonder namen van personen, bijv. 'Bewoners Lindenhof'.",
    )
    cost = models.DecimalField("kosten (€)", max_digits=12, decimal_places=2, validators=EURO)
    area = models.ForeignKey(
        Area,
        verbose_name="buurt",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_initiatives",
    )
    status = models.CharField(
        "status", max_length=14, choices=Status.choices, default=Status.INGEDIEND
    )
    review_reason = models.TextField("toelichting toetsing", blank=True)
    reviewed_at = models.DateTimeField("getoetst", null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="samengevoegd met",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
    )
    pabulib_id = models.CharField("project-id in .pb", max_length=40, blank=True)
    funded = models.BooleanField("gefinancierd", default=False)
    # Consultation record ("achterban"): who was involved, who was for and against.
    meetings_held = models.PositiveSmallIntegerField(
        "bijeenkomsten gehouden", default=0, validators=[MaxValueValidator(1000)]
    )
    residents_reached = models.PositiveIntegerField(
        "bewoners bereikt", default=0, validators=[MaxValueValidator(COUNT_MAX)]
    )
    supporters = models.PositiveIntegerField(
        "voorstanders", default=0, validators=[MaxValueValidator(COUNT_MAX)]
    )
    opponents = models.PositiveIntegerField(
        "tegenstanders", default=0, validators=[MaxValueValidator(COUNT_MAX)]
    )
    objections = models.TextField("bezwaren", blank=True)
    objections_handled = models.TextField("wat is met de bezwaren gedaan", blank=True)

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = "initiatief"
        verbose_name_plural = "initiatieven"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("budget-initiative", args=[self.pk])


class Ballot(models.Model):
    """One anonymous ballot. Deliberately without any link to a person or a vote code."""

    class Channel(models.TextChoices):
        ONLINE = "online", "Online"
        PAPIER = "papier", "Papier"
        IMPORT = "import", "Geïmporteerd"

    round = models.ForeignKey(
        BudgetRound, verbose_name="ronde", on_delete=models.CASCADE, related_name="ballots"
    )
    channel = models.CharField("kanaal", max_length=8, choices=Channel.choices)
    choices = models.JSONField("keuzes", default=dict)
    receipt = models.CharField("ontvangstcode", max_length=20, unique=True, default=new_receipt)
    counted_at = models.DateTimeField("geteld", auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "stembiljet"
        verbose_name_plural = "stembiljetten"

    def __str__(self) -> str:
        return self.receipt


class ExecutionUpdate(Created):
    """A step in carrying out a funded initiative: what happened, when, and what it cost."""

    class Status(models.TextChoices):
        GEPLAND = "gepland", "Gepland"
        BEZIG = "bezig", "In uitvoering"
        KLAAR = "klaar", "Klaar"

    initiative = models.ForeignKey(
        Initiative,
        verbose_name="initiatief",
        on_delete=models.CASCADE,
        related_name="execution_updates",
    )
    date = models.DateField("datum", validators=[planned()])
    status = models.CharField("status", max_length=8, choices=Status.choices)
    spent = models.DecimalField(
        "totaal uitgegeven tot nu (€)",
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=EURO,
    )
    note = models.TextField("toelichting", blank=True)

    class Meta:
        ordering = ["initiative", "date", "pk"]
        verbose_name = "voortgang"
        verbose_name_plural = "voortgang"

    def __str__(self) -> str:
        return f"{self.initiative}: {self.get_status_display()} ({self.date})"


class Effect(Created, RecordedBy):
    """A short record of what an initiative brought, in one of the three orders of effects."""

    class Order(models.IntegerChoices):
        RESULTAAT = 1, "1e orde: resultaat (voorziening, activiteit)"
        SAMENWERKING = 2, "2e orde: bewoners werken samen"
        RELATIES = 3, "3e orde: relaties in de buurt en met instellingen"

    initiative = models.ForeignKey(
        Initiative, verbose_name="initiatief", on_delete=models.CASCADE, related_name="effects"
    )
    order = models.PositiveSmallIntegerField(
        "soort effect", choices=Order.choices, validators=[MaxValueValidator(3)]
    )
    description = models.TextField("wat is er bereikt")
    date = models.DateField("datum", validators=[happened()])

    class Meta:
        ordering = ["initiative", "order", "date", "pk"]
        verbose_name = "effect"
        verbose_name_plural = "effecten"

    def __str__(self) -> str:
        return f"{self.initiative}: {self.get_order_display()}"
