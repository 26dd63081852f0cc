"""Measurements in the data-subject registry (privacy/subject.py): export and erasure.

Export (AVG art. 15): every measurement with its answers per item, the scores and
the change history. Erasure (AVG art. 17): the measurements and every version of
them, before the person itself goes (order 500 < 900 consents < 1000 person).
"""

from kwartier.core.history import history_rows, local_iso
from kwartier.core.wording import count
from kwartier.privacy import subject

from . import display
from .models import Measurement

PROVIDER_NAME = "Metingen (meetinstrumenten)"
ORDER = 500


def export_measurements(person) -> list[dict]:
    out = []
    measurements = Measurement.objects.filter(person=person).select_related(
        "organisation", "recorded_by"
    )
    for measurement in measurements:
        instrument = measurement.definition
        out.append(
            {
                "meting": measurement.pk,
                "meetinstrument": instrument.name,
                "bron": instrument.source,
                "datum": measurement.measured_on.isoformat(),
                "antwoorden": [
                    {"vraag": row.text, "antwoord": row.answer}
                    for row in display.answer_rows(instrument, measurement.answers)
                ],
                "uitkomst": display.total_text(instrument, measurement),
                "subschalen": dict(display.subscale_rows(instrument, measurement.subscales)),
                "rekenregels": measurement.rule_version,
                "organisatie": str(measurement.organisation),
                "vastgelegd_door": (
                    measurement.recorded_by.username if measurement.recorded_by else None
                ),
                "aangemaakt": local_iso(measurement.created_at),
                "wijzigingen": history_rows(Measurement.history.filter(id=measurement.pk)),
            }
        )
    return out


def erase_measurements(person, dry_run: bool) -> list[str]:
    measurements = Measurement.objects.filter(person=person)
    ids = list(measurements.values_list("pk", flat=True))
    versions = Measurement.history.filter(person_id=person.pk)
    what = [
        f"{count(len(ids), 'meting', 'metingen')} met hun antwoorden en scores",
        f"{count(versions.count(), 'versie', 'versies')} in de wijzigingshistorie van die metingen",
    ]
    if not dry_run:
        measurements.delete()
        # Deleting writes a last "deleted" version; the history goes after the records.
        Measurement.history.filter(person_id=person.pk).delete()
    return what


def register() -> None:
    subject.register(PROVIDER_NAME, export_measurements, erase_measurements, order=ORDER)
