"""The voting API: vote with a code, check a receipt, codes, register, paper, turnout."""

import re

import pytest
from django.urls import reverse

from kwartier.budgets.models import Ballot
from kwartier.core.access.log import AccessLogEntry
from kwartier.voting import register, throttle
from kwartier.voting.models import PaperBallot, Voter
from tests.problems import field_errors

pytestmark = pytest.mark.django_db
VOTES = reverse("api:vote-create")


def top_fields(response) -> set[str]:
    """The fields with an error, a nested one (`choices.1`) under its field (`choices`)."""
    return {re.split(r"[.\[]", name)[0] for name in field_errors(response)}


def test_vote_with_a_code(v, api_client_for):
    client = api_client_for(None)
    body = {"round": v.round.pk, "code": v.code_in_area, "choices": {v.initiatives[0].pk: 1}}
    response = client.post(VOTES, body, format="json")
    assert response.status_code == 201, response.json()
    receipt = response.json()["receipt"]
    assert Ballot.objects.get(receipt=receipt).channel == "online"
    assert set(response.json()) == {"receipt"}
    again = client.post(VOTES, body, format="json")
    assert again.status_code == 400 and "code" in field_errors(again)


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "round"),
        ({"round": "x", "code": "a", "choices": {}}, "round"),
        ({"round": 1, "code": "a", "choices": []}, "choices"),
        ({"round": 1, "code": "a", "choices": {"1": -1}}, "choices"),
        ({"round": 1, "code": "a", "choices": {"een": 1}}, "choices"),
        ({"round": 1, "code": "a", "choices": {"9" * 40: 1}}, "choices"),
        ({"round": "9" * 40, "code": "a", "choices": {}}, "round"),
    ],
)
def test_bad_votes_answer_400_with_what_is_wrong(v, api_client_for, body, field):
    response = api_client_for(None).post(VOTES, body, format="json")
    assert response.status_code == 400
    assert field in top_fields(response)


def test_vote_that_breaks_the_rules_keeps_the_code(v, api_client_for):
    body = {
        "round": v.round.pk,
        "code": v.code_in_area,
        "choices": {v.initiatives[1].pk: 1, v.initiatives[2].pk: 1},
    }
    response = api_client_for(None).post(VOTES, body, format="json")
    assert response.status_code == 400 and "choices" in field_errors(response)
    assert register.voter_for_code(v.round, v.code_in_area) is not None


def test_wrong_codes_are_limited(v, api_client_for):
    client = api_client_for(None)
    body = {"round": v.round.pk, "code": "2345-6789-ABCD", "choices": {}}
    for _ in range(throttle.LIMIT):
        assert client.post(VOTES, body, format="json").status_code == 400
    body["code"] = v.code_in_area
    assert client.post(VOTES, body, format="json").status_code == 429


def test_closed_round_refuses_votes(v, api_client_for):
    body = {"round": v.closed.pk, "code": v.code_in_area, "choices": {}}
    response = api_client_for(None).post(VOTES, body, format="json")
    assert response.status_code == 400 and "gesloten" in field_errors(response)["round"][0]


def test_receipt_check_reveals_nothing_but_counted(v, api_client_for):
    client = api_client_for(None)
    url = reverse("api:receipt-check", args=[v.ballot.receipt.lower()])
    assert client.get(url).json() == {"receipt": v.ballot.receipt, "counted": True}
    assert client.get(reverse("api:receipt-check", args=["BB-AAAA-AAAA"])).status_code == 404


def test_vote_codes_come_once_with_name_and_address_and_are_logged(v, world, api_client_for):
    from tests.factories import HouseholdFactory, PersonFactory

    household = HouseholdFactory(organisation=world.welfare_org, buurt=world.areas.buurt)
    newcomer = PersonFactory(organisation=world.welfare_org, household=household)
    client = api_client_for(world.users["coordinator"])
    response = client.post(reverse("api:vote-codes"), {"round": v.round.pk}, format="json")
    assert response.status_code == 201
    letters = response.json()["letters"]
    assert [letter["name"] for letter in letters] == [newcomer.full_name]
    assert register.voter_for_code(v.round, letters[0]["code"]).person == newcomer
    assert AccessLogEntry.objects.filter(
        object_type="stembrief", person_public_id=newcomer.public_id, action="export"
    ).exists()
    again = client.post(reverse("api:vote-codes"), {"round": v.round.pk}, format="json")
    assert again.json()["count"] == 0


def test_vote_codes_for_another_organisations_round_are_refused(v, world, api_client_for):
    from tests.factories import UserFactory

    stranger = UserFactory(role="coordinator", organisation=world.other_welfare_org)
    response = api_client_for(stranger).post(
        reverse("api:vote-codes"), {"round": v.round.pk}, format="json"
    )
    assert response.status_code == 400 and "round" in field_errors(response)


def test_register_search_is_scoped_and_logged(v, world, api_client_for):
    url = reverse("api:voter-list")
    wijkwerker = api_client_for(world.users["wijkwerker"])
    query = {"search": world.in_area.family_name, "round": v.round.pk}
    found = wijkwerker.get(url, query).json()["results"]
    assert [row["person"] for row in found] == [world.in_area.public_id]
    stranger = api_client_for(world.users["other_org_worker"])
    assert stranger.get(url, query).json()["results"] == []
    assert AccessLogEntry.objects.filter(object_type="kiezer", action="search").exists()


def test_mark_voted_and_new_code(v, world, api_client_for):
    client = api_client_for(world.users["wijkwerker"])
    new = client.post(reverse("api:voter-new-code", args=[v.voter_in_area.pk])).json()
    assert register.voter_for_code(v.round, v.code_in_area) is None
    assert register.voter_for_code(v.round, new["code"]).pk == v.voter_in_area.pk
    marked = client.post(reverse("api:voter-mark-voted", args=[v.voter_in_area.pk]))
    assert marked.status_code == 200 and "voted" not in marked.json()
    assert Voter.objects.get(pk=v.voter_in_area.pk).voted
    assert (
        client.post(reverse("api:voter-mark-voted", args=[v.voter_in_area.pk])).status_code == 400
    )
    # A new code after voting, used up as well: the answer does not tell who voted.
    again = client.post(reverse("api:voter-new-code", args=[v.voter_in_area.pk]))
    assert again.status_code == 200
    assert register.voter_for_code(v.round, again.json()["code"]) is None


def test_paper_entries_by_two_workers(v, world, api_client_for):
    url = reverse("api:paper-entry-list")
    body = {"round": v.round.pk, "number": 55, "choices": {v.initiatives[2].pk: 1}}
    first = api_client_for(world.users["wijkwerker"])
    assert first.post(url, body, format="json").json()["status"] == "wacht"
    assert first.post(url, body, format="json").status_code == 400  # same worker
    second = api_client_for(world.users["beheerder"]).post(url, body, format="json")
    assert second.status_code == 201 and second.json()["status"] == "geteld"
    mine = first.get(url).json()["results"]
    assert sorted(row["number"] for row in mine) == [7, 55]  # 7: in the voting world


def test_differences_and_resolving_by_api(v, world, api_client_for):
    client = api_client_for(world.users["coordinator"])
    listed = client.get(reverse("api:paper-ballot-list")).json()["results"]
    assert [row["number"] for row in listed] == [7]
    assert len(listed[0]["entries"]) == 2
    url = reverse("api:paper-ballot-resolve", args=[v.sheet.pk])
    missing = client.post(url, {"decision": "choices", "note": "x"}, format="json")
    assert missing.status_code == 400 and "choices" in field_errors(missing)
    done = client.post(
        url, {"decision": "first", "note": "Kruisje bij de speeltuin"}, format="json"
    )
    assert done.status_code == 200 and done.json()["status"] == "geteld"
    assert PaperBallot.objects.get(pk=v.sheet.pk).ballot is not None


def test_all_paper_sheets_only_after_closing(v, world, api_client_for):
    client = api_client_for(world.users["coordinator"])
    response = client.get(reverse("api:paper-ballot-list"), {"status": "all"})
    assert response.json()["results"] == []  # the open round's sheets stay hidden


def test_turnout_after_closing_with_small_cells_hidden(v, world, api_client_for):
    url = reverse("api:turnout", args=[v.closed.pk])
    for reader in ("coordinator", "gemeente"):
        for row in api_client_for(world.users[reader]).get(url).json()["rows"]:
            assert row["voters"] in ("0", "<5") and row["eligible"] == "<5"
            assert row["percentage"] is None
    open_round = api_client_for(world.users["coordinator"]).get(
        reverse("api:turnout", args=[v.round.pk])
    )
    assert open_round.status_code == 409
    assert Voter.objects.filter(round=v.closed, voted=True).count() == 1
