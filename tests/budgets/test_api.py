"""The budget API: rounds, phases, initiatives with review, execution and effects."""

import pytest
from django.urls import reverse

from tests.budgets.world import budget_world
from tests.problems import field_errors

pytestmark = pytest.mark.django_db


def test_a_coordinator_creates_and_runs_a_round(world, api_client_for):
    client = api_client_for(world.users["coordinator"], token=True)
    response = client.post(
        reverse("api:budget-round-list"),
        {"name": "API-ronde", "area": world.areas.buurt.code, "amount": "500", "rule": "greedy"},
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["phase"] == "ideeen" and data["next_phases"] == ["uitwerken"]
    assert data["organisation"] == world.welfare_org.name and data["ballots"] is None
    url = reverse("api:budget-round-phase", args=[data["id"]])
    assert client.post(url, {"phase": "uitwerken"}, format="json").json()["phase"] == "uitwerken"
    response = client.post(url, {"phase": "stemmen"}, format="json")
    assert response.status_code == 400
    assert "nog geen goedgekeurd initiatief" in field_errors(response)["phase"][0]
    response = client.post(url, {"phase": "onzin"}, format="json")
    assert response.status_code == 400


def test_round_validation(world, api_client_for):
    client = api_client_for(world.users["beheerder"])
    url = reverse("api:budget-round-list")
    base = {"name": "X", "area": world.areas.buurt.code, "amount": "100"}
    for change, field in [
        ({"ballot_type": "cumulative"}, "points"),
        ({"points": 5}, "points"),
        ({"area": "BU\x00"}, "area"),
        ({"area": world.areas.gemeente.code}, "area"),
        ({"amount": "-1"}, "amount"),
        ({"voting_opens": "2026-02-01", "voting_closes": "2026-01-01"}, "voting_closes"),
    ]:
        response = client.post(url, base | change, format="json")
        assert response.status_code == 400, (change, response.json())
        assert field in field_errors(response), (change, response.json())


def test_ballot_settings_are_fixed_once_voting_started(world, api_client_for):
    b = budget_world(world)
    client = api_client_for(world.users["coordinator"])
    url = reverse("api:budget-round-detail", args=[b.round_done.pk])
    response = client.patch(url, {"amount": "999", "rule": "greedy"}, format="json")
    assert response.status_code == 400 and set(field_errors(response)) == {"amount", "rule"}
    response = client.patch(url, {"name": "Nieuwe naam"}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "Nieuwe naam"
    assert response.json()["ballots"] == 6


def test_initiatives_and_review(world, api_client_for):
    b = budget_world(world)
    worker = api_client_for(world.users["wijkwerker"])
    url = reverse("api:budget-initiative-list")
    payload = {
        "round": b.round_open.pk,
        "title": "Picknicktafel",
        "proposer_group": "Bewoners Kade",
        "cost": "750.50",
        "residents_reached": 12,
        "supporters": 9,
        "opponents": 1,
    }
    response = worker.post(url, payload, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "ingediend" and created["funded"] is False
    response = worker.post(url, payload | {"supporters": 12}, format="json")
    assert response.status_code == 400 and "residents_reached" in field_errors(response)
    response = worker.post(url, payload | {"area": world.areas.other_buurt.code}, format="json")
    assert response.status_code == 400 and "area" in field_errors(response)
    response = worker.post(url, payload | {"round": b.round_done.pk}, format="json")
    assert response.status_code == 400  # voting has started there
    other = api_client_for(world.users["other_org_worker"])
    assert other.post(url, payload, format="json").status_code == 403
    # Public lists leave out what is under review.
    partner = api_client_for(world.users["partner"])
    listed = {i["id"] for i in partner.get(url, {"round": b.round_open.pk}).json()["results"]}
    assert listed == set()
    listed = {i["id"] for i in worker.get(url, {"round": b.round_open.pk}).json()["results"]}
    assert listed == {b.pending.pk, created["id"]}
    review = reverse("api:budget-initiative-review", args=[created["id"]])
    assert worker.post(review, {"decision": "goedkeuren"}, format="json").status_code == 403
    coordinator = api_client_for(world.users["coordinator"])
    response = coordinator.post(review, {"decision": "afwijzen"}, format="json")
    assert response.status_code == 400 and "reason" in field_errors(response)
    response = coordinator.post(
        review, {"decision": "samenvoegen", "merged_into": b.pending.pk}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "samengevoegd"
    assert response.json()["merged_into"] == b.pending.pk


def test_execution_and_effects(world, api_client_for):
    b = budget_world(world)
    worker = api_client_for(world.users["wijkwerker"])
    url = reverse("api:budget-execution-update-list")
    update = {"initiative": b.a.pk, "date": "2025-08-01", "status": "klaar", "spent": "59.00"}
    assert worker.post(url, update, format="json").status_code == 201
    response = worker.post(url, update | {"initiative": b.b.pk}, format="json")
    assert response.status_code == 400
    assert "gefinancierde" in field_errors(response)["initiative"][0]
    assert worker.post(url, update | {"spent": "-1"}, format="json").status_code == 400
    other = api_client_for(world.users["other_org_worker"])
    assert other.post(url, update, format="json").status_code == 403
    effects = reverse("api:budget-effect-list")
    effect = {
        "initiative": b.a.pk,
        "order": 3,
        "description": "Samenwerking met school.",
        "date": "2025-10-01",
    }
    assert worker.post(effects, effect, format="json").status_code == 201
    assert worker.post(effects, effect | {"order": 4}, format="json").status_code == 400
    gemeente = api_client_for(world.users["gemeente"])
    listed = gemeente.get(effects, {"initiative": b.a.pk}).json()["results"]
    assert [e["order"] for e in listed] == [1, 3]


def test_api_import_refused_for_workers(world, api_client_for):
    client = api_client_for(world.users["wijkwerker"])
    response = client.post(reverse("api:budget-round-import"), {}, format="multipart")
    assert response.status_code == 403
