"""The ecogram in the data-subject registry (privacy/subject.py): export and erasure.

Export (AVG art. 15): the resident's own ties with their change history. A contact
is given by name, as "persoon" whether or not that person is registered in Kwartier
themselves: that fact is the other resident's data, not this one's.

Erasure (AVG art. 17), before the person itself goes (order 500 < 900):
- the resident's own ties, and every version of them in the history, are deleted;
- ties in *other* residents' ecograms that point to the erased resident stay, since
  they describe those residents' networks, but lose everything about the erased
  person: the link becomes the label "Contact (gegevens gewist)", the note (free
  text that may name them) is emptied, in the tie and in all its earlier versions.
  Group, strength, direction, functions and frequency stay.
"""

from kwartier.core.history import history_rows, local_iso
from kwartier.core.wording import count
from kwartier.privacy import subject

from .models import ERASED_LABEL, Tie

PROVIDER_NAME = "Netwerk (ecogram)"
ORDER = 500  # before consents (900) and the person (1000)


def _contact(tie: Tie) -> dict:
    kind = "organisatie" if tie.contact_organisation_id else "persoon"
    return {"soort": kind, "naam": tie.contact_description()}


def export_ties(person) -> dict:
    ties = Tie.objects.filter(person=person).select_related(
        "contact_person", "contact_organisation"
    )
    return {
        "contacten": [
            {
                "contact": _contact(tie),
                "groep": tie.get_group_display(),
                "aard": tie.get_strength_display(),
                "richting_van_de_steun": tie.get_direction_display(),
                "functies": tie.function_labels(),
                "hoe_vaak_contact": tie.get_frequency_display(),
                "notitie": tie.note,
                "aangemaakt": local_iso(tie.created_at),
                "gewijzigd": local_iso(tie.updated_at),
            }
            for tie in ties
        ],
        "wijzigingen": history_rows(Tie.history.filter(person_id=person.pk)),
    }


def erase_ties(person, dry_run: bool) -> list[str]:
    own = Tie.objects.filter(person=person)
    own_history = Tie.history.filter(person_id=person.pk)
    mentions = Tie.objects.filter(contact_person=person).exclude(person=person)
    mention_history = Tie.history.filter(contact_person_id=person.pk).exclude(person_id=person.pk)
    what = [
        f"{count(own.count(), 'contact', 'contacten')} in het netwerk (ecogram) van de bewoner",
        f"{count(own_history.count(), 'versie', 'versies')} in de wijzigingshistorie "
        "van dat netwerk",
        f"{count(mentions.count(), 'vermelding', 'vermeldingen')} in het netwerk van "
        "andere bewoners: die worden "
        f"‘{ERASED_LABEL}’, zonder notitie",
    ]
    if not dry_run:
        for tie in mentions:
            tie.contact_person = None
            tie.contact_label = ERASED_LABEL
            tie.note = ""
            tie._change_reason = "bewoner gewist"
            tie.save()
        # Earlier versions of those ties named the person too.
        mention_history.update(contact_person_id=None, contact_label=ERASED_LABEL, note="")
        own.delete()
        # After the delete: it adds a last version of each tie, which goes too.
        Tie.history.filter(person_id=person.pk).delete()
    return what


def register() -> None:
    subject.register(PROVIDER_NAME, export_ties, erase_ties, order=ORDER)
