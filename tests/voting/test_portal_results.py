"""The portal's start page at /buurt/ and the public results of a closed round."""

import pytest
from django.urls import reverse

from kwartier.budgets.models import BudgetRound
from kwartier.voting.ballots import cast
from tests.voting.world import add_initiatives

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(v):
    """The closed round of the voting world with its initiatives and 7 imported ballots."""
    initiatives = add_initiatives(v.closed, costs=(12000, 15000, 30000))
    for choices in [[0], [0], [0, 1], [1], [1], [2], []]:
        cast(v.closed, {initiatives[i].pk: 1 for i in choices}, "import")
    return initiatives


def test_buurt_is_the_portal_start_page(v, decided, client):
    response = client.get("/buurt/")
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("voting:portal-start", args=[v.round.pk]) in html  # vote in the open round
    assert reverse("voting:portal-results", args=[v.closed.pk]) in html  # the closed one's result
    assert reverse("voting:portal-results", args=[v.round.pk]) not in html
    assert '<main id="inhoud"' in html and "<h1>" in html and 'lang="nl"' in html


def test_results_of_a_closed_round_show_what_won_and_no_person(v, world, decided, client):
    response = client.get(reverse("voting:portal-results", args=[v.closed.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    funded = html.split('id="gekozen-kop"')[1].split("</section>")[0]
    assert decided[0].title in funded and decided[1].title in funded  # 3 and 3 votes, in budget
    assert decided[2].title not in funded
    assert "7 stemmen uitgebracht" in html
    assert "Afgewezen plan" not in html  # only approved initiatives were on the ballot
    for person in (world.in_area, world.in_area_2):
        assert person.family_name not in html
    assert "&lt;5" in html  # turnout per buurt with small counts hidden
    assert 'data-label="Gestemd" class="num">1<' not in html


def test_no_results_before_the_round_is_decided(v, client):
    assert client.get(reverse("voting:portal-results", args=[v.round.pk])).status_code == 404
    v.closed.phase = BudgetRound.Phase.UITWERKEN
    v.closed.save()
    assert client.get(reverse("voting:portal-results", args=[v.closed.pk])).status_code == 404
    assert client.get(reverse("voting:portal-results", args=[999999])).status_code == 404
