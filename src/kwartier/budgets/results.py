"""The outcome of a round: its counted ballots through the pure allocation rules.

The round's own rule is the official one; the other two are computed alongside so that
residents can see what another rule would have done. Ballots count as approval sets (a
cumulative ballot supports every initiative it gave points to), as allocation.py expects.
Initiative ids become the initiative's primary key as text, so ties go to the lowest id in
text order, like pabutools.

`compute` keeps its outcome in Django's cache under a fingerprint of everything the count
depends on (the round, its approved initiatives, its ballots), so a results page for a
city-wide round (seconds of equal shares) is counted once, not on every view.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from . import allocation
from .models import Ballot, BudgetRound, Initiative


@dataclass
class Row:
    initiative: Initiative
    supporters: int
    points: int
    funded: dict[str, bool]  # rule → funded under that rule
    explanations: dict[str, str]  # rule → Dutch explanation
    position: int | None  # place in the official selection order, 1-based
    explanation: str  # under the official rule

    @property
    def official_funded(self) -> bool:
        return self.position is not None


@dataclass
class RoundResults:
    round: BudgetRound
    ballots: int
    by_channel: dict[str, int]
    allocations: dict[str, allocation.Allocation]
    rows: list[Row] = field(default_factory=list)

    @property
    def official(self) -> allocation.Allocation:
        return self.allocations[self.round.rule]

    @property
    def total_cost(self) -> Decimal:
        return _decimal(self.official.total_cost)

    @property
    def left_over(self) -> Decimal:
        return self.round.amount - self.total_cost

    def rule_totals(self) -> list[Decimal]:
        """Total cost per rule, in the order of allocation.RULES."""
        return [_decimal(self.allocations[rule].total_cost) for rule in allocation.RULES]

    def funded_rows(self) -> list[Row]:
        return [row for row in self.rows if row.official_funded]


def _decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"))


def ballot_input(round: BudgetRound) -> tuple[dict[str, Decimal], list[frozenset[str]], Counter]:
    """Costs of the approved initiatives, every counted ballot as a set of initiative ids,
    and the points per initiative."""
    initiatives = round.initiatives.filter(status=Initiative.Status.GOEDGEKEURD)
    costs = {str(pk): cost for pk, cost in initiatives.values_list("pk", "cost")}
    approvals: list[frozenset[str]] = []
    points: Counter = Counter()
    for choices in round.ballots.values_list("choices", flat=True):
        # Only approved initiatives of this round can be on a ballot (ballots.cast checks it);
        # the filter keeps an old ballot from breaking the count if one was rejected later.
        supported = {pid: n for pid, n in choices.items() if n and pid in costs}
        approvals.append(frozenset(supported))
        points.update(supported)
    return costs, approvals, points


CACHE_SECONDS = 24 * 60 * 60


def _fingerprint(round: BudgetRound) -> str:
    """What the count depends on. Ballots are only ever added (never changed), so their
    number and highest id stand for all of them; an initiative edit moves its updated_at."""
    initiatives = round.initiatives.aggregate(n=Count("pk"), changed=Max("updated_at"))
    ballots = round.ballots.aggregate(n=Count("pk"), last=Max("pk"))
    state = (
        f"{round.updated_at.isoformat()}|{round.rule}|{round.amount}|{initiatives['n']}"
        f"|{initiatives['changed']}|{ballots['n']}|{ballots['last']}"
    )
    return f"budgets:results:{round.pk}:{hashlib.sha256(state.encode()).hexdigest()}"


def compute(round: BudgetRound) -> RoundResults:
    """All three rules on the round's ballots, from the cache when nothing changed since."""
    key = _fingerprint(round)
    results = cache.get(key)
    if results is None:
        results = count(round)
        cache.set(key, results, CACHE_SECONDS)
    return results


def count(round: BudgetRound) -> RoundResults:
    """Run all three rules on the round's ballots."""
    costs, approvals, points = ballot_input(round)
    profile = allocation.ApprovalProfile.from_ballots(costs, approvals)
    allocations = {
        rule: allocation.allocate(rule, costs, profile, round.amount) for rule in allocation.RULES
    }
    by_channel = Counter(round.ballots.values_list("channel", flat=True))
    results = RoundResults(
        round,
        len(approvals),
        {label: by_channel.get(value, 0) for value, label in Ballot.Channel.choices},
        allocations,
    )
    support = dict(zip(profile.project_ids, map(int, profile.support), strict=True))
    official_order = {pid: i for i, pid in enumerate(results.official.selected, start=1)}
    initiatives = round.initiatives.filter(status=Initiative.Status.GOEDGEKEURD)
    for initiative in initiatives:
        pid = str(initiative.pk)
        results.rows.append(
            Row(
                initiative=initiative,
                supporters=support.get(pid, 0),
                points=points.get(pid, 0),
                funded={rule: pid in a.selected for rule, a in allocations.items()},
                explanations={rule: a.explanations[pid].text for rule, a in allocations.items()},
                position=official_order.get(pid),
                explanation=allocations[round.rule].explanations[pid].text,
            )
        )
    last = len(official_order) + 1
    results.rows.sort(key=lambda r: (r.position or last, -r.supporters, r.initiative.pk))
    return results


@transaction.atomic
def freeze(round: BudgetRound) -> RoundResults:
    """Record the official outcome on the initiatives (what gets carried out)."""
    results = count(round)
    selected = [int(pid) for pid in results.official.selected]
    round.initiatives.update(funded=False)
    round.initiatives.filter(pk__in=selected).update(funded=True)
    round.results_at = timezone.now()
    round.save(update_fields=["results_at", "updated_at"])
    return results


def as_json(results: RoundResults) -> dict:
    """The results as the API gives them (amounts as decimal strings)."""
    round = results.round
    return {
        "round": round.pk,
        "rule": round.rule,
        "budget": str(round.amount),
        "ballots": results.ballots,
        "ballots_by_channel": results.by_channel,
        "total_cost": str(results.total_cost),
        "left_over": str(results.left_over),
        "selected": [int(pid) for pid in results.official.selected],
        "rules": {
            rule: {
                "selected": [int(pid) for pid in a.selected],
                "total_cost": str(_decimal(a.total_cost)),
            }
            for rule, a in results.allocations.items()
        },
        "initiatives": [
            {
                "id": row.initiative.pk,
                "title": row.initiative.title,
                "cost": str(row.initiative.cost),
                "supporters": row.supporters,
                "points": row.points,
                "funded": row.official_funded,
                "position": row.position,
                "explanation": row.explanation,
                "funded_by_rule": row.funded,
                "explanations_by_rule": row.explanations,
            }
            for row in results.rows
        ],
    }
