import pytest

from tests.support.world import support_world


@pytest.fixture
def sw(world):
    """The support objects on top of the world (tests/support/world.py)."""
    return support_world(world)


@pytest.fixture
def coordinator_client(world, client_for):
    return client_for(world.users["coordinator"])


@pytest.fixture
def coordinator_api(world, api_client_for):
    return api_client_for(world.users["coordinator"])
