"""Paper ballots by double entry, through the workers' pages and the domain function."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kwartier.budgets.models import Ballot
from kwartier.voting import paper
from kwartier.voting.models import PaperBallot

pytestmark = pytest.mark.django_db
Status = PaperBallot.Status


def entry(v, number, *initiatives):
    return {"number": number, "keuze": [str(i.pk) for i in initiatives]}


def test_two_agreeing_entries_cast_the_ballot(v, world, client_for):
    url = reverse("voting:paper", args=[v.round.pk])
    before = Ballot.objects.filter(round=v.round, channel="papier").count()
    first = client_for(world.users["wijkwerker"]).post(url, entry(v, 12, v.initiatives[0]))
    assert first.status_code == 302
    assert PaperBallot.objects.get(round=v.round, number=12).status == Status.WACHT
    second = client_for(world.users["coordinator"]).post(url, entry(v, 12, v.initiatives[0]))
    assert second.status_code == 302
    sheet = PaperBallot.objects.get(round=v.round, number=12)
    assert sheet.status == Status.GETELD
    assert sheet.ballot.channel == "papier"
    assert sheet.ballot.choices == {str(v.initiatives[0].pk): 1}
    assert Ballot.objects.filter(round=v.round, channel="papier").count() == before + 1


def test_entries_that_differ_are_flagged_and_not_counted(v, world):
    assert v.sheet.status == Status.VERSCHIL
    assert v.sheet.ballot is None


def test_the_same_worker_cannot_enter_a_sheet_twice(v, world, client_for):
    url = reverse("voting:paper", args=[v.round.pk])
    client = client_for(world.users["wijkwerker"])
    client.post(url, entry(v, 20, v.initiatives[0]))
    again = client.post(url, entry(v, 20, v.initiatives[0]))
    assert again.status_code == 400
    assert "andere medewerker" in again.content.decode()
    assert PaperBallot.objects.get(round=v.round, number=20).entries.count() == 1


def test_a_third_entry_is_refused(v, world):
    with pytest.raises(ValidationError, match="al twee keer"):
        paper.enter(v.round, 7, {}, world.users["beheerder"])


def test_agreeing_entries_that_break_the_rules_go_to_the_coordinator(v, world):
    too_dear = {v.initiatives[1].pk: 1, v.initiatives[2].pk: 1}  # over the cost cap
    paper.enter(v.round, 30, too_dear, world.users["wijkwerker"])
    sheet = paper.enter(v.round, 30, too_dear, world.users["coordinator"])
    assert sheet.status == Status.REGELS and "hoogstens" in sheet.problem
    assert sheet.ballot is None


def test_the_second_worker_does_not_see_the_first_entry(v, world, client_for):
    html = client_for(world.users["beheerder"]).get(reverse("voting:paper", args=[v.round.pk]))
    assert "Stembiljet 7" not in html.content.decode()


def test_the_coordinator_sees_both_entries_and_resolves_with_a_note(v, world, client_for):
    client = client_for(world.users["coordinator"])
    url = reverse("voting:resolve", args=[v.round.pk, v.sheet.pk])
    page = client.get(url).content.decode()
    assert "verschilt" in page and "Speeltuin Lindehof" in page
    no_note = client.post(url, {"decision": "tweede", "note": ""})
    assert no_note.status_code == 400
    done = client.post(url, {"decision": "tweede", "note": "Op papier staat de moestuin."})
    assert done.status_code == 302
    sheet = PaperBallot.objects.get(pk=v.sheet.pk)
    assert sheet.status == Status.GETELD and sheet.resolved_by == world.users["coordinator"]
    assert sheet.ballot.choices == {str(v.initiatives[1].pk): 1}
    assert sheet.note == "Op papier staat de moestuin."
    assert client.post(url, {"decision": "eerste", "note": "nog eens"}).status_code == 400


def test_the_coordinator_can_correct_or_declare_invalid(v, world):
    corrected = paper.resolve(
        v.sheet,
        choices={v.initiatives[2].pk: 1},
        note="Gecorrigeerd",
        user=world.users["beheerder"],
    )
    assert corrected.ballot.choices == {str(v.initiatives[2].pk): 1}
    paper.enter(v.round, 40, {v.initiatives[0].pk: 1}, world.users["wijkwerker"])
    sheet = paper.enter(v.round, 40, {}, world.users["coordinator"])
    invalid = paper.resolve(sheet, choices=None, note="Twee kruisjes doorgestreept", user=None)
    assert invalid.status == Status.ONGELDIG and invalid.ballot is None


def test_a_correction_that_breaks_the_rules_is_refused(v, world):
    with pytest.raises(ValidationError):
        paper.resolve(
            v.sheet,
            choices={v.initiatives[1].pk: 1, v.initiatives[2].pk: 1},
            note="te duur",
            user=world.users["coordinator"],
        )
    assert PaperBallot.objects.get(pk=v.sheet.pk).status == Status.VERSCHIL


def test_marking_a_paper_voter_uses_their_code(v, world, client_for):
    client = client_for(world.users["wijkwerker"])
    found = client.post(reverse("voting:polling", args=[v.round.pk]), {"code": v.code_in_area})
    assert found.status_code == 200 and world.in_area.family_name in found.content.decode()
    url = reverse("voting:mark-voted", args=[v.round.pk, v.voter_in_area.pk])
    assert client.post(url).status_code == 302
    v.voter_in_area.refresh_from_db()
    assert v.voter_in_area.voted and not v.voter_in_area.has_code
    online = client_for(None).post(
        reverse("voting:portal-start", args=[v.round.pk]), {"code": v.code_in_area}
    )
    assert online.status_code == 400
