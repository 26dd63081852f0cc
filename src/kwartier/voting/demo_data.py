"""Demo data of the voting app, on top of the budgets demo's round in phase "stemmen".

The round gets its voter register with codes; about a third of the voters voted online
(ballots cast through budgets' cast()), a few on paper: their sheets are entered twice,
by the demo coördinator and the demo wijkwerker, and one sheet was typed differently and
waits for the coördinator. Codes come from `rng`, so the demo is the same every time.
"""

from kwartier.budgets.models import BudgetRound

from . import codes, paper, register
from .ballots import cast
from .models import PaperBallot, PaperEntry, Voter

ONLINE_SHARE = 0.3
PAPER_SHEETS = 12
FLAGGED_SHEET = 5  # the sheet number whose two entries differ


def _code_maker(rng):
    def make() -> str:
        return codes.format_code("".join(rng.choice(codes.ALPHABET) for _ in range(12)))

    return make


def _choices(rng, round, initiatives) -> dict[int, int]:
    """One to `max_projects` initiatives, the cheaper ones a bit more popular."""
    most = min(round.max_projects or 3, len(initiatives))
    count = rng.randint(1, most)
    weights = [1 / (1 + float(i.cost) / 5000) for i in initiatives]
    picked: set[int] = set()
    while len(picked) < count:
        picked.add(rng.choices(initiatives, weights)[0].pk)
    return dict.fromkeys(sorted(picked), 1)


def seed_demo(rng, demo) -> None:
    """Add the app's demo data; `demo` is a kwartier.demo.context.DemoContext."""
    round = (
        BudgetRound.objects.filter(organisation=demo.organisation, phase=BudgetRound.Phase.STEMMEN)
        .order_by("pk")
        .first()
    )
    if round is None:
        return
    initiatives = list(round.initiatives.filter(status="goedgekeurd").order_by("pk"))
    register.issue_missing(round, make_code=_code_maker(rng))
    voters = list(Voter.objects.filter(round=round).order_by("pk"))
    rng.shuffle(voters)  # who voted is not the order of the register
    online = int(len(voters) * ONLINE_SHARE)
    for voter in voters[:online]:
        cast(round, _choices(rng, round, initiatives), "online")
        register.mark_voted(voter)
    for voter in voters[online : online + PAPER_SHEETS]:
        register.mark_voted(voter)
    _paper(rng, demo, round, initiatives)


def _paper(rng, demo, round, initiatives) -> None:
    users = {u.role: u for u in demo.users}
    first, second = users.get("wijkwerker"), users.get("coordinator")
    if first is None or second is None:
        return
    for number in range(1, PAPER_SHEETS + 1):
        choices = _choices(rng, round, initiatives)
        paper.enter(round, number, choices, first)
        if number == FLAGGED_SHEET:  # a typing slip: one initiative read as another
            typed = dict(choices)
            other = next(i.pk for i in initiatives if i.pk not in typed)
            typed.pop(next(iter(typed)))
            typed[other] = 1
            choices = typed
        paper.enter(round, number, choices, second)


def delete_demo_data(org_ids, area_ids) -> None:
    """Remove what would keep the demo's organisations, areas or residents from being
    deleted (protected references); called before they go."""
    PaperEntry.objects.filter(entered_by__organisation__in=org_ids).delete()
    PaperBallot.objects.filter(round__organisation__in=org_ids).delete()
    Voter.objects.filter(buurt__in=area_ids).delete()
