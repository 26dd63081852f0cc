"""Pabulib `.pb` files in and out of the database.

Import makes a new, finished round: the projects become approved initiatives, the votes
anonymous ballots with channel "import", and the round's rule is run at once (phase
"uitslag"). It is all-or-nothing: the first problem, whether the format's or Kwartier's rules
(pbinput.py, the same reader `kwartier pb` uses), is reported with its line and nothing is
stored.

Export writes the approved initiatives (what was on the ballot) and, once the results are
public, the ballots, numbered 1…n: never the receipts, which are the voters' own.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from . import pabulib, pbinput, results
from .models import Ballot, BudgetRound, Initiative, new_receipt

# An import problem is a problem of the shared reader (or of storing the round).
ImportProblem = pbinput.PbProblem


def import_pb(text: str, *, name: str, area, organisation, rule: str) -> BudgetRound:
    """Create a finished round from the text of a `.pb` file; raises ImportProblem."""
    checked = pbinput.load(text)
    election = checked.election
    vote_type = election.vote_type
    try:
        with transaction.atomic():
            round = BudgetRound.objects.create(
                name=name or election.meta.get("description", "")[:200] or "Geïmporteerde ronde",
                description=_description(election),
                area=area,
                organisation=organisation,
                amount=checked.budget,
                phase=BudgetRound.Phase.UITSLAG,
                ballot_type=(
                    BudgetRound.BallotType.CUMULATIVE
                    if vote_type == "cumulative"
                    else BudgetRound.BallotType.APPROVAL
                ),
                points=checked.points,
                max_projects=1 if vote_type == "choose-1" else None,
                rule=rule,
            )
            ids = {}
            for pid, project in election.projects.items():
                initiative = Initiative.objects.create(
                    round=round,
                    title=(project.name or f"Project {pid}")[:200],
                    description=project.extra.get("description", ""),
                    proposer_group="Geïmporteerd uit Pabulib",
                    cost=checked.costs[pid],
                    status=Initiative.Status.GOEDGEKEURD,
                    pabulib_id=pid,
                )
                ids[pid] = str(initiative.pk)
            Ballot.objects.bulk_create(
                (
                    Ballot(
                        round=round,
                        channel=Ballot.Channel.IMPORT,
                        choices={ids[pid]: n for pid, n in choices.items() if n},
                        receipt=new_receipt(),
                    )
                    for choices in checked.ballots
                ),
                batch_size=1000,
            )
            results.freeze(round)
    except (DatabaseError, ValidationError) as error:
        raise ImportProblem(f"de ronde kon niet worden opgeslagen ({error})") from None
    return round


def _description(election: pabulib.Election) -> str:
    meta = election.meta
    parts = [f"Geïmporteerd uit een Pabulib-bestand ({meta.get('vote_type', 'approval')})"]
    for key, label in (("country", "land"), ("unit", "plaats"), ("instance", "editie")):
        if meta.get(key):
            parts.append(f"{label}: {meta[key]}")
    return "; ".join(parts) + "."


def export_pb(round: BudgetRound) -> str:
    """The round as `.pb` text; ballots only when its results are public."""
    initiatives = list(
        round.initiatives.filter(status=Initiative.Status.GOEDGEKEURD).order_by("pk")
    )
    with_votes = round.results_visible
    counted = results.compute(round) if with_votes else None
    selected = set(counted.official.selected) if counted else set()
    meta = {
        "description": round.name,
        "country": "Nederland",
        "unit": round.area.name,
        "subunit": round.area.code,
        "budget": pabulib.format_number(Fraction(round.amount)),
        "vote_type": round.ballot_type,
        "rule": round.rule,
        "num_projects": str(len(initiatives)),
        "num_votes": str(round.ballots.count() if with_votes else 0),
        "currency": "EUR",
    }
    if round.max_projects:
        meta["max_length"] = str(round.max_projects)
    if round.cost_cap is not None:
        meta["max_sum_cost"] = pabulib.format_number(Fraction(round.cost_cap))
    if round.points:
        meta["max_sum_points"] = str(round.points)
    projects = {}
    for initiative in initiatives:
        pid = str(initiative.pk)
        extra = {"selected": "1" if pid in selected else "0"} if with_votes else {}
        projects[pid] = pabulib.Project(
            pid, _exact(initiative.cost), initiative.title.replace("\n", " "), extra
        )
    votes = []
    if with_votes:
        for number, choices in enumerate(round.ballots.values_list("choices", flat=True), 1):
            chosen = sorted((pid for pid, n in choices.items() if n and pid in projects), key=int)
            points = (
                tuple(choices[pid] for pid in chosen)
                if round.ballot_type == BudgetRound.BallotType.CUMULATIVE
                else None
            )
            votes.append(pabulib.Vote(str(number), tuple(chosen), points))
    return pabulib.write(pabulib.Election(meta, projects, votes))


def _exact(amount: Decimal) -> pabulib.Number:
    value = Fraction(amount)
    return value.numerator if value.denominator == 1 else value
