"""The status state machine of a signal: which status may follow which, as data.

Pure Python, so that pages, API, Open311 and the importer offer and check the same
transitions. Every change of status goes through `services.transition`.
"""

from django.db import models


class Status(models.TextChoices):
    GEMELD = "gemeld", "Gemeld"
    IN_BEHANDELING = "in_behandeling", "In behandeling"
    DOORGEZET = "doorgezet", "Doorgezet naar partner"
    AFGEHANDELD = "afgehandeld", "Afgehandeld"
    HEROPEND = "heropend", "Heropend"
    GEANNULEERD = "geannuleerd", "Geannuleerd"


S = Status
TRANSITIONS: dict[str, frozenset[str]] = {
    S.GEMELD: frozenset({S.IN_BEHANDELING, S.DOORGEZET, S.AFGEHANDELD, S.GEANNULEERD}),
    S.IN_BEHANDELING: frozenset({S.DOORGEZET, S.AFGEHANDELD, S.GEANNULEERD}),
    # A partner hands a signal back (in behandeling) or closes it.
    S.DOORGEZET: frozenset({S.IN_BEHANDELING, S.AFGEHANDELD, S.GEANNULEERD}),
    S.AFGEHANDELD: frozenset({S.HEROPEND}),
    S.GEANNULEERD: frozenset({S.HEROPEND}),
    S.HEROPEND: frozenset({S.IN_BEHANDELING, S.DOORGEZET, S.AFGEHANDELD, S.GEANNULEERD}),
}
CLOSED = frozenset({S.AFGEHANDELD, S.GEANNULEERD})
OPEN = frozenset(Status.values) - CLOSED


def allowed(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, frozenset())


def open311_status(status: str) -> str:
    """GeoReport v2 knows two statuses."""
    return "closed" if status in CLOSED else "open"
