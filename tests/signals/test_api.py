"""The signals API: the same domain functions and rules as the pages, scoped and logged."""

import datetime

import pytest
from django.urls import reverse

from kwartier.core.access.log import AccessLogEntry
from kwartier.signals import handling
from kwartier.signals.models import ResponseTemplate, Signal, SignalEvent
from kwartier.signals.states import Status
from tests.problems import field_errors, problem
from tests.signals.helpers import make_signal

pytestmark = pytest.mark.django_db
LIST = reverse("api:signal-list")
# A square around the Oude Haven (lon, lat); points outside every buurt are refused.
SQUARE = [[5.10, 52.08], [5.14, 52.08], [5.14, 52.10], [5.10, 52.10], [5.10, 52.08]]


def url(name, signal):
    return reverse(f"api:signal-{name}", args=[signal.number])


@pytest.fixture
def outlined(world):
    buurt = world.areas.buurt
    buurt.outline = {"type": "Polygon", "coordinates": [SQUARE]}
    buurt.save()
    return buurt


@pytest.fixture
def coordinator_api(api_client_for, personas):
    return api_client_for(personas["coordinator"], token=True)


@pytest.fixture
def partner_api(api_client_for, personas):
    return api_client_for(personas["partner"], token=True)


def payload(**overrides):
    data = {"category": "afval", "description": "Volle container", "buurt": "BU99990101"}
    return {**data, **overrides}


def test_a_worker_reports_a_signal_at_a_point(coordinator_api, signals, outlined):
    data = payload(
        buurt=None,
        latitude="52.090000",
        longitude="5.120000",
        address="Kade 3",
        reporter_name="Fatima",
        reporter_phone="06-12345678",
        contact_consent=True,
    )
    del data["buurt"]
    response = coordinator_api.post(LIST, data, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith("S-") and body["buurt"] == outlined.code
    assert (body["channel"], body["status"], body["term"]) == ("wijkwerker", "gemeld", "binnen")
    assert body["reporter"] == {"name": "Fatima", "email": "", "phone": "06-12345678"}
    detail = coordinator_api.get(f"{LIST}/{body['number']}").json()
    assert detail["address"] == "Kade 3" and detail["organisation_name"] == "Welzijn Testveen"
    entry = AccessLogEntry.objects.filter(object_type="melding", action="create").get()
    assert entry.object_id == str(Signal.objects.get(number=body["number"]).pk)


def test_a_partner_reports_through_the_partner_channel(partner_api, signals):
    response = partner_api.post(LIST, payload(), format="json")
    assert response.status_code == 201
    assert response.json()["channel"] == "partner"
    response = partner_api.post(LIST, payload(channel="telefoon"), format="json")
    assert response.status_code == 400 and "channel" in field_errors(response)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"description": "x" * 4001}, "description"),
        ({"category": "bestaat-niet"}, "category"),
        ({"category": "afval\x00"}, "category"),
        ({"buurt": "BU00000000"}, "buurt"),
        ({"buurt": "WK999901"}, "buurt"),  # a wijk, not a buurt
        ({"latitude": "52.5", "longitude": "6.5"}, "latitude"),  # outside every buurt
        ({"latitude": "52.09"}, "latitude"),
        ({"latitude": "52.09", "longitude": "5.12", "buurt": "BU99990102"}, "buurt"),
        ({"latitude": "9999", "longitude": "5.12"}, "latitude"),
        ({"reporter_name": "Fatima"}, "contact_consent"),
        ({"reporter_email": "geen-adres", "contact_consent": True}, "reporter_email"),
        ({"reporter_phone": "bel me", "contact_consent": True}, "reporter_phone"),
        ({"urgency": "spoed"}, "urgency"),
        ({"channel": "open311"}, "channel"),
    ],
)
def test_bad_signals_are_a_400_naming_the_field(coordinator_api, signals, outlined, change, field):
    before = Signal.objects.count()
    response = coordinator_api.post(LIST, payload(**change), format="json")
    assert response.status_code == 400, response.content
    assert field in field_errors(response)
    assert Signal.objects.count() == before


def numbers(response):
    assert response.status_code == 200, response.content
    return {s["number"] for s in response.json()["results"]}


def test_the_queue_filters(coordinator_api, signals, personas, world):
    handling.assign(signals.in_area, personas["coordinator"], user=personas["coordinator"])
    handling.assign(signals.sensitive, personas["wijkwerker"], user=personas["coordinator"])
    urgent = make_signal(world.areas.buurt, urgency="hoog", channel="telefoon")
    own = {signals.in_area, signals.out_of_area, signals.passed_on, signals.sensitive, urgent}
    assert numbers(coordinator_api.get(LIST)) == {s.number for s in own}
    assert numbers(coordinator_api.get(LIST, {"status": "doorgezet"})) == {signals.passed_on.number}
    # A main category's code takes in its subcategories.
    assert numbers(coordinator_api.get(LIST, {"category": "zorgen"})) == {signals.sensitive.number}
    assert numbers(coordinator_api.get(LIST, {"category": "parkeren"})) == {
        signals.out_of_area.number
    }
    assert numbers(coordinator_api.get(LIST, {"buurt": "BU99990102"})) == {signals.passed_on.number}
    assert numbers(coordinator_api.get(LIST, {"assignee": "me"})) == {signals.in_area.number}
    assert numbers(coordinator_api.get(LIST, {"assignee": "wijkwerker"})) == {
        signals.sensitive.number
    }
    assert numbers(coordinator_api.get(LIST, {"channel": "telefoon"})) == {urgent.number}
    assert numbers(coordinator_api.get(LIST, {"urgency": "hoog"})) == {urgent.number}
    for wrong in ({"status": "kwijt"}, {"term": "morgen"}, {"urgency": "spoed"}):
        response = coordinator_api.get(LIST, wrong)
        assert response.status_code == 400 and set(wrong) <= set(field_errors(response))


def test_the_term_filter(coordinator_api, signals, world):
    def late(signal, days_ago, term_days=10):
        reported = signal.reported_at - datetime.timedelta(days=days_ago)
        Signal.objects.filter(pk=signal.pk).update(
            reported_at=reported, due_at=reported + datetime.timedelta(days=term_days)
        )

    late(signals.out_of_area, 15)  # over
    late(signals.sensitive, 31)  # ver-over
    closed_in_time = signals.passed_on
    late(closed_in_time, 40)
    Signal.objects.filter(pk=closed_in_time.pk).update(
        status=Status.AFGEHANDELD,
        closed_at=closed_in_time.reported_at - datetime.timedelta(days=35),
    )
    assert numbers(coordinator_api.get(LIST, {"term": "over"})) == {signals.out_of_area.number}
    assert numbers(coordinator_api.get(LIST, {"term": "ver-over"})) == {signals.sensitive.number}
    within = numbers(coordinator_api.get(LIST, {"term": "binnen"}))
    assert {signals.in_area.number, closed_in_time.number} <= within
    assert signals.sensitive.number not in within
    for signal in Signal.objects.all():
        listed = numbers(coordinator_api.get(LIST, {"term": signal.term_state()}))
        assert signal.number in listed or signal.organisation != world.welfare_org


def test_contact_is_for_the_handling_organisation_only(
    coordinator_api, partner_api, signals, world
):
    signal = signals.in_area
    assert coordinator_api.get(url("detail", signal)).json()["reporter"]["name"] == "Fatima"
    response = coordinator_api.post(
        url("status", signal),
        {"status": "doorgezet", "partner": world.housing_org.pk, "message": "Doorgezet."},
        format="json",
    )
    assert response.status_code == 200 and response.json()["partner_name"] == world.housing_org.name
    body = partner_api.get(url("detail", signal)).json()
    assert body["reporter"] is None and body["contact_consent"] is True
    assert all(s["reporter"] is None for s in partner_api.get(LIST).json()["results"])


def test_a_partner_takes_up_and_closes_what_was_passed_on(partner_api, signals):
    signal = signals.passed_on
    ResponseTemplate.objects.create(status=Status.AFGEHANDELD, text="Het is opgelost.")
    refused = partner_api.post(url("status", signal), {"status": "geannuleerd", "reason": "x"})
    assert refused.status_code == 403 and problem(refused)["detail"].startswith("Als partner")
    for path, text in (("notes", "Aannemer gebeld"), ("messages", "We komen dinsdag.")):
        response = partner_api.post(url(path, signal), {"text": text}, format="json")
        assert response.status_code == 201 and response.json()["text"] == text
    response = partner_api.post(url("status", signal), {"status": "afgehandeld"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "afgehandeld"
    history = partner_api.get(url("history", signal)).json()
    assert [e["kind"] for e in history][-4:] == ["notitie", "bericht", "status", "bericht"]
    assert history[-1]["text"] == "Het is opgelost."
    assert history[-2]["recorded_by"] and history[-2]["to_status"] == "afgehandeld"
    # Workers' actions are not the partner's.
    for path in ("assign", "split", "merge", "link"):
        assert partner_api.post(url(path, signal), {}, format="json").status_code == 403


def test_a_transition_not_allowed_is_a_400(coordinator_api, signals):
    response = coordinator_api.post(
        url("status", signals.in_area), {"status": "heropend", "reason": "x"}, format="json"
    )
    assert response.status_code == 400 and "status" in field_errors(response)
    response = coordinator_api.post(url("status", signals.in_area), {"status": "doorgezet"})
    assert response.status_code == 400 and "partner" in field_errors(response)
    assert signals.in_area.events.count() == 1


def test_assign_by_username_or_me(coordinator_api, signals, personas):
    signal = signals.in_area
    response = coordinator_api.post(url("assign", signal), {"assignee": "me"}, format="json")
    assert response.json()["assignee"] == "coordinator"
    response = coordinator_api.post(
        url("assign", signal), {"assignee": "wijkwerker"}, format="json"
    )
    assert response.json()["assignee"] == "wijkwerker"
    for wrong in ("niemand-bekend", "partner", "a\x00b"):
        response = coordinator_api.post(url("assign", signal), {"assignee": wrong}, format="json")
        assert response.status_code == 400 and "assignee" in field_errors(response)
    response = coordinator_api.post(url("assign", signal), {"assignee": None}, format="json")
    assert response.json()["assignee"] is None


def test_split_through_the_api(coordinator_api, signals, world):
    response = coordinator_api.post(
        url("split", signals.in_area),
        {
            "parts": [
                {"category": "groen", "partner": world.housing_org.pk, "description": "Boom"},
                {"category": "parkeren", "partner": world.other_welfare_org.pk},
            ]
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    parts = response.json()
    assert [p["status"] for p in parts] == ["doorgezet", "doorgezet"]
    assert {p["parent"] for p in parts} == {signals.in_area.number}
    detail = coordinator_api.get(url("detail", signals.in_area)).json()
    assert detail["status"] == "in_behandeling" and len(detail["parts"]) == 2
    bad = coordinator_api.post(
        url("split", signals.in_area),
        {"parts": [{"category": "bestaat-niet", "partner": 10**12}]},
        format="json",
    )
    assert bad.status_code == 400
    assert {"parts[0].category", "parts[0].partner"} <= set(field_errors(bad))
    empty = coordinator_api.post(url("split", signals.in_area), {"parts": []}, format="json")
    assert empty.status_code == 400
    assert any(name.startswith("parts") for name in field_errors(empty))


def test_duplicates_and_merge(coordinator_api, signals, world):
    here = signals.in_area
    Signal.objects.filter(pk=here.pk).update(address="Kade 3")
    twin = make_signal(world.areas.buurt, address="kade 3")
    found = coordinator_api.get(url("duplicates", here)).json()
    assert [s["number"] for s in found] == [twin.number]
    response = coordinator_api.post(url("merge", twin), {"into": here.number}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["merged_into"] == here.number and body["status"] == "afgehandeld"
    assert coordinator_api.get(url("duplicates", here)).json() == []
    # Only into a signal the caller may see.
    other = make_signal(world.areas.buurt)
    youth = signals.youth_elsewhere  # handled by the housing association
    response = coordinator_api.post(url("merge", other), {"into": youth.number}, format="json")
    assert response.status_code == 400 and "into" in field_errors(response)


def test_a_linked_resident_is_in_the_access_log(coordinator_api, api_client_for, signals, world):
    signal = signals.in_area
    response = coordinator_api.post(
        url("link", signal), {"person": world.in_area.public_id}, format="json"
    )
    assert response.status_code == 200 and response.json()["person"] == world.in_area.public_id
    coordinator_api.get(url("detail", signal))
    logged = AccessLogEntry.objects.filter(object_type="melding", object_id=str(signal.pk))
    assert set(logged.values_list("action", flat=True)) >= {"change", "read"}
    assert set(logged.values_list("person_public_id", flat=True)) == {world.in_area.public_id}
    # A resident the caller may not see cannot be linked (and is not named back).
    response = coordinator_api.post(
        url("link", signal), {"person": world.other_org_person.public_id}, format="json"
    )
    assert response.status_code == 400 and "person" in field_errors(response)
    # The wijkwerker of another organisation never sees the signal at all.
    other = api_client_for(world.users["other_org_worker"], token=True)
    assert other.get(url("detail", signal)).status_code == 404
    response = coordinator_api.post(url("link", signal), {"person": None}, format="json")
    assert response.status_code == 200 and response.json()["person"] is None
    assert signal.events.filter(kind=SignalEvent.Kind.LINKED).count() == 2


def test_unknown_numbers_are_404(coordinator_api, signals):
    for path in (f"{LIST}/S-2026-999999", f"{LIST}/S-2026-000001%00", f"{LIST}/123"):
        response = coordinator_api.get(path)
        assert response.status_code in (400, 404)
        problem(response)
