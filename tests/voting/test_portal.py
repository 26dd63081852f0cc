"""The resident portal, as a resident without JavaScript uses it: code, ballot, confirm,
receipt; wrong codes, one-time use, the rate limit, and the receipt check."""

import pytest
from django.urls import reverse

from kwartier.budgets.models import Ballot
from kwartier.voting import throttle
from kwartier.voting.models import FailedTry, Voter

pytestmark = pytest.mark.django_db


def urls(round):
    return {
        name: reverse(f"voting:portal-{name}", args=[round.pk])
        for name in ("start", "ballot", "confirm", "thanks", "check")
    }


def vote(client, v, code, choices):
    u = urls(v.round)
    response = client.post(u["start"], {"code": code})
    assert response.status_code == 302, response.content.decode()[:2000]
    data = {"keuze": [str(pk) for pk in choices]}
    confirm = client.post(u["ballot"], data)
    assert confirm.status_code == 200
    return client.post(u["confirm"], data)


def test_a_resident_votes_with_a_code_and_gets_a_receipt(v, client):
    before = Ballot.objects.count()
    chosen = [v.initiatives[1].pk, v.initiatives[2].pk]  # 15000 + 20000 > cap 30000
    u = urls(v.round)
    assert client.post(u["start"], {"code": v.code_in_area.lower()}).status_code == 302
    page = client.post(u["ballot"], {"keuze": [str(pk) for pk in chosen]})
    assert page.status_code == 400
    assert "hoogstens € 30.000" in page.content.decode()

    chosen = [v.initiatives[0].pk, v.initiatives[1].pk]
    confirm = client.post(u["ballot"], {"keuze": [str(pk) for pk in chosen]})
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "Controleer uw stem" in text and "Speeltuin Lindehof" in text
    assert Ballot.objects.count() == before  # nothing cast before the confirmation

    done = client.post(u["confirm"], {"keuze": [str(pk) for pk in chosen]})
    assert done.status_code == 302 and done.url == u["thanks"]
    ballot = Ballot.objects.latest("pk")
    assert ballot.channel == "online"
    assert ballot.choices == {str(pk): 1 for pk in chosen}
    thanks = client.get(u["thanks"])
    assert ballot.receipt in thanks.content.decode()

    voter = Voter.objects.get(pk=v.voter_in_area.pk)
    assert voter.voted and not voter.has_code


def test_a_code_works_once(v, client, client_for):
    vote(client, v, v.code_in_area, [v.initiatives[0].pk])
    again = client_for(None).post(urls(v.round)["start"], {"code": v.code_in_area})
    assert again.status_code == 400
    assert "klopt niet of is al gebruikt" in again.content.decode()


def test_a_wrong_code_gets_the_same_answer_as_a_used_one_and_is_counted(v, client):
    response = client.post(urls(v.round)["start"], {"code": "2345-6789-ABCD"})
    assert response.status_code == 400
    assert "klopt niet of is al gebruikt" in response.content.decode()
    assert FailedTry.objects.count() == 1


def test_a_code_of_the_wrong_shape_is_explained_and_not_counted(v, client):
    response = client.post(urls(v.round)["start"], {"code": "abc"})
    assert response.status_code == 400
    assert "12 tekens" in response.content.decode()
    assert FailedTry.objects.count() == 0


def test_too_many_wrong_codes_block_even_the_right_one(v, client):
    for _ in range(throttle.LIMIT):
        client.post(urls(v.round)["start"], {"code": "2345-6789-ABCD"})
    response = client.post(urls(v.round)["start"], {"code": v.code_in_area})
    assert response.status_code == 429
    assert "te vaak" in response.content.decode()


def test_the_ballot_needs_a_code_first(v, client):
    response = client.get(urls(v.round)["ballot"])
    assert response.status_code == 302 and response.url == urls(v.round)["start"]
    response = client.post(urls(v.round)["confirm"], {"keuze": [v.initiatives[0].pk]})
    assert response.status_code == 302
    assert not Ballot.objects.filter(round=v.round).exclude(pk=v.ballot.pk).exists()


def test_going_back_from_the_confirm_page_keeps_the_choices(v, client):
    u = urls(v.round)
    client.post(u["start"], {"code": v.code_in_area})
    data = {"keuze": [str(v.initiatives[2].pk)], "wijzigen": "1"}
    back = client.post(u["confirm"], data)
    assert back.status_code == 200
    assert f'value="{v.initiatives[2].pk}" data-cost="20000.00" checked' in back.content.decode()
    assert not Voter.objects.get(pk=v.voter_in_area.pk).voted


def test_the_ballot_is_keyboard_and_screen_reader_friendly_without_script(v, client):
    client.post(urls(v.round)["start"], {"code": v.code_in_area})
    html = client.get(urls(v.round)["ballot"]).content.decode()
    assert "<fieldset" in html and "<legend" in html
    for i, initiative in enumerate(v.initiatives):
        assert f'<label for="id_keuze_{i}">' in html
        assert initiative.title in html
    assert "Afgewezen plan" not in html
    assert 'aria-live="polite"' in html


def test_closed_or_future_rounds_take_no_votes(v, client):
    response = client.get(urls(v.closed)["start"])
    assert response.status_code == 200
    assert "gesloten" in response.content.decode()
    assert client.post(urls(v.closed)["start"], {"code": v.code_in_area}).status_code == 400


def test_rounds_before_voting_are_not_public(v, client):
    v.round.phase = "uitwerken"
    v.round.save()
    assert client.get(urls(v.round)["start"]).status_code == 404


def test_receipt_check_says_counted_and_nothing_more(v, client):
    response = client.get(urls(v.round)["check"], {"bon": v.ballot.receipt.lower()})
    text = response.content.decode()
    assert response.status_code == 200
    assert "is ontvangen en telt mee" in text
    for initiative in v.initiatives:
        assert initiative.title not in text
    unknown = client.get(urls(v.round)["check"], {"bon": "BB-AAAA-AAAA"})
    assert "niet bekend" in unknown.content.decode()
    assert FailedTry.objects.count() == 1


def test_no_page_shows_counts_while_voting_is_open(v, client, client_for):
    """Neither the portal nor the workers' overview shows a ballot count or turnout."""
    vote(client, v, v.code_in_area, [v.initiatives[0].pk])
    coordinator = client_for(v.round.organisation.members.get(role="coordinator"))
    overview = coordinator.get(reverse("voting:round", args=[v.round.pk])).content.decode()
    assert "Opkomst en uitslag zijn pas te zien" in overview
    assert "Gestemd" not in overview
    for url in urls(v.round).values():
        text = client_for(None).get(url).content.decode()
        assert "stemmen uitgebracht" not in text and "opkomst" not in text.lower()
