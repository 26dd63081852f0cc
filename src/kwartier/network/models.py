"""The ecogram's data: the ties around a resident, with their change history.

A tie goes from a resident (`person`) to exactly one contact: another registered
resident, an organisation, or someone who is not registered, named by a label only
(no other personal data of that contact is kept). The tie records the group, the
strength, the direction of support, the support functions and the contact frequency,
with an optional free-text note (category "notities", shown to a partner only when
the resident's consent covers notes).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from kwartier.core.bookkeeping import Timestamped
from kwartier.core.models import Organisation, Person

from . import codes

CATEGORY = "netwerk"  # the data category of the ecogram (consent, access log)
NOTE_CATEGORY = "notities"  # free text is shared only when a consent covers notes
ERASED_LABEL = "Contact (gegevens gewist)"
HIDDEN_LABEL = "Contact (afgeschermd)"


def validate_functions(value: str) -> None:
    try:
        canonical = codes.normalise_functions(value)
    except ValueError:
        raise ValidationError("Gebruik alleen de letters E, P, G en A.") from None
    if canonical != value:
        raise ValidationError("Elke letter één keer, in de volgorde E, P, G, A.")


def _choices(table: dict[str, str]) -> list[tuple[str, str]]:
    return list(table.items())


class Tie(Timestamped):
    class Kind(models.TextChoices):
        PERSON = "bewoner", "Bewoner in Kwartier"
        ORGANISATION = "organisatie", "Organisatie"
        LABEL = "naam", "Iemand die niet in Kwartier staat"

    person = models.ForeignKey(
        Person, verbose_name="bewoner", on_delete=models.CASCADE, related_name="ties"
    )
    # The contact: exactly one of the three (a database constraint holds this).
    # RESTRICT: a resident named in someone else's ecogram cannot be deleted around the
    # erasure routine, which first turns those ties into a label (subject_data.py).
    contact_person = models.ForeignKey(
        Person,
        verbose_name="bewoner (contact)",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="named_in_ties",
    )
    contact_organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisatie",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="network_ties",
    )
    contact_label = models.CharField(
        "naam of omschrijving",
        max_length=60,
        blank=True,
        help_text="Alleen een roepnaam of omschrijving, zoals ‘zus Ineke’ of ‘buurman op 12’. "
        "Geen achternaam, adres of telefoonnummer.",
    )
    group = models.CharField("groep", max_length=1, choices=_choices(codes.GROUPS))
    strength = models.CharField(
        "aard van de band", max_length=10, choices=_choices(codes.STRENGTHS)
    )
    direction = models.CharField(
        "richting van de steun", max_length=10, choices=_choices(codes.DIRECTIONS)
    )
    functions = models.CharField(
        "functies",
        max_length=4,
        blank=True,
        validators=[validate_functions],
        help_text="Letters uit E (emotioneel), P (praktisch), G (gezelschap), A (advies).",
    )
    frequency = models.CharField(
        "hoe vaak contact", max_length=12, choices=_choices(codes.FREQUENCIES)
    )
    note = models.TextField(
        "notitie",
        max_length=1000,
        blank=True,
        help_text="Vrije tekst (categorie notities): een partner ziet die alleen als de "
        "toestemming van de bewoner notities omvat.",
    )

    history = HistoricalRecords(
        verbose_name="historie netwerkcontact", verbose_name_plural="historie netwerkcontacten"
    )
    free_text_fields = {"note": NOTE_CATEGORY}

    class Meta:
        ordering = ["pk"]
        verbose_name = "netwerkcontact"
        verbose_name_plural = "netwerkcontacten"
        constraints = [
            models.CheckConstraint(
                name="network_tie_exactly_one_contact",
                condition=(
                    Q(
                        contact_person__isnull=False,
                        contact_organisation__isnull=True,
                        contact_label="",
                    )
                    | Q(
                        contact_person__isnull=True,
                        contact_organisation__isnull=False,
                        contact_label="",
                    )
                    | (
                        Q(contact_person__isnull=True, contact_organisation__isnull=True)
                        & ~Q(contact_label="")
                    )
                ),
            ),
            models.CheckConstraint(
                name="network_tie_not_to_self",
                condition=Q(contact_person__isnull=True) | ~Q(contact_person=F("person")),
            ),
            models.CheckConstraint(
                name="network_tie_known_group",
                condition=Q(group__in=list(codes.GROUPS)),
            ),
            models.UniqueConstraint(
                fields=["person", "contact_person"],
                condition=Q(contact_person__isnull=False),
                name="network_tie_unique_person",
            ),
            models.UniqueConstraint(
                fields=["person", "contact_organisation"],
                condition=Q(contact_organisation__isnull=False),
                name="network_tie_unique_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.contact_description()}"

    @property
    def kind(self) -> str:
        if self.contact_person_id:
            return self.Kind.PERSON
        if self.contact_organisation_id:
            return self.Kind.ORGANISATION
        return self.Kind.LABEL

    def contact_description(self, visible_person_ids=None) -> str:
        """The contact's name, or HIDDEN_LABEL for a resident the reader may not see.

        `visible_person_ids`: ids of residents the reader may see (None: all).
        """
        if self.contact_person_id:
            if visible_person_ids is not None and self.contact_person_id not in visible_person_ids:
                return HIDDEN_LABEL
            return self.contact_person.full_name
        if self.contact_organisation_id:
            return self.contact_organisation.name
        return self.contact_label

    def function_labels(self) -> list[str]:
        return codes.function_labels(self.functions)

    def contact_problems(self) -> dict[str, str]:
        """Rules on the contact, as {"contact" | "self" | "duplicate": Dutch message}.

        Shared by the form and the API, which each attach them to their own fields.
        """
        problems = {}
        chosen = [
            self.contact_person_id is not None,
            self.contact_organisation_id is not None,
            bool((self.contact_label or "").strip()),
        ]
        if sum(chosen) != 1:
            problems["contact"] = (
                "Kies precies één contact: een bewoner, een organisatie of een naam."
            )
        if self.contact_person_id is not None and self.contact_person_id == self.person_id:
            problems["self"] = "Dit is de bewoner zelf."
        others = Tie.objects.filter(person_id=self.person_id).exclude(pk=self.pk)
        if (
            self.contact_person_id is not None
            and others.filter(contact_person_id=self.contact_person_id).exists()
        ):
            problems["duplicate"] = "Deze bewoner staat al in het netwerk."
        if (
            self.contact_organisation_id is not None
            and others.filter(contact_organisation_id=self.contact_organisation_id).exists()
        ):
            problems["duplicate"] = "Deze organisatie staat al in het netwerk."
        return problems
