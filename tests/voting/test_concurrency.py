"""One vote code submitted many times at once, through the API and the portal together:
exactly one ballot counts, every other submission gets a clear 400, none a 500.

The submissions run in threads, each with its own database connection (tests/concurrency.py).
"""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from kwartier.voting.models import FailedTry
from tests.concurrency import file_database, in_thread, race
from tests.voting.world import voting_world

pytestmark = pytest.mark.django_db(transaction=True)

API_RACERS = 10
PORTAL_RACERS = 10


@pytest.fixture
def shared_database(world, tmp_path):
    """The world, in a database that threads reach through their own connections."""
    v = voting_world(world)
    with file_database(tmp_path):
        yield v


def test_one_code_submitted_at_once_counts_once(shared_database):
    v = shared_database
    round, initiative, code = v.round, v.initiatives[1], v.code_in_area
    before = in_thread(lambda: round.ballots.count())

    def api_submission():
        client = APIClient()
        body = {"round": round.pk, "code": code, "choices": {str(initiative.pk): 1}}
        return lambda: client.post(reverse("api:vote-create"), body, format="json")

    def portal_submission():
        # Steps 1 and 2 beforehand (the code is still unused then); the race is on casting.
        client = Client()
        start = client.post(reverse("voting:portal-start", args=[round.pk]), {"code": code})
        assert start.status_code == 302, start.content.decode()[:500]
        url = reverse("voting:portal-confirm", args=[round.pk])
        return lambda: client.post(url, {"keuze": [initiative.pk], "versturen": "1"})

    submissions = [in_thread(portal_submission) for _ in range(PORTAL_RACERS)]
    submissions += [api_submission() for _ in range(API_RACERS)]
    results = race(submissions)

    errors = [text[:300] for status, text in results if status >= 500]
    assert not errors, errors
    thanks = reverse("voting:portal-thanks", args=[round.pk])
    accepted = [r for r in results if r[0] == 201 or r == (302, thanks)]
    assert len(accepted) == 1, results
    refused = [text for status, text in results if status == 400]
    assert len(refused) == API_RACERS + PORTAL_RACERS - 1, results
    for text in refused:
        assert "al gebruikt" in text or "al gestemd" in text, text[:500]
    after = in_thread(lambda: round.ballots.count())
    assert after == before + 1
    voted = in_thread(lambda: round.voters.get(pk=v.voter_in_area.pk).voted)
    assert voted
    # A right code that another submission used first is no wrong guess.
    assert in_thread(lambda: FailedTry.objects.count()) == 0
