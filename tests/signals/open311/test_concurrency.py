"""Twenty reports at the same moment, through Open311 and the API together, and ten
handlers closing one signal at once: numbers stay unique and without gaps, exactly one
change of status counts, nobody gets a 500 (threads with their own connections,
tests/concurrency.py)."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kwartier.signals.models import Signal
from tests.concurrency import file_database, in_thread, race
from tests.signals.helpers import make_signal
from tests.signals.open311.conftest import IN_BUURT

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 10


@pytest.fixture
def shared(world, routing, open311, personas, tmp_path):
    token = Token.objects.create(user=personas["coordinator"]).key
    signal = make_signal(world.areas.buurt)
    with file_database(tmp_path):
        yield open311, token, signal


def api_client(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_twenty_reports_at_once_get_twenty_numbers(shared):
    app, token, _ = shared
    lon, lat = IN_BUURT

    def open311_report(i):
        body = {
            "api_key": app.key,
            "service_code": "straat",
            "lat": str(lat),
            "long": str(lon),
            "description": f"Lantaarnpaal {i} kapot",
        }
        return lambda: APIClient().post("/open311/v2/requests.json", body)

    def api_report(i):
        body = {"category": "afval", "description": f"Container {i}", "buurt": "BU99990101"}
        client = api_client(token)
        return lambda: client.post(reverse("api:signal-list"), body, format="json")

    submissions = [open311_report(i) for i in range(RACERS)]
    submissions += [api_report(i) for i in range(RACERS)]
    results = race(submissions)

    assert [s for s, _ in results if s >= 500] == [], results
    assert sorted(s for s, _ in results) == [200] * RACERS + [201] * RACERS, results
    year = timezone.localdate().year
    numbers = in_thread(lambda: sorted(Signal.objects.values_list("number", flat=True)))
    assert numbers == [f"S-{year}-{n:06d}" for n in range(1, 2 * RACERS + 2)]


def test_one_signal_closed_by_ten_handlers_at_once_closes_once(shared):
    _, token, signal = shared
    url = reverse("api:signal-status", kwargs={"number": signal.number})

    def close():
        client = api_client(token)
        return lambda: client.post(url, {"status": "afgehandeld"}, format="json")

    results = race([close() for _ in range(RACERS)])

    assert [s for s, _ in results if s >= 500] == [], results
    assert sorted(s for s, _ in results) == [200] + [400] * (RACERS - 1), results
    closings = in_thread(lambda: signal.events.filter(to_status="afgehandeld").count())
    assert closings == 1
