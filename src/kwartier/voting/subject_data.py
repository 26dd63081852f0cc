"""The voter register in the data-subject registry (export and erasure).

What Kwartier holds on a resident here: that they were in a round's voter register,
whether they had a code and whether they voted, never how. Erasure cuts the row loose
from the resident: buurt, age group and voted stay as an anonymous turnout count.
Registered from VotingConfig.ready() before the resident itself (1000) goes.
"""

from kwartier.privacy import subject

from .models import Voter


def export_voting(person) -> list[dict]:
    return [
        {
            "ronde": voter.round.name,
            "buurt": voter.buurt.name,
            "leeftijdsgroep": voter.age_group,
            "stemcode_geldig": voter.has_code,
            "heeft_gestemd": voter.voted,
        }
        for voter in Voter.objects.filter(person=person).select_related("round", "buurt")
    ]


def erase_voting(person, dry_run: bool) -> list[str]:
    voters = Voter.objects.filter(person=person)
    count = voters.count()
    if not count:
        return []
    if not dry_run:
        voters.update(person=None, code_hash=None)
    return [f"{count} keer in een kiezersregister (blijft anoniem meetellen in de opkomst)"]


subject.register("Stemmen (kiezersregister)", export_voting, erase_voting, order=500)
