"""Every voting page × every visitor, and what the workers' pages do."""

import pytest
from django.urls import reverse

from kwartier.core.access.log import AccessLogEntry
from kwartier.voting import register
from tests.conftest import VISITORS
from tests.voting.world import make_round

pytestmark = pytest.mark.django_db

LOGIN = "login"
WORKERS = {"vrijwilliger": 403, "partner": 403, "gemeente": 403, "anonymous": LOGIN}
OWN_ROUND = {**WORKERS, "other_org_worker": 404}
COORDINATORS = {"wijkwerker": 403, "other_org_worker": 403, **WORKERS}


def expect(default, **overrides):
    return {visitor: overrides.get(visitor, default) for visitor in VISITORS}


def pages(v):
    r = v.round.pk
    voter = v.voter_in_area.pk
    return {
        # the resident portal: for everyone, signed in or not
        ("voting:portal-home", ()): expect(200),
        ("voting:portal-results", (v.closed.pk,)): expect(200),
        ("voting:portal-index", ()): expect(200),
        ("voting:portal-start", (r,)): expect(200),
        ("voting:portal-check", (r,)): expect(200),
        ("voting:portal-ballot", (r,)): expect(302),  # no code entered yet
        ("voting:portal-confirm", (r,)): expect(302),
        ("voting:portal-thanks", (r,)): expect(302),
        # the workers' pages
        ("voting:rounds", ()): expect(200, **WORKERS),
        ("voting:round", (r,)): expect(200, **OWN_ROUND),
        ("voting:register", (r,)): expect(200, **OWN_ROUND),
        ("voting:new-code", (r, voter)): expect(200, **OWN_ROUND),
        ("voting:mark-voted", (r, voter)): expect(200, **OWN_ROUND),
        ("voting:polling", (r,)): expect(200, **OWN_ROUND),
        ("voting:paper", (r,)): expect(200, **OWN_ROUND),
        ("voting:codes", (r,)): expect(200, **COORDINATORS),
        ("voting:differences", (r,)): expect(200, **COORDINATORS),
        ("voting:resolve", (r, v.sheet.pk)): expect(200, **COORDINATORS),
    }


def test_every_page_for_every_visitor(v, world, client_for):
    mismatches = []
    clients = {visitor: client_for(world.users[visitor]) for visitor in VISITORS}
    for (name, args), expected in pages(v).items():
        url = reverse(name, args=args)
        for visitor, status in expected.items():
            response = clients[visitor].get(url)
            if status == LOGIN:
                ok = response.status_code == 302 and "/inloggen/" in response.url
            else:
                ok = response.status_code == status
            if not ok:
                mismatches.append(f"{url} as {visitor}: {response.status_code}, not {status}")
    assert not mismatches, "\n".join(mismatches)


def test_every_voting_url_is_in_the_page_matrix(v):
    from kwartier.voting import urls

    assert {f"voting:{p.name}" for p in urls.urlpatterns} == {name for name, _ in pages(v)}


def test_a_wijkwerker_reaches_only_voters_in_their_area(world, client_for):
    round = make_round(world, area=world.areas.gemeente)
    register.issue_missing(round)
    elsewhere = round.voters.get(person=world.out_of_area)
    url = reverse("voting:new-code", args=[round.pk, elsewhere.pk])
    assert client_for(world.users["wijkwerker"]).get(url).status_code == 404
    assert client_for(world.users["coordinator"]).get(url).status_code == 200
    assert AccessLogEntry.objects.filter(
        object_type="kiezer", result="denied", object_id=str(elsewhere.pk)
    ).exists()


def test_letters_show_each_code_once_with_qr_and_are_logged(v, world, client_for):
    from tests.factories import HouseholdFactory, PersonFactory

    household = HouseholdFactory(organisation=world.welfare_org, buurt=world.areas.buurt_2)
    newcomer = PersonFactory(organisation=world.welfare_org, household=household)
    client = client_for(world.users["coordinator"])
    response = client.post(reverse("voting:codes", args=[v.round.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert html.count('class="letter"') == 1 and newcomer.full_name in html
    assert "<svg" in html and "/buurt/stemmen/" in html
    assert AccessLogEntry.objects.filter(
        object_type="stembrief", action="print", person_public_id=newcomer.public_id
    ).exists()
    again = client.post(reverse("voting:codes", args=[v.round.pk]))
    assert again.status_code == 302  # everyone has a code: nothing to print


def test_a_lost_letter_gets_a_new_code(v, world, client_for):
    client = client_for(world.users["wijkwerker"])
    url = reverse("voting:new-code", args=[v.round.pk, v.voter_in_area.pk])
    html = client.post(url).content.decode()
    assert html.count('class="letter"') == 1
    assert register.voter_for_code(v.round, v.code_in_area) is None


def test_the_register_is_searched_not_listed(v, world, client_for):
    client = client_for(world.users["coordinator"])
    url = reverse("voting:register", args=[v.round.pk])
    assert world.in_area.family_name not in client.get(url).content.decode()
    found = client.get(url, {"q": world.in_area.family_name}).content.decode()
    assert world.in_area.family_name in found and world.in_area_2.family_name not in found
    postcode = world.in_area_2.household.postcode.replace(" ", "").lower()
    by_address = client.get(url, {"postcode": postcode}).content.decode()
    assert world.in_area_2.family_name in by_address
    bad = client.get(url, {"huisnummer": "nul"})
    assert bad.status_code == 200


def test_turnout_on_the_overview_only_after_closing(v, world, client_for):
    client = client_for(world.users["coordinator"])
    closed = client.get(reverse("voting:round", args=[v.closed.pk])).content.decode()
    assert "1 van de 2 kiezers hebben gestemd" in closed
    open_page = client.get(reverse("voting:round", args=[v.round.pk])).content.decode()
    assert "kiezers hebben gestemd" not in open_page


def test_bad_input_on_the_paper_form_is_explained(v, world, client_for):
    client = client_for(world.users["wijkwerker"])
    url = reverse("voting:paper", args=[v.round.pk])
    response = client.post(url, {"number": "abc", "keuze": ["999999"]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Voer een geheel getal in" in html  # next to the number
    assert "999999 is geen beschikbare keuze" in html


def test_the_start_page_tells_coordinators_about_sheets_to_judge(v, world, client_for):
    home = client_for(world.users["coordinator"]).get(reverse("home")).content.decode()
    assert "1 papieren stembiljet te beoordelen" in home
    assert reverse("voting:differences", args=[v.round.pk]) in home
    worker_home = client_for(world.users["wijkwerker"]).get(reverse("home")).content.decode()
    assert "te beoordelen" not in worker_home
