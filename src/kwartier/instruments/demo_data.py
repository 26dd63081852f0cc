"""Demo data of the instruments app: measurements over the past year for about 40 residents.

Each resident gets one or two instruments, measured two to four times, with answers
drawn around a slowly changing level, so the charts show plausible change (most
residents improve a little, some get worse). Every instrument is represented.
Scores are computed by the scoring module, exactly as for a recorded measurement.
"""

import datetime

from . import definitions, services
from .definitions import Instrument, Method
from .models import Measurement

RESIDENTS = 40
CODES = list(definitions.INSTRUMENTS)  # participatieladder, zrm2017, ..., csi
# Measurements fall between these many days before `demo.today` (a year, not the last days).
FIRST_DAYS_AGO, LAST_DAYS_AGO = 358, 10
MISSING_CHANCE = 0.03  # an item left unanswered now and then, as in practice


def seed_demo(rng, demo) -> None:
    """Add the app's demo data; `demo` is a kwartier.demo.context.DemoContext."""
    persons = list(demo.persons.order_by("pk")[:RESIDENTS])
    workers = [u for u in demo.users.order_by("pk") if u.role in ("wijkwerker", "coordinator")]
    first = demo.today - datetime.timedelta(days=FIRST_DAYS_AGO)
    last = demo.today - datetime.timedelta(days=LAST_DAYS_AGO)
    rows = []
    for index, person in enumerate(persons):
        # Cycling through the codes puts every instrument on several residents; every
        # third resident also has a second instrument.
        codes = [CODES[index % len(CODES)]]
        if index % 3 == 0:
            codes.append(CODES[(index + 3) % len(CODES)])
        for code in codes:
            for day, answers in _series(rng, definitions.get(code), first, last):
                measurement = Measurement(
                    person=person,
                    organisation_id=person.organisation_id,
                    instrument=code,
                    measured_on=day,
                    answers=answers,
                    recorded_by=rng.choice(workers) if workers else None,
                )
                services.apply_score(measurement, services.score_answers(code, answers))
                rows.append(measurement)
    Measurement.objects.bulk_create(rows)


def _dates(rng, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    day = first + datetime.timedelta(days=rng.randint(0, 110))
    days = [day]
    for _ in range(rng.randint(1, 3)):
        day += datetime.timedelta(days=rng.randint(60, 120))
        if day > last:
            break
        days.append(day)
    return days


def _series(rng, instrument: Instrument, first: datetime.date, last: datetime.date):
    """(date, answers) per measurement; `problem` (0 good … 1 bad) drifts between them."""
    problem = rng.uniform(0.3, 0.85)
    drift = rng.choice((-0.15, -0.1, -0.1, -0.05, 0.0, 0.08))
    for day in _dates(rng, first, last):
        yield day, _answers(rng, instrument, problem)
        problem = min(1.0, max(0.0, problem + drift + rng.uniform(-0.05, 0.05)))


def _answers(rng, instrument: Instrument, problem: float) -> dict:
    answers = {}
    for item in instrument.items:
        if instrument.method is Method.SUM and rng.random() < MISSING_CHANCE:
            continue
        answers[item.id] = _pick(rng, instrument, item, problem)
    for field in instrument.context_fields:
        if field.integer:
            answers[field.id] = rng.randint(6, 60)
        else:
            answers[field.id] = float(rng.randint(4, 30))
    return answers


def _pick(rng, instrument: Instrument, item, problem: float):
    """The option whose points lie nearest a noisy target set by the problem level."""
    points = [option.points for option in item.options]
    low, high = min(points), max(points)
    # ZRM levels and ladder rungs are "higher is better" too.
    good_high = instrument.higher_is_better
    share = (1 - problem) if good_high else problem
    target = low + share * (high - low) + rng.gauss(0, 0.2 * (high - low or 1))
    return min(item.options, key=lambda o: (abs(o.points - target), rng.random())).code


def delete_demo_data(org_ids, area_ids) -> None:
    """Remove what would keep the demo's organisations, areas or residents from being
    deleted (protected references); called before they go."""
    measurements = Measurement.objects.filter(organisation_id__in=org_ids) | (
        Measurement.objects.filter(person__organisation_id__in=org_ids)
    )
    person_ids = list(measurements.values_list("person_id", flat=True).distinct())
    measurements.delete()
    Measurement.history.filter(person_id__in=person_ids).delete()
