"""The API: methods, trajectories with their actions, funnels; bad input is a 400."""

import datetime

import pytest

from kwartier.methods.models import Trajectory
from tests.methods.conftest import method
from tests.problems import field_errors, problem

pytestmark = pytest.mark.django_db


def test_methods_list_the_current_versions_with_their_phases(tw, api_client_for):
    data = api_client_for(tw.world.users["gemeente"]).get("/api/v1/methods").json()
    codes = {m["code"] for m in data["results"]}
    assert codes >= {
        "bsa",
        "welzijn-op-recept",
        "buurtbemiddeling",
        "maatjes",
        "huisbezoek-ouderen",
    }
    bsa = next(m for m in data["results"] if m["code"] == "bsa")
    assert [p["code"] for p in bsa["phases"]] == ["assessment", "contact", "activering", "actief"]
    assert bsa["phases"][0]["instruments"] == ["participatieladder", "lsns6"]


def test_create_a_trajectory_and_walk_it_through_the_actions(tw, api_client_for):
    world = tw.world
    client = api_client_for(world.users["wijkwerker"], token=True)
    response = client.post(
        "/api/v1/trajectories",
        {
            "person": world.in_area_2.public_id,
            "method": method("buurtbemiddeling").pk,
            "worker": world.users["wijkwerker"].pk,
            "started_on": "2025-05-01",
            "source": "corporatie",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["current_phase"] == "aanmelding"
    base = f"/api/v1/trajectories/{pk}"
    assert client.post(f"{base}/checklist", {"checked": [0, 1]}, format="json").status_code == 200
    step = client.post(f"{base}/advance", {"on": "2025-05-08"}, format="json").json()
    assert step["current_phase"] == "intake"
    back = client.post(
        f"{base}/back",
        {"phase": "aanmelding", "reason": "Partij B onbereikbaar", "on": "2025-05-09"},
        format="json",
    ).json()
    assert back["current_phase"] == "aanmelding"
    assert back["visits"][-1]["backwards"] is True
    planned = client.post(
        f"{base}/next-action",
        {"next_action": "Bellen", "next_action_due": "2025-05-20"},
        format="json",
    ).json()
    assert (planned["next_action"], planned["overdue"]) == ("Bellen", True)
    noted = client.post(
        f"{base}/notes", {"text": "Intervisie: neutrale plek zoeken"}, format="json"
    ).json()
    assert noted["notes"][0]["text"] == "Intervisie: neutrale plek zoeken"
    ended = client.post(
        f"{base}/end",
        {"ended_on": "2025-06-01", "end_reason": "verhuisd", "outcome": "niet-opgelost"},
        format="json",
    ).json()
    assert (ended["ended_on"], ended["outcome"]) == ("2025-06-01", "niet-opgelost")
    listed = client.get(
        "/api/v1/trajectories", {"status": "beeindigd", "method": "buurtbemiddeling"}
    ).json()
    assert [t["id"] for t in listed["results"]] == [pk]


@pytest.mark.parametrize(
    ("path", "data", "field"),
    [
        ("advance", {"on": "morgen"}, "on"),
        ("advance", {"on": "2025-01-01"}, "detail"),  # before the phase began
        ("back", {"phase": "bestaat-niet", "reason": "x"}, "detail"),
        ("back", {"phase": "assessment", "reason": ""}, "reason"),
        (
            "end",
            {"ended_on": "2025-06-01", "end_reason": "onzin", "outcome": "actief"},
            "detail",
        ),
        ("checklist", {"checked": [0, 99]}, "detail"),
        ("checklist", {"checked": "alles"}, "checked"),
        ("notes", {"text": "a\x00b"}, "text"),
        ("next-action", {"next_action": "x" * 201}, "next_action"),
    ],
)
def test_bad_input_is_a_400_that_says_what_is_wrong(tw, api_client_for, path, data, field):
    client = api_client_for(tw.world.users["wijkwerker"])
    response = client.post(f"/api/v1/trajectories/{tw.running.pk}/{path}", data, format="json")
    assert response.status_code == 400
    if field == "detail":  # a rule about the request as a whole, not about one field
        assert field_errors(response) == {} and problem(response)["detail"]
    else:
        assert field in field_errors(response)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"person": "K-ONBEKEND", "method": 1, "worker": 1},
        {"person": "x\x00", "method": 2**70, "worker": -1},
    ],
)
def test_bad_create_input_is_a_400(tw, api_client_for, data):
    response = api_client_for(tw.world.users["coordinator"]).post(
        "/api/v1/trajectories", data, format="json"
    )
    assert response.status_code == 400


def test_the_volunteer_gets_the_short_view_of_their_own_trajectory(tw, api_client_for):
    client = api_client_for(tw.world.users["vrijwilliger"])
    listed = client.get("/api/v1/trajectories").json()["results"]
    assert [t["id"] for t in listed] == [tw.visit.pk]
    detail = client.get(f"/api/v1/trajectories/{tw.visit.pk}").json()
    assert detail["given_name"] == tw.world.in_area_2.given_name
    assert "person" not in detail and "notes" not in detail
    assert detail["checklist"][0] == {
        "index": 0,
        "item": "Woning: veilig, valgevaar, trap",
        "done": False,
    }


def test_filters_of_the_list(tw, api_client_for):
    client = api_client_for(tw.world.users["coordinator"])

    def ids(**query):
        return {t["id"] for t in client.get("/api/v1/trajectories", query).json()["results"]}

    assert ids() == {tw.running.pk, tw.elsewhere.pk, tw.visit.pk}
    assert ids(phase="contact") == {tw.running.pk}
    assert ids(worker=tw.world.users["wijkwerker"].pk) == {tw.running.pk}
    assert ids(worker="9" * 30) == set()
    assert ids(overdue="1") >= {tw.running.pk}
    assert ids(status="alle") == {tw.running.pk, tw.elsewhere.pk, tw.visit.pk, tw.ended.pk}


def test_funnel_json(tw, api_client_for):
    client = api_client_for(tw.world.users["coordinator"])
    data = client.get(
        "/api/v1/funnels", {"method": "bsa", "start": "2025-01-01", "end": "2025-12-31"}
    ).json()
    steps = {s["code"]: s["count"] for s in data["steps"]}
    assert steps["gestart"] == "2" and steps["fase-contact"] == "1"
    assert data["suppressed"] is False
    gemeente = (
        api_client_for(tw.world.users["gemeente"])
        .get("/api/v1/funnels", {"method": "bsa", "start": "2025-01-01"})
        .json()
    )
    assert gemeente["suppressed"] is True
    assert {s["count"] for s in gemeente["steps"]} <= {"<5", "0"}
    assert client.get("/api/v1/funnels", {"method": "onbekend"}).status_code == 404
    assert client.get("/api/v1/funnels", {"method": "bsa", "area": "XX"}).status_code == 400
    assert client.get("/api/v1/funnels", {"method": "bsa", "referrer": 2**70}).status_code == 400
    with_area = client.get(
        "/api/v1/funnels",
        {"method": "bsa", "start": "2025-01-01", "area": tw.world.areas.buurt.code},
    ).json()
    assert {s["code"]: s["count"] for s in with_area["steps"]}["gestart"] == "1"


def test_huge_ids_in_the_url_are_a_404(tw, api_client_for):
    client = api_client_for(tw.world.users["coordinator"])
    assert client.get(f"/api/v1/trajectories/{2**70}").status_code == 404
    assert client.get(f"/api/v1/methods/{2**70}").status_code == 404


def test_a_trajectory_started_through_the_api_is_in_the_database_once(tw, api_client_for):
    before = Trajectory.objects.count()
    client = api_client_for(tw.world.users["coordinator"])
    response = client.post(
        "/api/v1/trajectories",
        {
            "person": tw.world.no_address.public_id,
            "method": method("maatjes").pk,
            "worker": tw.world.users["coordinator"].pk,
        },
        format="json",
    )
    assert response.status_code == 201
    assert Trajectory.objects.count() == before + 1
    assert response.json()["started_on"] == datetime.date.today().isoformat()
