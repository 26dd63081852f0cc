"""The "Metingen" section on a resident's page: the latest score per instrument."""

from . import definitions, display
from .access import may_read_person
from .models import Measurement


def person_block(request, person, grant) -> dict | None:
    """None (no section) for users whose role or consent does not cover metingen.

    The resident's page itself is already scoped and logged as a read of the resident.
    """
    if not may_read_person(request.user, person, grant):
        return None
    per_instrument: dict[str, list[Measurement]] = {}
    measurements = Measurement.objects.filter(person=person).order_by("measured_on", "pk")
    for measurement in measurements:
        per_instrument.setdefault(measurement.instrument, []).append(measurement)
    rows = []
    for code, instrument in definitions.INSTRUMENTS.items():
        if code in per_instrument:
            series = per_instrument[code]
            rows.append(
                {
                    "name": instrument.name,
                    "measurement": series[-1],
                    "result": display.total_text(instrument, series[-1]),
                    "signals": display.signals(instrument, series),
                }
            )
    return {"person": person, "latest": rows, "count": len(measurements)}
