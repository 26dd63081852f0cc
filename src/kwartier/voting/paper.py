"""Paper ballots by double entry: two workers type each sheet independently.

The second entry settles the sheet: when both agree it is cast (channel "papier"),
otherwise it is flagged for a coördinator, who looks at both entries and decides,
with a note. One worker never enters the same sheet twice.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .ballots import cast
from .double_entry import differences, normalise
from .models import PaperBallot, PaperEntry

Status = PaperBallot.Status


def _as_cast_choices(choices: dict) -> dict[int, int]:
    return {int(key): value for key, value in normalise(choices).items()}


def enter(round, number: int, choices: dict, worker) -> PaperBallot:
    """Record one worker's entry of sheet `number`; the second entry settles the sheet."""
    with transaction.atomic():
        paper, _ = PaperBallot.objects.select_for_update().get_or_create(round=round, number=number)
        entries = list(paper.entries.all())
        if any(entry.entered_by_id == worker.pk for entry in entries):
            raise ValidationError(
                f"U heeft stembiljet {number} al ingevoerd. De tweede invoer doet een andere "
                "medewerker, zonder de eerste te zien."
            )
        if paper.status != Status.WACHT or len(entries) >= 2:
            raise ValidationError(f"Stembiljet {number} is al twee keer ingevoerd.")
        PaperEntry.objects.create(paper=paper, entered_by=worker, choices=normalise(choices))
        if entries:
            _settle(paper)
    return paper


def _settle(paper: PaperBallot) -> None:
    first, second = paper.entries.all()[:2]
    if differences(first.choices, second.choices):
        paper.status = Status.VERSCHIL
        paper.save(update_fields=["status"])
        return
    _count(paper, first.choices)


def _count(paper: PaperBallot, choices: dict) -> None:
    """Cast the sheet; a sheet that breaks the ballot rules goes to the coördinator."""
    try:
        with transaction.atomic():
            paper.ballot = cast(paper.round, _as_cast_choices(choices), "papier")
    except ValidationError as error:
        paper.status = Status.REGELS
        paper.problem = " ".join(error.messages)
    else:
        paper.status = Status.GETELD
        paper.problem = ""
    paper.save(update_fields=["status", "ballot", "problem"])


def resolve(paper: PaperBallot, *, choices: dict | None, note: str, user) -> PaperBallot:
    """A coördinator's decision on a flagged sheet: count it with these choices (taken
    from either entry or corrected), or declare it invalid (choices None)."""
    if not note.strip():
        raise ValidationError({"note": "Schrijf op waarom u zo beslist."})
    with transaction.atomic():
        paper = PaperBallot.objects.select_for_update().get(pk=paper.pk)
        if not paper.flagged:
            raise ValidationError("Dit stembiljet hoeft niet (meer) beoordeeld te worden.")
        if choices is not None:
            try:
                with transaction.atomic():
                    paper.ballot = cast(paper.round, _as_cast_choices(choices), "papier")
            except ValidationError as error:
                raise ValidationError({"choices": error.messages}) from error
            paper.status = Status.GETELD
        else:
            paper.status = Status.ONGELDIG
        paper.note = note.strip()
        paper.resolved_by = user
        paper.resolved_at = timezone.now()
        paper.save()
    return paper
