"""Pabulib import and export, in the UI and the API: all-or-nothing, errors with lines."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kwartier.budgets import exchange, pabulib, results
from kwartier.budgets.models import Ballot, BudgetRound, Initiative
from tests.budgets.world import budget_world
from tests.problems import field_errors

pytestmark = pytest.mark.django_db

GOOD = """META
key;value
description;Testdorp 2024
budget;100
vote_type;approval
PROJECTS
project_id;cost;name
1;60;Speeltuin
2;40;Bankjes
3;30;Taalcafé
VOTES
voter_id;vote
v1;1,2
v2;1,2
v3;1,2
v4;1
v5;3
v6;3
"""


def upload(text, name="ronde.pb"):
    data = text if isinstance(text, bytes) else text.encode()
    return SimpleUploadedFile(name, data, content_type="text/plain")


def test_import_makes_a_finished_round_with_its_result(world):
    round = exchange.import_pb(
        GOOD, name="", area=world.areas.buurt, organisation=world.welfare_org, rule="mes"
    )
    assert round.name == "Testdorp 2024" and round.phase == "uitslag"
    assert round.amount == 100 and round.ballot_type == "approval"
    titles = dict(round.initiatives.values_list("pabulib_id", "title"))
    assert titles == {"1": "Speeltuin", "2": "Bankjes", "3": "Taalcafé"}
    assert set(round.initiatives.values_list("status", flat=True)) == {"goedgekeurd"}
    assert round.ballots.count() == 6
    assert set(round.ballots.values_list("channel", flat=True)) == {"import"}
    funded = set(round.initiatives.filter(funded=True).values_list("pabulib_id", flat=True))
    assert funded == {"1", "3"}  # as the hand-checked round of world.py


def test_cumulative_import_keeps_points(world):
    text = GOOD.replace("approval", "cumulative").replace(
        "voter_id;vote\n", "voter_id;vote;points\n"
    )
    lines = text.splitlines()
    votes = lines[lines.index("voter_id;vote;points") + 1 :]
    fixed = [f"{v};{','.join('2' for _ in v.split(';')[1].split(','))}" for v in votes]
    text = "\n".join(lines[: lines.index("voter_id;vote;points") + 1] + fixed) + "\n"
    round = exchange.import_pb(
        text, name="Punten", area=world.areas.buurt, organisation=world.welfare_org, rule="greedy"
    )
    assert round.ballot_type == "cumulative" and round.points == 4
    assert sorted(sum(c.values()) for c in round.ballots.values_list("choices", flat=True)) == [
        2,
        2,
        2,
        4,
        4,
        4,
    ]


@pytest.mark.parametrize(
    "change, line, message",
    [
        (("2;40;Bankjes", "2;veertig;Bankjes"), 9, "geen getal"),
        (("v5;3", "v5;7"), 17, "onbekend project '7'"),
        (("2;40;Bankjes", "2;40.125;Bankjes"), 9, "meer dan twee decimalen"),
        (("PROJECTS", "PROJECTEN"), 6, "1 kolom gevonden"),  # read as a META row
    ],
)
def test_import_errors_name_the_line_and_store_nothing(world, change, line, message):
    before = BudgetRound.objects.count(), Initiative.objects.count(), Ballot.objects.count()
    with pytest.raises(exchange.ImportProblem) as problem:
        exchange.import_pb(
            GOOD.replace(*change),
            name="x",
            area=world.areas.buurt,
            organisation=world.welfare_org,
            rule="mes",
        )
    assert problem.value.line == line
    assert message in problem.value.message
    assert (
        BudgetRound.objects.count(),
        Initiative.objects.count(),
        Ballot.objects.count(),
    ) == before


def test_import_error_with_line_number_in_the_form(world, client_for):
    client = client_for(world.users["coordinator"])
    url = reverse("budget-round-import")
    assert client.get(url).status_code == 200
    bad = GOOD.replace("v4;1", "v4;1,1")
    response = client.post(
        url, {"file": upload(bad), "name": "Fout", "area": world.areas.buurt.pk, "rule": "mes"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Regel 16: project &#x27;1&#x27; twee keer in stem v4. Er is niets geïmporteerd." in html
    assert not BudgetRound.objects.filter(name="Fout").exists()
    response = client.post(
        url,
        {
            "file": upload(b"META\xff\xfe"),
            "area": world.areas.buurt.pk,
            "rule": "mes",
        },
    )
    assert "UTF-8" in response.content.decode()
    response = client.post(
        url, {"file": upload(GOOD), "name": "Goed", "area": world.areas.buurt.pk, "rule": "mes"}
    )
    round = BudgetRound.objects.get(name="Goed")
    assert response.status_code == 302 and response["Location"] == round.get_absolute_url()
    assert round.organisation == world.welfare_org


def test_import_is_for_coordinators_only(world, client_for):
    for role in ("wijkwerker", "gemeente", "partner"):
        assert client_for(world.users[role]).get(reverse("budget-round-import")).status_code == 403


def test_import_through_the_api(world, api_client_for):
    client = api_client_for(world.users["beheerder"])
    url = reverse("api:budget-round-import")
    response = client.post(
        url,
        {"file": upload(GOOD.replace("v6;3", "v6;")), "area": world.areas.buurt.code},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["phase"] == "uitslag" and response.json()["ballots"] == 6
    response = client.post(
        url,
        {"file": upload("META\nkey;value\n"), "area": world.areas.buurt.code},
        format="multipart",
    )
    assert response.status_code == 400
    # The line is named at the start of the message (`regel 1: …`), no longer in its own key.
    message = field_errors(response)["file"][0]
    assert message.startswith("regel 1: ") and "budget" in message


def test_export_roundtrip_gives_the_same_result(world, client_for):
    b = budget_world(world)
    response = client_for(world.users["partner"]).get(
        reverse("budget-export", args=[b.round_done.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode()
    election = pabulib.parse(text)
    assert len(election.votes) == 6 and election.meta["rule"] == "mes"
    assert set(election.projects) == {str(b.a.pk), str(b.b.pk), str(b.c.pk)}  # not the rejected
    assert {p.extra["selected"] for p in election.projects.values()} == {"0", "1"}
    assert not any(
        receipt in text for receipt in b.round_done.ballots.values_list("receipt", flat=True)
    )
    again = exchange.import_pb(
        text, name="Opnieuw", area=world.areas.wijk, organisation=world.welfare_org, rule="mes"
    )
    titles = lambda r: sorted(r.initiatives.filter(funded=True).values_list("title", flat=True))  # noqa: E731
    assert titles(again) == titles(b.round_done) == ["Speeltuin", "Taalcafé"]
    assert results.compute(again).total_cost == 90


def test_a_nul_byte_is_refused_with_its_line(world):
    with pytest.raises(exchange.ImportProblem) as problem:
        exchange.import_pb(
            GOOD.replace("Bankjes", "Bank\x00jes"),
            name="x",
            area=world.areas.buurt,
            organisation=world.welfare_org,
            rule="mes",
        )
    assert problem.value.line == 9 and "NUL" in problem.value.message
