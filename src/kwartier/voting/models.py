"""Models of the voting app: the voter register with hashed one-time codes, paper
ballots entered twice, and the failed tries the rate limit counts.

Anonymity by construction: a Voter row says who may vote and whether they did, never
how; a ballot (budgets.Ballot) carries no person, no code and no voter. Nothing here
points from one to the other.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from kwartier.core.models import Area, Person


class Voter(models.Model):
    """An eligible resident in a round's voter register.

    Keeps only what the letter and the turnout need: the resident (for name and address
    on the letter; emptied on erasure, the anonymous turnout row stays), the buurt and
    age group on voting day, the hash of the current code, and whether they voted.
    """

    round = models.ForeignKey(
        "budgets.BudgetRound", verbose_name="ronde", on_delete=models.CASCADE, related_name="voters"
    )
    person = models.ForeignKey(
        Person,
        verbose_name="bewoner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    buurt = models.ForeignKey(
        Area, verbose_name="buurt", on_delete=models.PROTECT, related_name="+"
    )
    age_group = models.CharField("leeftijdsgroep", max_length=12)
    code_hash = models.CharField(
        "stemcode (versleuteld)", max_length=64, null=True, blank=True, unique=True, editable=False
    )
    voted = models.BooleanField("heeft gestemd", default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = "kiezer"
        verbose_name_plural = "kiezers"
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="voting_voter_once_per_round")
        ]

    def __str__(self) -> str:
        return f"kiezer {self.pk} in {self.round}"

    @property
    def has_code(self) -> bool:
        """Holds a code that can still be used."""
        return bool(self.code_hash) and not self.voted


class PaperBallot(models.Model):
    """A paper ballot sheet, by its printed number, and where its double entry stands."""

    class Status(models.TextChoices):
        WACHT = "wacht", "Wacht op tweede invoer"
        GETELD = "geteld", "Geteld"
        VERSCHIL = "verschil", "Invoer verschilt"
        REGELS = "regels", "Klopt niet met de stemregels"
        ONGELDIG = "ongeldig", "Ongeldig verklaard"

    FLAGGED = (Status.VERSCHIL, Status.REGELS)

    round = models.ForeignKey(
        "budgets.BudgetRound",
        verbose_name="ronde",
        on_delete=models.CASCADE,
        related_name="paper_ballots",
    )
    number = models.PositiveIntegerField(
        "nummer stembiljet", validators=[MaxValueValidator(10_000_000)]
    )
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.WACHT)
    problem = models.TextField("probleem", blank=True)
    ballot = models.OneToOneField(
        "budgets.Ballot",
        verbose_name="getelde stem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField("toelichting coördinator", blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="opgelost door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField("opgelost op", null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = "papieren stembiljet"
        verbose_name_plural = "papieren stembiljetten"
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="voting_paper_number_once")
        ]

    def __str__(self) -> str:
        return f"stembiljet {self.number}"

    @property
    def flagged(self) -> bool:
        return self.status in self.FLAGGED


class PaperEntry(models.Model):
    """One worker's entry of a paper ballot: the choices as read from the sheet."""

    paper = models.ForeignKey(
        PaperBallot, verbose_name="stembiljet", on_delete=models.CASCADE, related_name="entries"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ingevoerd door",
        on_delete=models.PROTECT,
        related_name="+",
    )
    choices = models.JSONField("keuzes", default=dict)
    entered_at = models.DateTimeField("ingevoerd op", auto_now_add=True)

    class Meta:
        ordering = ["entered_at", "pk"]
        verbose_name = "invoer stembiljet"
        verbose_name_plural = "invoer stembiljetten"
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "entered_by"], name="voting_entry_once_per_worker"
            )
        ]

    def __str__(self) -> str:
        return f"invoer van {self.paper}"


class FailedTry(models.Model):
    """A wrong vote code or receipt, by a keyed hash of the client's address (no IP kept)."""

    key = models.CharField("sleutel (versleuteld adres)", max_length=64, db_index=True)
    at = models.DateTimeField("tijdstip", db_index=True)

    class Meta:
        verbose_name = "mislukte poging"
        verbose_name_plural = "mislukte pogingen"

    def __str__(self) -> str:
        return f"mislukte poging op {self.at:%Y-%m-%d %H:%M}"
