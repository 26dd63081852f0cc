"""A small world of trajectories on top of tests/conftest.py's world."""

import datetime
from types import SimpleNamespace

import pytest

from kwartier.methods import services
from kwartier.methods.models import Method

START = datetime.date(2025, 2, 3)


def method(code: str) -> Method:
    return Method.objects.current().get(code=code, organisation__isnull=True)


@pytest.fixture
def tw(world):
    """Trajectories of the world's residents, seen from the welfare organisation.

    - `running`: BSA for the resident in the wijk, in its second phase, action overdue;
    - `elsewhere`: BSA for the resident outside the wijkwerker's wijk;
    - `visit`: Huisbezoek ouderen with the volunteer as advisor (resident in buurt 2);
    - `ended`: Welzijn op Recept, ended with an outcome.
    """
    coordinator = world.users["coordinator"]
    wijkwerker = world.users["wijkwerker"]
    running = services.start_trajectory(world.in_area, method("bsa"), wijkwerker, START)
    services.advance(running, wijkwerker, START + datetime.timedelta(days=10))
    services.plan_next_action(running, "Tweede huisbezoek", datetime.date(2025, 3, 1))
    elsewhere = services.start_trajectory(world.out_of_area, method("bsa"), coordinator, START)
    visit = services.start_trajectory(
        world.in_area_2,
        method("huisbezoek-ouderen"),
        coordinator,
        START,
        volunteer=world.users["vrijwilliger"],
    )
    ended = services.start_trajectory(world.in_area, method("welzijn-op-recept"), wijkwerker, START)
    services.end_trajectory(
        ended, START + datetime.timedelta(days=20), "deelname", "afgerond", wijkwerker
    )
    for t in (running, elsewhere, visit, ended):
        t.refresh_from_db()
    return SimpleNamespace(
        world=world, running=running, elsewhere=elsewhere, visit=visit, ended=ended
    )
