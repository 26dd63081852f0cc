"""The voter register in the data-subject registry (export and erasure).

What Kwartier holds on a resident here: that they were in a round's voter register,
the hash of their code and whether they voted, never how. Erasure cuts the row loose
from the resident: buurt, age group and voted stay as an anonymous turnout count.
Registered from VotingConfig.ready() before the resident itself (1000) goes.
"""

from kwartier.privacy import subject

from . import phase
from .models import Voter

STILL_OPEN = "nog niet te zien: het stemmen in deze ronde is nog niet gesloten"


def export_voting(person) -> list[dict]:
    """Whether the resident voted only once voting has ended: while it runs, the export
    (made by a worker) would tell who voted, and whether a code still works would too."""
    return [
        {
            "ronde": voter.round.name,
            "buurt": voter.buurt.name,
            "leeftijdsgroep": voter.age_group,
            "heeft_gestemd": voter.voted if phase.has_ended(voter.round) else STILL_OPEN,
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
