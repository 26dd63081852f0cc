"""A round where voters spread points: number fields, the points limit, and paper entry."""

import pytest
from django.urls import reverse

from kwartier.budgets.models import Ballot
from kwartier.voting import paper, register
from tests.voting.world import add_initiatives, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def points_round(world):
    round = make_round(
        world,
        name="Punten verdelen",
        ballot_type="cumulative",
        points=10,
        max_projects=None,
        cost_cap=None,
    )
    initiatives = add_initiatives(round)
    letters = register.issue_missing(round)
    return round, initiatives, letters[0].code


def test_a_resident_spreads_points(points_round, client):
    round, initiatives, code = points_round
    client.post(reverse("voting:portal-start", args=[round.pk]), {"code": code})
    ballot_url = reverse("voting:portal-ballot", args=[round.pk])
    html = client.get(ballot_url).content.decode()
    for initiative in initiatives:
        assert f'<label for="id_punten_{initiative.pk}">' in html
        assert f'id="id_punten_{initiative.pk}" name="punten_{initiative.pk}"' in html
    too_many = {f"punten_{initiatives[0].pk}": 7, f"punten_{initiatives[1].pk}": 4}
    refused = client.post(ballot_url, too_many)
    assert refused.status_code == 400 and "11 punten" in refused.content.decode()
    negative = client.post(ballot_url, {f"punten_{initiatives[0].pk}": -1})
    assert negative.status_code == 400
    data = {f"punten_{initiatives[0].pk}": 7, f"punten_{initiatives[2].pk}": 3}
    confirm = client.post(ballot_url, data)
    assert confirm.status_code == 200 and "7 punten" in confirm.content.decode()
    client.post(reverse("voting:portal-confirm", args=[round.pk]), data)
    ballot = Ballot.objects.filter(round=round).get()
    assert ballot.choices == {str(initiatives[0].pk): 7, str(initiatives[2].pk): 3}


def test_paper_entries_with_points_compare_the_numbers(points_round, world):
    round, initiatives, _ = points_round
    paper.enter(round, 1, {initiatives[0].pk: 5, initiatives[1].pk: 5}, world.users["wijkwerker"])
    sheet = paper.enter(
        round, 1, {initiatives[0].pk: 5, initiatives[1].pk: 4}, world.users["coordinator"]
    )
    assert sheet.status == "verschil"
