"""Results of a round: the hand-checked round of tests/budgets/world.py, the other rules
side by side, and the rule that nothing is counted in public while voting is open."""

import pytest
from django.urls import reverse

from kwartier.budgets import allocation, results
from kwartier.budgets.models import Ballot, BudgetRound
from tests.budgets.world import budget_world, make_initiative, make_round

pytestmark = pytest.mark.django_db


def test_hand_checked_round(world):
    b = budget_world(world)
    outcome = results.compute(b.round_done)
    assert outcome.ballots == 6
    assert outcome.official.rule == "mes"
    assert [int(pid) for pid in outcome.official.selected] == [b.a.pk, b.c.pk]
    assert outcome.total_cost == 90 and outcome.left_over == 10
    greedy = outcome.allocations["greedy"]
    assert sorted(int(pid) for pid in greedy.selected) == sorted([b.a.pk, b.b.pk])
    rows = {row.initiative.pk: row for row in outcome.rows}
    assert b.d.pk not in rows  # rejected: not on the ballot
    assert (rows[b.a.pk].supporters, rows[b.b.pk].supporters, rows[b.c.pk].supporters) == (4, 3, 2)
    assert rows[b.a.pk].position == 1 and rows[b.c.pk].position == 2
    assert rows[b.b.pk].position is None
    assert rows[b.a.pk].explanation.startswith("gefinancierd in ronde 1 tegen 15 per steunbetuiger")
    assert rows[b.b.pk].explanation == (
        "niet gefinancierd: de 3 steunbetuigers hadden samen nog 5 over tegen kosten 40; "
        "er ontbrak 35 (ongeveer 3 extra steunbetuigers met elk 16,67)"
    )
    assert rows[b.b.pk].funded["greedy"] and not rows[b.b.pk].funded["mes"]
    # Frozen on the initiatives when the round went to "uitslag".
    b.a.refresh_from_db(), b.b.refresh_from_db(), b.c.refresh_from_db()
    assert (b.a.funded, b.b.funded, b.c.funded) == (True, False, True)


def test_results_equal_the_pure_module_for_every_rule(world):
    b = budget_world(world)
    outcome = results.compute(b.round_done)
    costs = {str(i.pk): i.cost for i in (b.a, b.b, b.c)}
    ballots = [{b.a, b.b}] * 3 + [{b.a}] + [{b.c}] * 2
    approvals = [frozenset(str(i.pk) for i in ballot) for ballot in ballots]
    for rule in allocation.RULES:
        expected = allocation.allocate(rule, costs, approvals, 100)
        assert outcome.allocations[rule].selected == expected.selected
        assert outcome.allocations[rule].total_cost == expected.total_cost


def test_cumulative_ballots_count_as_support_with_their_points(world):
    round = make_round(world, ballot_type="cumulative", points=5, phase="stemmen")
    x = make_initiative(round, "X", 50)
    y = make_initiative(round, "Y", 50)
    Ballot.objects.create(
        round=round, channel="online", choices={str(x.pk): 4, str(y.pk): 1}, receipt="C1"
    )
    Ballot.objects.create(round=round, channel="papier", choices={str(y.pk): 5}, receipt="C2")
    outcome = results.compute(round)
    rows = {row.initiative.pk: row for row in outcome.rows}
    assert (rows[x.pk].supporters, rows[x.pk].points) == (1, 4)
    assert (rows[y.pk].supporters, rows[y.pk].points) == (2, 6)
    assert outcome.by_channel == {"Online": 1, "Papier": 1, "Geïmporteerd": 0}


@pytest.mark.parametrize("phase", ["ideeen", "uitwerken", "stemmen"])
def test_results_and_counts_are_hidden_until_voting_is_over(
    phase, world, client_for, api_client_for
):
    b = budget_world(world)
    round = b.round_done
    BudgetRound.objects.filter(pk=round.pk).update(phase=phase)
    for role in ("coordinator", "gemeente"):
        page = client_for(world.users[role]).get(reverse("budget-results", args=[round.pk]))
        assert page.status_code == 200
        assert "De uitslag is er nog niet" in page.content.decode()
        assert "Speeltuin" not in page.content.decode()
        api = api_client_for(world.users[role])
        response = api.get(reverse("api:budget-round-results", args=[round.pk]))
        assert response.status_code == 403
        detail = api.get(reverse("api:budget-round-detail", args=[round.pk])).json()
        assert detail["ballots"] is None
        export = client_for(world.users[role]).get(reverse("budget-export", args=[round.pk]))
        assert "VOTES\nvoter_id;vote\n" in export.content.decode()
        assert export.content.decode().rstrip().endswith("voter_id;vote")


def test_results_page_and_api_once_voting_is_over(world, client_for, api_client_for):
    b = budget_world(world)
    page = client_for(world.users["partner"]).get(reverse("budget-results", args=[b.round_done.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "niet gefinancierd: de 3 steunbetuigers" in html.replace("Niet", "niet")
    assert "<svg" in html and "Kosten en stemmen per initiatief" in html
    assert "Achterban per initiatief" in html  # A has a consultation record
    data = (
        api_client_for(world.users["gemeente"])
        .get(reverse("api:budget-round-results", args=[b.round_done.pk]))
        .json()
    )
    assert data["selected"] == [b.a.pk, b.c.pk]
    assert data["total_cost"] == "90.00"
    assert data["rules"]["greedy"]["selected"] == [b.a.pk, b.b.pk]
    by_id = {i["id"]: i for i in data["initiatives"]}
    assert by_id[b.b.pk]["funded"] is False and "ontbrak 35" in by_id[b.b.pk]["explanation"]


def test_rounds_without_ballots_have_empty_results(world):
    round = make_round(world, phase="uitslag")
    make_initiative(round, "Alleen", 10)
    outcome = results.compute(round)
    assert outcome.ballots == 0 and outcome.official.selected == ()


def test_turnout_from_the_voting_app_with_small_counts_suppressed(world, client_for, monkeypatch):
    import kwartier.voting.turnout as voting_turnout

    rows = [
        {"buurt": "Oude Haven", "age_group": "12-17", "voters": 3, "eligible": 20},
        {"buurt": "Oude Haven", "age_group": "18-64", "voters": 40, "eligible": 160},
        {"buurt": "Oude Haven", "age_group": "65+", "voters": 12, "eligible": 30},
    ]
    monkeypatch.setattr(voting_turnout, "turnout", lambda round: rows)
    b = budget_world(world)
    html = (
        client_for(world.users["gemeente"])
        .get(reverse("budget-results", args=[b.round_done.pk]))
        .content.decode()
    )
    assert "Opkomst per buurt en leeftijdsgroep" in html
    assert "40 van 160 (25%)" in html
    assert "&lt;5 van 20 (te klein om te tonen)" in html
    assert 'data-label="Gestemd" class="num">&lt;5<' in html
    # With the 12 shown, the 3 would be all voters (the ballots) - 40 - 12: so it goes too.
    assert "x van 30 (te klein om te tonen)" in html
    assert 'data-label="Gestemd" class="num">x<' in html
    assert "verborgen om kleine aantallen te beschermen" in html


def test_chart_text_is_escaped():
    from kwartier.budgets.charts import Bar, Group, bar_chart

    svg = bar_chart("T", "D", [Group("<script>x</script>", (Bar(1, "a & b"),))])
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg
    assert svg.startswith("<svg") and 'role="img"' in svg
