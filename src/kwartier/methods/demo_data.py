"""Demo data of the methods app: trajectories in every method, every phase and every end.

Everything goes through `services.py` (as a worker would), drawn from `rng` in a fixed
order, with dates in the year up to `demo.today` (the day the demo is built):
- per method a number of trajectories started over that year, each carried to a phase drawn at
  random; about half of those that got far are ended, cycling through every outcome and
  end reason of the method so each shows in the funnels;
- the wijkwerker carries BSA and Welzijn op Recept, the coördinator Buurtbemiddeling and
  Maatjes, the demo volunteer is the advisor of the Huisbezoeken and buddy in some
  Maatjes trajectories;
- running trajectories: about a third with a next action overdue on `demo.today`,
  the others due a year after it (so they stay "not overdue" for a while when the demo
  is looked at later); some went back a phase with a reason; intervisie notes on BSA;
- the instruments a phase asks for are recorded on entering it (instruments app), with
  scores that mostly improve, so the funnels show a change in scores.
"""

from __future__ import annotations

import datetime

from kwartier.core.models import Activity
from kwartier.instruments.definitions import INSTRUMENTS
from kwartier.instruments.services import record_measurement

from . import services
from .loading import load_directory
from .models import Method, Trajectory

# method code -> (number of trajectories, worker account, volunteer share)
PLAN = {
    "bsa": (28, "wijkwerker", 0.0),
    "welzijn-op-recept": (26, "wijkwerker", 0.0),
    "buurtbemiddeling": (18, "coordinator", 0.0),
    "maatjes": (18, "coordinator", 0.5),
    "huisbezoek-ouderen": (16, "coordinator", 1.0),
}
SIGNAL_SOURCES = ["signaleringsnetwerk", "vindplaats", "eigen-waarneming"]
REPORTERS = ["bewoner", "corporatie", "politie", "gemeente"]
BACK_REASONS = [
    "Bewoner zegde de afspraken af; opnieuw contact opbouwen.",
    "Na ziekenhuisopname eerst weer kennismaken.",
    "Een partij trok zich terug; nieuwe intake nodig.",
]
NOTES = [
    "Besproken in de intervisie: meer tijd nemen voor vertrouwen, niet te snel een activiteit.",
    "Collega's tippen de inloop in het buurthuis op dinsdag; samen gaan kijken.",
    "Signaal via de corporatie bevestigd; afstemmen met het wijkteam.",
    "Bewoner heeft talent voor tekenen; de tekencursus in het wijkcentrum past.",
]


def _age(person, day: datetime.date) -> int | None:
    if person.birth_date:
        b = person.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))
    return day.year - person.birth_year if person.birth_year else None


def _pick_people(rng, persons, count, reference, low=None, high=None, taken=()):
    """`count` residents, never the same twice; of fitting age where the method asks it
    (others only when too few fit)."""
    free = [p for p in persons if p.pk not in taken]
    fitting = [
        p
        for p in free
        if (age := _age(p, reference)) is not None
        and (low is None or age >= low)
        and (high is None or age <= high)
    ]
    chosen = rng.sample(fitting, min(count, len(fitting)))
    if len(chosen) < count:
        rest = [p for p in free if p not in chosen]
        chosen += rng.sample(rest, min(count - len(chosen), len(rest)))
    return chosen


def seed_demo(rng, demo) -> None:
    """Add the app's demo data; `demo` is a kwartier.demo.context.DemoContext."""
    load_directory()
    reference = demo.today
    users = {u.username: u for u in demo.users}
    volunteer = users.get("vrijwilliger")
    # Residents the demo wijkwerker sees (their wijk) first, so their pages are full.
    wijkwerker = users.get("wijkwerker")
    own_buurten = wijkwerker.buurt_ids() if wijkwerker else set()
    persons = list(demo.persons.order_by("pk"))
    near = [p for p in persons if p.household and p.household.buurt_id in own_buurten]
    activities = list(Activity.objects.filter(active=True).order_by("-gastvrij", "pk")[:40])
    taken: set[int] = set()
    for code, (count, worker_name, volunteer_share) in PLAN.items():
        method = Method.objects.current().filter(code=code, organisation__isnull=True).first()
        if method is None:
            continue
        pool = near if worker_name == "wijkwerker" and len(near) > count * 2 else persons
        chosen = _pick_people(rng, pool, count, reference, method.min_age, method.max_age, taken)
        phases = list(method.phases.all())
        for i, person in enumerate(chosen):
            taken.add(person.pk)
            buddy = volunteer if volunteer and rng.random() < volunteer_share else None
            _one(
                rng, method, phases, person, users.get(worker_name), buddy, reference, i, activities
            )


def _stays(rng, phases, target: int, room: int) -> list[int]:
    """Days spent in each phase before `target`, scaled down to fit in `room` days."""
    stays = [
        max(1, round((p.expected_days or 14) * rng.uniform(0.5, 1.5))) for p in phases[:target]
    ]
    total = sum(stays)
    if total > room:
        stays = [max(1, s * room // total) for s in stays]
    return stays


def _one(rng, method, phases, person, worker, volunteer, reference, index, activities):
    """One trajectory: the phase it reaches and whether it ended follow from `index`, so
    every phase has running trajectories and every end reason and outcome shows up."""
    target = index % len(phases)
    turn = index // len(phases)  # round 0 and 2 keep running, 1 and 3 end
    ended = turn % 2 == 1
    stays = _stays(rng, phases, target, room=300)
    tail = rng.randint(10, 40)  # days in the target phase before the reference / the end
    latest_start = reference - datetime.timedelta(days=sum(stays) + tail + (30 if ended else 0))
    earliest_start = reference - datetime.timedelta(days=365)
    span = max(0, (latest_start - earliest_start).days)
    start = earliest_start + datetime.timedelta(days=rng.randint(0, span))
    trajectory = services.start_trajectory(
        person, method, worker, start, source=_source(method), volunteer=volunteer
    )
    problem = rng.uniform(0.5, 0.9)  # how bad things are at the start (0 good … 1 bad)
    _measure(rng, phases[0], person, worker, start, problem)
    # An activity from the sociale kaart only once the phase that asks for it is reached.
    asks_activity = any(f["type"] == "activiteit" for p in phases[: target + 1] for f in p.fields)
    data, activity = _data(method, rng, activities if asks_activity else [])
    if data or activity:
        services.set_data(trajectory, data, activity)
    day = start
    for position, stay in enumerate(stays, start=1):
        day += datetime.timedelta(days=stay)
        services.advance(trajectory, worker, day)
        problem = max(0.0, problem - rng.uniform(0.0, 0.2))  # trajectories mostly help
        _measure(rng, phases[position], person, worker, day, problem)
    current = phases[target]
    if turn == 2 and target >= 2:
        current = phases[target - 1]
        back_day = day + datetime.timedelta(days=rng.randint(2, 8))
        services.go_back(trajectory, phases[target - 1], rng.choice(BACK_REASONS), worker, back_day)
        day = back_day
    if method.code == "bsa" and index % 3 == 0:
        note_day = day + datetime.timedelta(days=rng.randint(1, 7))
        services.add_review_note(trajectory, rng.choice(NOTES), worker, note_day)
    if ended:
        ended_on = day + datetime.timedelta(days=tail)
        nth = turn // 2 * len(phases) + target  # the how-manieth ended trajectory
        outcome = method.outcomes[nth % len(method.outcomes)]["code"] if method.outcomes else ""
        reason = method.end_reasons[nth % len(method.end_reasons)]["code"]
        services.end_trajectory(trajectory, ended_on, outcome, reason, worker)
        return
    items = len(current.checklist)
    if items:
        services.set_checklist(trajectory, list(range(rng.randint(0, items - 1))))
    if index % 3 == 0:
        due = reference - datetime.timedelta(days=rng.randint(1, 30))
    else:
        due = reference + datetime.timedelta(days=365 + rng.randint(0, 60))
    trajectory.refresh_from_db()
    services.plan_next_action(trajectory, trajectory.next_action or "Contact opnemen", due)


def _measure(rng, phase, person, worker, day, problem) -> None:
    """Record the instruments the phase asks for (instruments app)."""
    for code in phase.instruments:
        instrument = INSTRUMENTS.get(code)
        if instrument is None or not instrument.items or instrument.context_fields:
            continue
        share = (1 - problem) if instrument.higher_is_better else problem
        answers = {}
        for item in instrument.items:
            points = [o.points for o in item.options]
            low, high = min(points), max(points)
            target = low + share * (high - low) + rng.gauss(0, 0.15 * (high - low or 1))
            answers[item.id] = min(item.options, key=lambda o: abs(o.points - target)).code
        record_measurement(person, code, answers, day, worker)


def _source(method) -> str:
    if method.code == "welzijn-op-recept":
        return "welzijnsrecept van de huisarts"
    if method.code == "buurtbemiddeling":
        return "aanmelding buurtbemiddeling"
    return ""


def _data(method, rng, activities):
    if method.code == "bsa":
        activity = rng.choice(activities) if activities else None
        return {"signaalbron": rng.choice(SIGNAL_SOURCES)}, activity
    if method.code == "buurtbemiddeling":
        return {"aanmelder": rng.choice(REPORTERS)}, None
    if method.code == "welzijn-op-recept" and activities:
        return {}, rng.choice(activities)
    return {}, None


def delete_demo_data(org_ids, area_ids) -> None:
    """Remove what would keep the demo's organisations, areas or residents from being
    deleted (protected references); called before they go."""
    Trajectory.objects.filter(organisation_id__in=org_ids).delete()
    Method.objects.filter(organisation_id__in=org_ids, trajectories__isnull=True).delete()
