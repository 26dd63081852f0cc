"""The budget pages: the main flows through the forms, errors, the start page block.

Who may open which page is in the page matrix (tests/budgets/permissions.py)."""

import datetime

import pytest
from django.urls import reverse

from kwartier.budgets.models import Ballot, BudgetRound, Effect, ExecutionUpdate, Initiative
from tests.budgets.world import budget_world

pytestmark = pytest.mark.django_db


def test_the_menu_has_bewonersbudget_for_every_role(world, client_for):
    for role in ("coordinator", "partner", "vrijwilliger", "gemeente"):
        html = client_for(world.users[role]).get(reverse("budget-round-list")).content.decode()
        assert f'href="{reverse("budget-round-list")}"' in html and "Bewonersbudget" in html


def test_a_round_from_start_to_execution_through_the_pages(world, client_for):
    coordinator = client_for(world.users["coordinator"])
    worker = client_for(world.users["wijkwerker"])
    response = coordinator.post(
        reverse("budget-round-create"),
        {
            "name": "Budget Oude Haven",
            "area": world.areas.buurt.pk,
            "amount": "1000",
            "min_age": 12,
            "ballot_type": "approval",
            "rule": "mes",
        },
    )
    round = BudgetRound.objects.get(name="Budget Oude Haven")
    assert response.status_code == 302 and round.organisation == world.welfare_org
    assert round.phase == "ideeen"
    response = worker.post(
        reverse("budget-initiative-create", args=[round.pk]),
        {
            "title": "Bankje",
            "proposer_group": "Bewoners Havenstraat",
            "cost": "600",
            "meetings_held": 2,
            "residents_reached": 10,
            "supporters": 8,
            "opponents": 3,
        },
    )
    assert "niet meer zijn dan de bereikte bewoners" in response.content.decode()
    worker.post(
        reverse("budget-initiative-create", args=[round.pk]),
        {
            "title": "Bankje",
            "proposer_group": "Bewoners Havenstraat",
            "cost": "600",
            "meetings_held": 2,
            "residents_reached": 10,
            "supporters": 7,
            "opponents": 3,
        },
    )
    bankje = Initiative.objects.get(title="Bankje")
    assert bankje.status == "ingediend" and bankje.residents_reached == 10
    # The worker cannot review; the coordinator must give a reason to reject.
    review_url = reverse("budget-initiative-review", args=[bankje.pk])
    assert worker.post(review_url, {"decision": "goedkeuren"}).status_code == 403
    response = coordinator.post(review_url, {"decision": "afwijzen"})
    assert "Geef de reden van de afwijzing" in response.content.decode()
    coordinator.post(review_url, {"decision": "goedkeuren"})
    bankje.refresh_from_db()
    assert bankje.status == "goedgekeurd"
    # Phases: ideeen → uitwerken → stemmen (needs a closing date in the future).
    phase_url = reverse("budget-round-phase", args=[round.pk])
    coordinator.post(phase_url, {"phase": "uitwerken"})
    response = coordinator.post(phase_url, {"phase": "uitslag"})
    assert "Selecteer een geldige keuze" in response.content.decode()
    coordinator.post(phase_url, {"phase": "stemmen"})
    round.refresh_from_db()
    assert round.phase == "stemmen"
    page = coordinator.get(round.get_absolute_url()).content.decode()
    assert "Aantallen stemmen en de uitslag blijven verborgen" in page
    assert "Nieuw initiatief" not in page
    response = coordinator.post(phase_url, {"phase": "uitslag"})
    assert "Leg eerst vast tot wanneer" in response.content.decode()
    # Ballot settings are fixed now.
    form = coordinator.get(reverse("budget-round-update", args=[round.pk])).content.decode()
    assert "Ligt vast sinds het stemmen begon." in form
    Ballot.objects.create(round=round, channel="online", choices={str(bankje.pk): 1})
    BudgetRound.objects.filter(pk=round.pk).update(voting_closes=datetime.date(2025, 1, 1))
    coordinator.post(phase_url, {"phase": "uitslag"})
    bankje.refresh_from_db()
    assert bankje.funded
    execution_url = reverse("budget-initiative-execution", args=[bankje.pk])
    response = worker.post(execution_url, {"kind": "voortgang", "status": "klaar"})
    assert "Dit veld is vereist" in response.content.decode()
    worker.post(
        execution_url,
        {"kind": "voortgang", "date": "2025-03-01", "status": "klaar", "spent": "580"},
    )
    worker.post(
        execution_url,
        {
            "kind": "effect",
            "order": 2,
            "date": "2025-04-01",
            "description": "Buren onderhouden het.",
        },
    )
    assert ExecutionUpdate.objects.get(initiative=bankje).spent == 580
    effect = Effect.objects.get(initiative=bankje)
    assert effect.order == 2 and effect.recorded_by == world.users["wijkwerker"]
    page = client_for(world.users["partner"]).get(bankje.get_absolute_url()).content.decode()
    assert "Buren onderhouden het." in page and "2e orde" in page


def test_round_form_errors_in_dutch(world, client_for):
    response = client_for(world.users["beheerder"]).post(
        reverse("budget-round-create"),
        {
            "name": "",
            "area": world.areas.buurt.pk,
            "amount": "-5",
            "min_age": 12,
            "ballot_type": "cumulative",
            "rule": "mes",
            "voting_opens": "2026-02-01",
            "voting_closes": "2026-01-01",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit veld is vereist" in html
    assert "Geef het aantal punten" in html
    assert "niet sluiten voor het opent" in html
    assert not BudgetRound.objects.exists()


def test_other_organisations_cannot_add_initiatives(world, client_for):
    b = budget_world(world)
    url = reverse("budget-initiative-create", args=[b.round_open.pk])
    assert client_for(world.users["other_org_worker"]).get(url).status_code == 403


def test_nothing_unknown_gives_a_500(world, client_for):
    client = client_for(world.users["coordinator"])
    for url in (
        "/bewonersbudget/999999/",
        "/bewonersbudget/initiatieven/999999/",
        "/bewonersbudget/999999/uitslag/",
        "/bewonersbudget/999999/export.pb",
    ):
        assert client.get(url).status_code == 404
    b = budget_world(world)
    response = client.post(
        reverse("budget-initiative-review", args=[b.pending.pk]),
        {"decision": "samenvoegen", "merged_into": "abc"},
    )
    assert response.status_code == 200
    assert "geldige keuze" in response.content.decode()


def test_start_page_block_for_the_organisations_workers(world, client_for):
    b = budget_world(world)
    html = client_for(world.users["coordinator"]).get(reverse("home")).content.decode()
    assert "Bewonersbudget" in html and b.round_open.name in html
    assert "1 initiatief te toetsen" in html
    other = client_for(world.users["other_org_worker"]).get(reverse("home")).content.decode()
    assert b.round_open.name not in other
