"""The support API: the flow end to end, and 400s that name the field."""

import pytest
from django.urls import reverse

from kwartier.support.models import Helper, HelpRequest, Match, MatchRun, Proposal
from tests.problems import field_errors
from tests.support.world import give_match_consent

pytestmark = pytest.mark.django_db

S = HelpRequest.Status


def url(name, **kwargs):
    return reverse(f"api:{name}", kwargs=kwargs)


VALID_REQUEST = {
    "category": "boodschappen",
    "description": "Wekelijks boodschappen bij de supermarkt.",
    "slots": ["ma-ochtend", "do-middag"],
    "languages": ["tr", "nl"],
}


def test_the_whole_flow_through_the_api(sw, world, coordinator_api):
    api = coordinator_api
    created = api.post(
        url("helprequest-list"), {**VALID_REQUEST, "person": world.in_area.public_id}, format="json"
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "nieuw" and body["buurt"] == "BU99990101"
    assert body["waiting_days"] == 0 and body["organisation"] == world.welfare_org.pk
    pk = body["id"]
    step = api.post(url("helprequest-transition", pk=pk), {"status": "zoeken"}, format="json")
    assert step.status_code == 200 and step.json()["status"] == "zoeken"

    run = api.post(url("matchrun-list"), {"area": "BU99990101"}, format="json")
    assert run.status_code == 201
    (proposal,) = [p for p in run.json()["proposals"] if p["request"] == pk]
    assert proposal["helper"] == sw.helper_other.pk and proposal["internal"] is True
    assert proposal["person"] == world.in_area.public_id and proposal["reasons"]
    assert run.json()["proposal_count"] == 1

    refused = api.post(url("proposal-accept", pk=proposal["id"]), {}, format="json")
    assert refused.status_code == 400
    assert set(field_errors(refused)) == {"consent_confirmed", "consent_obtained"}
    accepted = api.post(
        url("proposal-accept", pk=proposal["id"]),
        {"consent_confirmed": True, "consent_obtained": "schriftelijk", "share_contact": True},
        format="json",
    )
    assert accepted.status_code == 201
    match = accepted.json()
    assert match["status"] == "actief" and match["consent_basis"] == "bevestigd"
    assert api.get(url("helprequest-detail", pk=pk)).json()["status"] == "gekoppeld"

    follow = api.post(url("match-followup", pk=match["id"]), {"result": "ja"}, format="json")
    assert follow.status_code == 200 and follow.json()["followup_result"] == "ja"
    ended = api.post(
        url("match-end", pk=match["id"]),
        {"outcome": "afgerond", "reason": "hulp niet meer nodig"},
        format="json",
    )
    assert ended.status_code == 200 and ended.json()["status"] == "beeindigd"
    assert api.get(url("helprequest-detail", pk=pk)).json()["status"] == "afgerond"
    again = api.post(url("match-end", pk=match["id"]), {"outcome": "afgerond", "reason": "x"})
    assert again.status_code == 400 and "al beëindigd" in field_errors(again)["status"][0]


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({}, "person", "vereist"),
        ({"person": "K-BESTAATNT"}, "person", "bestaat niet"),
        ({"category": "toveren"}, "category", "bestaat niet"),
        ({"slots": []}, "slots", "mag niet leeg"),
        ({"slots": ["maandag"]}, "slots", "geldige keuze"),
        ({"languages": ["klingon"]}, "languages", "geldige keuze"),
        ({"lat": 52.1}, "lon", "allebei"),
        ({"lat": 200, "lon": 5}, "lat", "gelijk is aan 90"),
        ({"helper_gender": "ander"}, "helper_gender", "geldige keuze"),
        ({"urgency": 7}, "urgency", "geldige keuze"),
    ],
)
def test_help_request_400s_name_the_field(sw, world, coordinator_api, payload, field, message):
    data = {**VALID_REQUEST, "person": world.in_area.public_id, **payload}
    if payload == {}:
        data.pop("person")
    response = coordinator_api.post(url("helprequest-list"), data, format="json")
    assert response.status_code == 400
    errors = field_errors(response)
    # A list field's messages are per position (`slots[0]`): read them as the field's.
    of_field = {name: reasons for name, reasons in errors.items() if name.split("[")[0] == field}
    assert of_field, errors
    assert message in str(of_field), errors


def test_a_resident_out_of_scope_cannot_get_a_request(sw, world, api_client_for):
    api = api_client_for(world.users["wijkwerker"])
    data = {**VALID_REQUEST, "person": world.out_of_area.public_id}
    response = api.post(url("helprequest-list"), data, format="json")
    assert response.status_code == 400 and "person" in field_errors(response)


def test_the_resident_of_a_request_does_not_change(sw, world, coordinator_api):
    response = coordinator_api.patch(
        url("helprequest-detail", pk=sw.request_proposed.pk),
        {"person": world.in_area_2.public_id},
        format="json",
    )
    assert response.status_code == 400 and "person" in field_errors(response)


def test_transition_400s(sw, coordinator_api):
    pk = sw.request_proposed.pk
    unknown = coordinator_api.post(url("helprequest-transition", pk=pk), {"status": "weg"})
    assert unknown.status_code == 400 and "status" in field_errors(unknown)
    not_by_hand = coordinator_api.post(
        url("helprequest-transition", pk=pk), {"status": "gekoppeld"}
    )
    assert not_by_hand.status_code == 400
    assert "volgt uit het koppelen" in field_errors(not_by_hand)["status"][0]
    no_reason = coordinator_api.post(url("helprequest-transition", pk=pk), {"status": "gestopt"})
    assert no_reason.status_code == 400 and field_errors(no_reason) == {
        "reason": ["Geef een reden op."]
    }


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "Ali", "kind": "vrijwilliger", "slots": ["ma-ochtend"]}, "area"),
        ({"name": "Ali", "kind": "vrijwilliger", "slots": [], "area": "BU99990101"}, "slots"),
        ({"name": "Ali", "kind": "club", "slots": ["ma-ochtend"], "area": "BU99990101"}, None),
        (
            {"name": "Ali", "kind": "vrijwilliger", "slots": ["ma-ochtend"], "lat": 52.1},
            "lon",
        ),
        (
            {
                "name": "Ali",
                "kind": "vrijwilliger",
                "slots": ["ma-ochtend"],
                "area": "BU99990101",
                "vog_status": "afgegeven",
            },
            "vog_date",
        ),
        (
            {
                "name": "Ali",
                "kind": "vrijwilliger",
                "slots": ["ma-ochtend"],
                "area": "BU99990101",
                "user": "vrijwilliger",
            },
            "user",
        ),
        (
            {"name": "Ali", "kind": "vrijwilliger", "slots": ["ma-ochtend"], "area": "ONBEKEND"},
            "area",
        ),
    ],
)
def test_helper_400s_name_the_field(sw, coordinator_api, payload, field):
    body = {"categories": ["boodschappen"], **payload}
    response = coordinator_api.post(url("helper-list"), body, format="json")
    assert response.status_code == 400, response.json()
    expected = field or "external_organisation"
    assert expected in field_errors(response), response.json()


def test_a_helper_is_registered_by_the_callers_organisation(sw, world, coordinator_api):
    body = {
        "name": "Ali",
        "kind": "buur",
        "categories": ["klussen", "tuin"],
        "slots": ["za-ochtend"],
        "area": "BU99990102",
        "capacity": 3,
        "languages": ["ar", "nl"],
    }
    response = coordinator_api.post(url("helper-list"), body, format="json")
    assert response.status_code == 201, response.json()
    helper = Helper.objects.get(name="Ali")
    assert helper.organisation == world.welfare_org and helper.capacity == 3
    assert response.json()["load"] == 0 and response.json()["warning"] == ""


def test_decision_400s(sw, coordinator_api):
    reject = coordinator_api.post(url("proposal-reject", pk=sw.proposal_open.pk), {"reason": ""})
    assert reject.status_code == 400 and "reason" in field_errors(reject)
    accept = coordinator_api.post(
        url("proposal-accept", pk=sw.proposal_open.pk),
        {"consent_confirmed": "misschien", "consent_obtained": "per duif"},
        format="json",
    )
    assert accept.status_code == 400
    assert set(field_errors(accept)) == {"consent_confirmed", "consent_obtained"}
    followup = coordinator_api.post(url("match-followup", pk=sw.match.pk), {"result": "?"})
    assert followup.status_code == 400 and "result" in field_errors(followup)
    end = coordinator_api.post(url("match-end", pk=sw.match.pk), {"outcome": "afgerond"})
    assert end.status_code == 400 and field_errors(end) == {"reason": ["Dit veld is vereist."]}
    run = coordinator_api.post(url("matchrun-list"), {"area": "BU00000000"})
    assert run.status_code == 400 and "area" in field_errors(run)
    assert MatchRun.objects.count() == 1


def test_rejecting_through_the_api_feeds_the_next_run(sw, world, coordinator_api):
    response = coordinator_api.post(
        url("proposal-reject", pk=sw.proposal_open.pk), {"reason": "kent elkaar"}
    )
    assert response.status_code == 200 and response.json()["status"] == "afgewezen"
    run = coordinator_api.post(url("matchrun-list"), {"area": "BU99990101"}).json()
    assert run["proposals"] == []
    (unmatched,) = run["unmatched"]
    assert unmatched["request"] == sw.request_proposed.pk and unmatched["code"] == "uitgesloten"


def test_capacity_400s(sw, world, coordinator_api):
    response = coordinator_api.post(
        url("capacity-list"),
        {"area": "GM9999", "period_start": "2026-12-31", "period_end": "2026-01-01", "fte": -1},
        format="json",
    )
    assert response.status_code == 400
    assert set(field_errors(response)) == {"fte"}  # field rules first, then the model's
    response = coordinator_api.post(
        url("capacity-list"),
        {"area": "GM9999", "period_start": "2026-12-31", "period_end": "2026-01-01", "fte": 1},
        format="json",
    )
    assert response.status_code == 400 and "period_end" in field_errors(response)


def test_a_partner_reads_only_requests_its_consent_covers(sw, world, api_client_for):
    partner = world.users["partner"]
    api = api_client_for(partner)
    assert api.get(url("helprequest-list")).json()["count"] == 0
    give_match_consent(world.in_area, world.housing_org, world.users["coordinator"])
    listed = api.get(url("helprequest-list")).json()
    assert [r["id"] for r in listed["results"]] == [sw.request_proposed.pk]
    assert api.get(url("helprequest-detail", pk=sw.request_proposed.pk)).status_code == 200
    assert api.patch(url("helprequest-detail", pk=sw.request_proposed.pk), {}).status_code == 403
    assert api.get(url("match-list")).status_code == 403


def test_filters(sw, world, coordinator_api):
    listed = coordinator_api.get(url("helprequest-list"), {"status": "zoeken"}).json()
    assert [r["id"] for r in listed["results"]] == [sw.request_elsewhere.pk]
    in_wijk = coordinator_api.get(url("helprequest-list"), {"gebied": "WK999901"}).json()
    assert {r["id"] for r in in_wijk["results"]} == {
        sw.request_proposed.pk,
        sw.request_matched.pk,
    }
    person = coordinator_api.get(url("helprequest-list"), {"person": world.in_area.public_id})
    assert [r["id"] for r in person.json()["results"]] == [sw.request_proposed.pk]
    open_proposals = coordinator_api.get(url("proposal-list"), {"status": "open"}).json()
    assert [p["id"] for p in open_proposals["results"]] == [sw.proposal_open.pk]
    assert coordinator_api.get(url("match-list"), {"status": "actief"}).json()["count"] == 1
    categories = coordinator_api.get(url("supportcategory-list")).json()
    assert categories["count"] == 10
    assert Proposal.objects.count() == 2 and Match.objects.count() == 1
