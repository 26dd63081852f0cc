"""What the workers' voting pages do.

Every voting page × every visitor is in the page matrix (tests/voting/permissions.py)."""

import pytest
from django.urls import reverse

from kwartier.core.access.log import AccessLogEntry
from kwartier.voting import register
from tests.voting.permissions import PAGES
from tests.voting.world import make_round

pytestmark = pytest.mark.django_db


def test_every_voting_url_is_in_the_page_matrix():
    from kwartier.voting import urls

    assert {f"voting:{p.name}" for p in urls.urlpatterns} == set(PAGES)


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
