import pytest

from tests.voting.world import voting_world


@pytest.fixture
def v(world):
    return voting_world(world)
