"""The Open311 world: the signals world with buurt outlines (so that a point finds its
buurt), a category with extra questions, a household postcode, and an app's key."""

from types import SimpleNamespace

import pytest

from kwartier.core.models import Household
from kwartier.signals.models import Category
from kwartier.signals.open311 import keys
from tests.shared_data import SHARED_DATA

DATA = SHARED_DATA / "open311"


def square(lon: float, lat: float, size: float = 0.01) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size]]
    return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}


# A point in each buurt (lon, lat), and one outside the municipality.
IN_BUURT = (4.895, 52.375)
IN_OTHER_BUURT = (4.915, 52.375)
OUTSIDE = (5.5, 52.0)
QUESTIONS = [
    {"code": "soort", "question": "Wat voor afval?", "datatype": "singlevaluelist",
     "required": True, "values": [{"key": "grof", "name": "Grofvuil"},
                                  {"key": "zak", "name": "Vuilniszak"}]},
    {"code": "aantal", "question": "Hoeveel stuks?", "datatype": "number"},
    {"code": "waar", "question": "Waar precies?", "datatype": "multivaluelist",
     "values": [{"key": "stoep", "name": "Stoep"}, {"key": "gras", "name": "Gras"}]},
]  # fmt: skip


@pytest.fixture
def open311(world, routing):
    areas = world.areas
    for area, (lon, lat) in (
        (areas.buurt, (4.89, 52.37)),
        (areas.buurt_2, (4.90, 52.37)),
        (areas.other_buurt, (4.91, 52.37)),
    ):
        area.outline = square(lon, lat)
        area.save(update_fields=["outline"])
    Category.objects.filter(code="afval").update(questions=QUESTIONS)
    record, key = keys.create("Buitenbeter")
    revoked, revoked_key = keys.create("Oude app")
    revoked.revoked_at = revoked.created_at
    revoked.save(update_fields=["revoked_at"])
    return SimpleNamespace(
        key=key,
        record=record,
        revoked_key=revoked_key,
        postcode=Household.objects.filter(buurt=areas.buurt).first().postcode,
    )
