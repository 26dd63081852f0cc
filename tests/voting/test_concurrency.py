"""One vote code submitted many times at once, through the API and the portal together:
exactly one ballot counts, every other submission gets a clear 400, none a 500.

The submissions run in threads, each with its own database connection, as under a
threaded server. On SQLite the in-memory test database shares one cache between
connections and never shows file locking, so the test copies it into a real file and
points the threads there, with the connection options of the settings
(transaction mode, timeout, journal mode). On PostgreSQL (DATABASE_URL) the threads use
the test database itself.
"""

import sqlite3
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from kwartier.voting.models import FailedTry
from tests.voting.world import voting_world

pytestmark = pytest.mark.django_db(transaction=True)

API_RACERS = 10
PORTAL_RACERS = 10


@pytest.fixture
def shared_database(world, tmp_path):
    """The world, in a database that threads reach through their own connections."""
    v = voting_world(world)
    if connection.vendor != "sqlite":
        yield v
        return
    path = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    settings_dict = connection.settings_dict  # the dict new connections are made from
    in_memory = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    try:
        yield v
    finally:
        # The main thread's connection stays on the in-memory database throughout.
        settings_dict["NAME"] = in_memory


def in_thread(function, *args):
    """Run `function` in a thread of its own (its own connection); return what it gave."""
    out = {}

    def run():
        try:
            out["value"] = function(*args)
        except Exception as error:  # noqa: BLE001 - reported by the caller
            out["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    if "error" in out:
        raise out["error"]
    return out.get("value")


def race(submissions):
    """Start all submissions at the same moment; returns (status, text) per submission,
    the text of a redirect being where it goes."""
    barrier = threading.Barrier(len(submissions))
    results = [None] * len(submissions)

    def run(i, submit):
        try:
            barrier.wait(10)
            response = submit()
            text = response.headers.get("Location") or response.content.decode()
            results[i] = (response.status_code, text)
        except Exception as error:  # noqa: BLE001 - a 500 under a real server
            results[i] = (500, f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(submissions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


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
