"""Nobody sees who voted: while a round is open, no page, search, API answer or export
changes when a voter votes. The polling station learns that one voter's code is used
only when it marks that voter (logged); after closing, turnout shows aggregates only."""

import re

import pytest
from django.urls import reverse

from kwartier.core.access.log import AccessLogEntry
from kwartier.privacy import subject
from kwartier.voting import register

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def snapshot(v, world, client, api):
    """What a worker sees of the voter in the wijk (and of the round) while voting is open."""
    voter = v.voter_in_area.pk
    round = v.round.pk
    pages = {
        "register": reverse("voting:register", args=[round]) + f"?q={world.in_area.family_name}",
        "register-letter": reverse("voting:register", args=[round]) + "?q=e",
        "overview": reverse("voting:round", args=[round]),
        "new-code": reverse("voting:new-code", args=[round, voter]),
        "mark-voted": reverse("voting:mark-voted", args=[round, voter]),
        "polling": reverse("voting:polling", args=[round]),
        "codes": reverse("voting:codes", args=[round]),
    }
    seen = {name: CSRF.sub("", client.get(url).content.decode()) for name, url in pages.items()}
    search = {"round": round, "search": world.in_area.family_name}
    seen["api-list"] = api.get(reverse("api:voter-list"), search).json()
    seen["api-letter"] = api.get(reverse("api:voter-list"), {"round": round, "search": "e"}).json()
    seen["api-detail"] = api.get(reverse("api:voter-detail", args=[voter])).json()
    export = subject.export_person(world.in_area)["gegevens"]["Stemmen (kiezersregister)"]
    seen["export"] = [row for row in export if row["ronde"] == v.round.name]
    return seen


@pytest.mark.parametrize("how", ["online", "paper"])
def test_nothing_a_worker_sees_changes_when_a_voter_votes(
    v, world, client_for, api_client_for, how
):
    client = client_for(world.users["coordinator"])
    api = api_client_for(world.users["coordinator"])
    before = snapshot(v, world, client, api)
    assert world.in_area.family_name in before["register"]
    if how == "online":
        body = {"round": v.round.pk, "code": v.code_in_area, "choices": {}}
        response = api_client_for(None).post(reverse("api:vote-create"), body, format="json")
        assert response.status_code == 201
    else:
        register.mark_voted(v.voter_in_area)
    after = snapshot(v, world, client, api)
    changed = [name for name in before if before[name] != after[name]]
    assert not changed, {name: (before[name], after[name]) for name in changed}


def test_the_api_has_no_voted_flag(v, world, api_client_for):
    api = api_client_for(world.users["wijkwerker"])
    rows = api.get(reverse("api:voter-list"), {"round": v.round.pk, "search": "e"}).json()
    for row in rows["results"]:
        assert "voted" not in row and "has_code" not in row


def test_a_new_code_for_a_voter_who_voted_looks_the_same_and_does_not_vote(
    v, world, client_for, api_client_for
):
    register.mark_voted(v.voter_in_area)
    page = client_for(world.users["wijkwerker"]).post(
        reverse("voting:new-code", args=[v.round.pk, v.voter_in_area.pk])
    )
    assert page.status_code == 200 and page.content.decode().count('class="letter"') == 1
    api = api_client_for(world.users["wijkwerker"])
    answer = api.post(reverse("api:voter-new-code", args=[v.voter_in_area.pk]))
    assert answer.status_code == 200
    code = answer.json()["code"]
    assert register.voter_for_code(v.round, code) is None  # used, like the old one
    assert register.code_used(v.round, code)
    body = {"round": v.round.pk, "code": code, "choices": {}}
    assert (
        api_client_for(None).post(reverse("api:vote-create"), body, format="json").status_code
        == 400
    )


def test_the_polling_station_learns_a_used_code_only_by_marking_and_that_is_logged(
    v, world, client_for, api_client_for
):
    register.mark_voted(v.voter_in_area)
    client = client_for(world.users["wijkwerker"])
    url = reverse("voting:mark-voted", args=[v.round.pk, v.voter_in_area.pk])
    assert "stemcode van deze kiezer is al gebruikt" not in client.get(url).content.decode()
    logged = AccessLogEntry.objects.filter(object_type="kiezer", object_id=str(v.voter_in_area.pk))
    before = logged.count()
    page = client.post(url, follow=True).content.decode()
    assert "stemcode van deze kiezer is al gebruikt" in page
    assert "Geef geen stembiljet mee" in page
    assert logged.count() == before + 1
    api = api_client_for(world.users["wijkwerker"])
    answer = api.post(reverse("api:voter-mark-voted", args=[v.voter_in_area.pk]))
    assert answer.status_code == 400 and "al gebruikt" in str(answer.json())
    assert logged.count() == before + 2


def test_after_closing_only_aggregates_with_small_counts_hidden(
    v, world, client_for, api_client_for
):
    """The closed round: two buurten with one voter each, one voted. A count per buurt
    would name that voter."""
    page = client_for(world.users["coordinator"]).get(reverse("voting:round", args=[v.closed.pk]))
    html = page.content.decode()
    assert "1 van de 2 kiezers hebben gestemd" in html  # the total: the number of ballots
    assert 'data-label="Gestemd" class="num">1<' not in html
    assert "&lt;5" in html
    rows = api_client_for(world.users["coordinator"]).get(
        reverse("api:turnout", args=[v.closed.pk])
    )
    assert all(row["voters"] in ("0", "<5", "x") for row in rows.json()["rows"])
    found = api_client_for(world.users["coordinator"]).get(
        reverse("api:voter-list"), {"round": v.closed.pk, "search": world.in_area.family_name}
    )
    assert all("voted" not in row for row in found.json()["results"])
