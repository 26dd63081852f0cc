"""Demo data of the budgets app, on top of the demo municipality.

Two rounds of the demo welfare organisation:
- a finished round (phase "effecten") in the buurt with the most residents: 12 initiatives
  (9 approved, 2 rejected with a reason, 1 merged), consultation records, 300 ballots from
  voter groups with different wishes (so equal shares and greedy differ visibly), the
  official result, execution updates and effects in the three orders;
- a round in phase "stemmen" in another buurt with approved initiatives and no ballots: the
  voting app's demo adds the voter register, codes and paper ballots to it.
Everything is drawn from `rng` with dates counted back from `demo.today`: deterministic and quick.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

from kwartier.core.models import Area

from . import results
from .models import (
    RECEIPT_ALPHABET,
    Ballot,
    BudgetRound,
    Effect,
    ExecutionUpdate,
    Initiative,
)

# title, group, cost, description; the first nine are approved.
FINISHED = [
    ("Speeltuin opknappen", "Ouders Lindeplein", 18000, "Nieuwe toestellen en een zandbak."),
    ("Buurtmoestuin", "Tuinclub De Kas", 6500, "Bakken, gereedschap en een waterton."),
    ("Bankjes langs de vaart", "Bewoners Vaartkade", 4200, "Zes bankjes voor wie slecht loopt."),
    ("Huiskamer voor ouderen", "Seniorenraad", 9000, "Twee ochtenden per week koffie en spel."),
    ("Voetbalkooi", "Jongeren van het plein", 22000, "Een kooi met kunstgras."),
    ("Taalcafé", "Vrouwen van het buurthuis", 3500, "Wekelijks Nederlands oefenen."),
    ("Buurtfeest", "Straatcomité", 2500, "Eén feest voor de hele buurt."),
    ("Geveltuinen", "Bewoners Kerkstraat", 3000, "Tegels eruit, planten erin."),
    ("Repair café", "Klussers van nr. 12", 2800, "Maandelijks samen repareren."),
    ("Parkeerplaatsen erbij", "Bewoners Oostzijde", 30000, ""),
    ("Hondenuitlaatveld", "Hondenbezitters", 12000, ""),
    ("Moestuin voor de school", "Ouders basisschool", 3000, ""),
]
REJECTED = {
    9: "Parkeren is een taak van de gemeente en valt buiten het bewonersbudget.",
    10: "Er is in de buurt geen plek die de gemeente hiervoor kan vrijmaken.",
}
MERGED = (11, 1)  # the school garden goes into the buurtmoestuin

# Voter groups: share of the voters and what they tend to support (index into FINISHED).
GROUPS = [
    (0.45, [0, 4, 6]),  # young families: playground, football cage, party
    (0.20, [3, 2, 6]),  # older residents: living room, benches
    (0.15, [1, 7, 8]),  # green and repair: garden, facade gardens, repair café
    (0.12, [5, 3]),  # language café
    (0.08, [2, 7]),
]

VOTING = [
    ("Pleintje vergroenen", "Bewoners Molenhof", 7500, "Bomen en plantvakken op het plein."),
    ("Jongerenhonk", "Jongerenwerk en tieners", 9000, "Een plek om na school te zijn."),
    ("Buurtbieb in de wasserette", "Lezers van de wijk", 1800, "Kasten en een leeshoek."),
    ("Verlichting wandelpad", "Bewoners Parkzoom", 6000, "Het pad is 's avonds te donker."),
    ("Samen koken", "Buurtvrouwen", 2500, "Elke maand samen eten."),
    ("Fietsenstalling", "Flatbewoners", 5000, "Overdekt en op slot."),
    ("Graffitiwand", "Jongeren", 3000, ""),
]

EFFECTS = {
    1: "Er staat een nieuwe voorziening die bewoners dagelijks gebruiken.",
    2: "Een vaste groep van {n} bewoners regelt samen onderhoud en planning.",
    3: "Het buurthuis en de woningcorporatie schuiven nu elke maand aan bij de groep.",
}


def _buurten(demo) -> list[Area]:
    """The demo organisation's buurten, those with most residents first."""
    counts = Counter(
        p.household.buurt_id for p in demo.persons if p.household and p.household.buurt_id
    )
    ordered = sorted(counts, key=lambda pk: (-counts[pk], pk))
    return list(Area.objects.filter(pk__in=ordered[:2]).order_by("code"))


def _receipt(rng) -> str:
    chars = "".join(rng.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"BB-{chars[:4]}-{chars[4:]}"


def _consultation(rng, initiative: Initiative) -> None:
    reached = rng.randint(15, 120)
    supporters = rng.randint(reached // 3, reached * 3 // 4)
    opponents = rng.randint(0, (reached - supporters) // 2)
    initiative.meetings_held = rng.randint(1, 5)
    initiative.residents_reached = reached
    initiative.supporters = supporters
    initiative.opponents = opponents
    if opponents:
        initiative.objections = "Zorgen over geluid en over wie het onderhoud doet."
        initiative.objections_handled = (
            "Besproken op een buurtavond; er komt een onderhoudsrooster en vaste tijden."
        )


def seed_demo(rng, demo) -> None:
    """Add the app's demo data; `demo` is a kwartier.demo.context.DemoContext."""
    buurten = _buurten(demo)
    if not buurten:
        return
    today = demo.today
    _finished_round(rng, demo, buurten[0], today)
    _voting_round(rng, demo, buurten[-1], today)


def _finished_round(rng, demo, buurt: Area, today: datetime.date) -> BudgetRound:
    closes = today - datetime.timedelta(days=90)
    round = BudgetRound.objects.create(
        name=f"Bewonersbudget {buurt.name} {closes.year}",
        description="De buurt besliste zelf over € 50.000 voor plannen van bewoners.",
        area=buurt,
        organisation=demo.organisation,
        amount=Decimal(50000),
        phase=BudgetRound.Phase.STEMMEN,
        rule=BudgetRound.Rule.MES_ADD1,
        voting_opens=today - datetime.timedelta(days=110),
        voting_closes=closes,
    )
    initiatives = []
    for index, (title, group, cost, description) in enumerate(FINISHED):
        initiative = Initiative(
            round=round,
            title=title,
            proposer_group=group,
            cost=Decimal(cost),
            description=description,
            area=buurt,
            status=Initiative.Status.GOEDGEKEURD,
            review_reason="Haalbaar en binnen de regels van het bewonersbudget.",
        )
        _consultation(rng, initiative)
        if index in REJECTED:
            initiative.status = Initiative.Status.AFGEWEZEN
            initiative.review_reason = REJECTED[index]
        initiative.save()
        initiatives.append(initiative)
    merged, into = MERGED
    initiatives[merged].status = Initiative.Status.SAMENGEVOEGD
    initiatives[merged].merged_into = initiatives[into]
    initiatives[merged].review_reason = "Samen met de buurtmoestuin: één tuin, ook voor de school."
    initiatives[merged].save()
    ballots = []
    for _ in range(300):
        draw, chosen = rng.random(), GROUPS[-1][1]
        for share, wishes in GROUPS:
            if draw < share:
                chosen = wishes
                break
            draw -= share
        picks = {initiatives[i].pk: 1 for i in chosen if rng.random() < 0.85}
        if rng.random() < 0.25:  # some voters also support one other plan
            picks[initiatives[rng.randrange(9)].pk] = 1
        if picks:
            ballots.append(picks)  # approved initiatives, one point each
    Ballot.objects.bulk_create(
        Ballot(
            round=round,
            channel=Ballot.Channel.ONLINE if rng.random() < 0.8 else Ballot.Channel.PAPIER,
            choices={str(pk): n for pk, n in sorted(choices.items())},
            receipt=_receipt(rng),
        )
        for choices in ballots
    )
    round.phase = BudgetRound.Phase.EFFECTEN
    round.save(update_fields=["phase", "updated_at"])
    outcome = results.freeze(round)
    _execution(rng, demo, outcome, today)
    return round


def _execution(rng, demo, outcome: results.RoundResults, today: datetime.date) -> None:
    worker = demo.users.filter(role="wijkwerker").first()
    for number, row in enumerate(outcome.funded_rows()):
        initiative, cost = row.initiative, row.initiative.cost
        start = today - datetime.timedelta(days=80 - 3 * number)
        steps = [(start, ExecutionUpdate.Status.GEPLAND, Decimal(0), "Afspraken gemaakt.")]
        steps.append(
            (
                start + datetime.timedelta(days=20),
                ExecutionUpdate.Status.BEZIG,
                (cost * Decimal(rng.randint(30, 60)) / 100).quantize(Decimal(1)),
                "Materiaal besteld, de groep is begonnen.",
            )
        )
        done = number % 3 != 2
        if done:
            steps.append(
                (
                    start + datetime.timedelta(days=50),
                    ExecutionUpdate.Status.KLAAR,
                    (cost * Decimal(rng.randint(88, 100)) / 100).quantize(Decimal(1)),
                    "Opgeleverd en geopend met de buurt.",
                )
            )
        ExecutionUpdate.objects.bulk_create(
            ExecutionUpdate(initiative=initiative, date=d, status=s, spent=spent, note=note)
            for d, s, spent, note in steps
        )
        if done:
            orders = [1, 2, 3] if number % 2 == 0 else [1, 2]
            Effect.objects.bulk_create(
                Effect(
                    initiative=initiative,
                    order=order,
                    description=EFFECTS[order].format(n=rng.randint(4, 15)),
                    date=start + datetime.timedelta(days=55 + order),
                    recorded_by=worker,
                )
                for order in orders
            )


def _voting_round(rng, demo, buurt: Area, today: datetime.date) -> BudgetRound:
    round = BudgetRound.objects.create(
        name=f"Bewonersbudget {buurt.name} {(today + datetime.timedelta(days=25)).year}",
        description="Stem mee over € 25.000 voor de buurt. Kies hoogstens drie plannen.",
        area=buurt,
        organisation=demo.organisation,
        amount=Decimal(25000),
        phase=BudgetRound.Phase.STEMMEN,
        max_projects=3,
        rule=BudgetRound.Rule.MES_ADD1,
        # Open on the day the demo is built, so the portal takes votes.
        voting_opens=today - datetime.timedelta(days=3),
        voting_closes=today + datetime.timedelta(days=25),
    )
    for index, (title, group, cost, description) in enumerate(VOTING):
        initiative = Initiative(
            round=round,
            title=title,
            proposer_group=group,
            cost=Decimal(cost),
            description=description,
            area=buurt,
            status=Initiative.Status.GOEDGEKEURD,
            review_reason="Haalbaar en binnen de regels van het bewonersbudget.",
        )
        if index == len(VOTING) - 1:
            initiative.status = Initiative.Status.AFGEWEZEN
            initiative.review_reason = "De eigenaar van de muur geeft geen toestemming."
        _consultation(rng, initiative)
        initiative.save()
    return round


def delete_demo_data(org_ids, area_ids) -> None:
    """Remove what would keep the demo's organisations, areas or residents from being
    deleted (protected references); called before they go."""
    Initiative.objects.filter(area__in=area_ids).delete()
    BudgetRound.objects.filter(organisation__in=org_ids).delete()
    BudgetRound.objects.filter(area__in=area_ids).delete()
