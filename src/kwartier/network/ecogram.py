"""One resident's ecogram as a reader sees it: ties, labels, drawing and indicators.

The bridge between the database and the pure modules (`drawing.py`, `analysis.py`);
pages, print view and API all call `ecogram_for()`, so they show the same thing.
What a reader may not see stays out: a contact who is a resident outside the
reader's scope is shown as "Contact (afgeschermd)", and notes only when the
reader's grant covers the category "notities".
"""

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from kwartier.core.history import HISTORY_KINDS
from kwartier.core.models import Organisation, Person

from . import analysis, drawing
from .access import may_see_notes
from .codes import FUNCTIONS, GROUPS
from .models import HIDDEN_LABEL, Tie


@dataclass(frozen=True)
class TieRow:
    tie: Tie
    contact: str  # the name the reader may see
    hidden: bool  # a resident outside the reader's scope

    @property
    def note(self) -> str:
        return self.tie.note


@dataclass(frozen=True)
class Ecogram:
    person: Person
    rows: list[TieRow]
    indicators: analysis.Indicators
    show_notes: bool

    def svg(self, id_prefix: str = "ecogram") -> str:
        return drawing.draw(self.person.full_name, drawn_ties(self.rows), id_prefix=id_prefix)

    def inline_svg(self, id_prefix: str = "ecogram") -> SafeString:
        # Safe: drawing.draw escapes every text it writes.
        return mark_safe(self.svg(id_prefix))

    @property
    def functions_covered(self) -> list[str]:
        return [FUNCTIONS[code] for code in self.indicators.functions_covered]

    @property
    def functions_missing(self) -> list[str]:
        return [FUNCTIONS[code] for code in self.indicators.functions_missing]

    @property
    def per_group(self) -> list[tuple[str, str, int]]:
        return [(code, name, self.indicators.per_group[code]) for code, name in GROUPS.items()]


GROUP_ORDER = {code: rank for rank, code in enumerate(GROUPS)}


def sorted_ties(ties) -> list[Tie]:
    return sorted(ties, key=lambda t: (GROUP_ORDER.get(t.group, 99), t.pk))


def ecogram_for(person: Person, user) -> Ecogram:
    ties = sorted_ties(person.ties.select_related("contact_person", "contact_organisation"))
    contact_ids = [t.contact_person_id for t in ties if t.contact_person_id]
    visible = set(
        Person.objects.visible_to(user).filter(pk__in=contact_ids).values_list("pk", flat=True)
    )
    rows = [
        TieRow(
            tie=tie,
            contact=tie.contact_description(visible),
            hidden=bool(tie.contact_person_id) and tie.contact_person_id not in visible,
        )
        for tie in ties
    ]
    return Ecogram(
        person=person,
        rows=rows,
        indicators=analysis.analyse(facts(ties)),
        show_notes=may_see_notes(user, person),
    )


def history_for(person: Person, user, limit: int = 20) -> list[dict]:
    """The latest changes to the ecogram, newest first: when, what, which contact, which
    fields, by whom. A contact outside the reader's scope stays unnamed here too."""
    records = list(
        Tie.history.filter(person_id=person.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    contact_ids = {r.contact_person_id for r in records if r.contact_person_id}
    visible = set(
        Person.objects.visible_to(user).filter(pk__in=contact_ids).values_list("pk", flat=True)
    )
    people = {p.pk: p.full_name for p in Person.objects.filter(pk__in=visible)}
    organisations = dict(
        Organisation.objects.filter(
            pk__in={r.contact_organisation_id for r in records if r.contact_organisation_id}
        ).values_list("pk", "name")
    )
    rows = []
    for record in records:
        if record.contact_person_id:
            contact = people.get(record.contact_person_id, HIDDEN_LABEL)
        elif record.contact_organisation_id:
            contact = organisations.get(record.contact_organisation_id, "organisatie")
        else:
            contact = record.contact_label
        fields = []
        previous = record.prev_record if record.history_type == "~" else None
        if previous is not None:
            fields = [
                str(Tie._meta.get_field(change.field).verbose_name)
                for change in record.diff_against(previous).changes
            ]
        rows.append(
            {
                "when": record.history_date,
                "kind": HISTORY_KINDS.get(record.history_type, record.history_type),
                "contact": contact,
                "fields": fields,
                "by": record.history_user.username if record.history_user else "",
            }
        )
    return rows


def contact_for(tie: Tie, user) -> str:
    """One tie's contact as `user` may see it."""
    visible = None
    if tie.contact_person_id:
        visible = set(
            Person.objects.visible_to(user)
            .filter(pk=tie.contact_person_id)
            .values_list("pk", flat=True)
        )
    return tie.contact_description(visible)


def facts(ties) -> list[analysis.TieFacts]:
    return [
        analysis.TieFacts(
            group=t.group,
            strength=t.strength,
            direction=t.direction,
            functions=t.functions,
            frequency=t.frequency,
        )
        for t in ties
    ]


def drawn_ties(rows: list[TieRow]) -> list[drawing.DrawnTie]:
    return [
        drawing.DrawnTie(
            key=str(row.tie.pk),
            label=row.contact,
            group=row.tie.group,
            strength=row.tie.strength,
            direction=row.tie.direction,
            functions=row.tie.functions,
            frequency=row.tie.frequency,
        )
        for row in rows
    ]
