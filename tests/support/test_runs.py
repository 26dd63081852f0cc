"""Match runs end to end, and the decisions on proposals: consent, rejection, capacity."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from kwartier.core.errors import RuleError
from kwartier.support import decisions, runs
from kwartier.support.models import (
    Helper,
    HelpRequest,
    Match,
    MatchRun,
    Proposal,
    StatusChange,
    UnmatchedRequest,
)
from tests.conftest import consent_for
from tests.factories import OrganisationFactory
from tests.support.world import centre, give_match_consent, make_helper, make_request

pytestmark = pytest.mark.django_db

S = HelpRequest.Status


@pytest.fixture
def small(sw, world):
    """Three searching hulpvragen in the wijk: one helper fits, two cannot be helped."""
    groceries, garden = sw.categories["boodschappen"], sw.categories["tuin"]
    return {
        "fits": make_request(world.in_area, groceries, status=S.ZOEKEN, languages=["nl"]),
        "garden": make_request(world.in_area_2, garden, status=S.ZOEKEN),
        "night": make_request(world.in_area_2, groceries, status=S.ZOEKEN, slots=["zo-nacht"]),
    }


def unmatched_codes(run):
    return {u.request_id: u.code for u in run.unmatched.all()}


def test_a_run_proposes_and_explains(sw, world, small):
    coordinator = world.users["coordinator"]
    run = runs.run_matching(coordinator, world.areas.wijk)
    assert (run.request_count, run.proposal_count) == (3, 1)
    assert run.offer_count == 2 and run.run_by == coordinator
    (proposal,) = run.proposals.all()
    assert (proposal.request, proposal.helper) == (small["fits"], sw.helper_other)
    assert proposal.status == Proposal.Status.OPEN and proposal.score > 0
    assert proposal.reasons[0] == "afstand 0,0 km"
    assert "spreekt Nederlands" in proposal.reasons and "wacht 10 dagen" in proposal.reasons
    small["fits"].refresh_from_db()
    assert small["fits"].status == S.VOORGESTELD
    change = StatusChange.objects.get(request=small["fits"])
    assert change.reason == f"voorstel uit koppelronde {run.pk}"
    assert unmatched_codes(run) == {small["garden"].pk: "categorie", small["night"].pk: "dagdeel"}
    reason = UnmatchedRequest.objects.get(request=small["garden"]).reason
    assert reason == "geen enkele helper biedt hulp bij 'tuin'"
    # The next run leaves the proposed hulpvraag alone.
    again = runs.run_matching(coordinator, world.areas.wijk)
    assert again.proposal_count == 0 and small["fits"].pk not in unmatched_codes(again)


def test_a_full_helper_gets_no_proposal_and_the_reason_says_so(sw, world, small):
    sw.helper_other.capacity = 1  # its one place is promised to the open proposal
    sw.helper_other.save()
    run = runs.run_matching(world.users["coordinator"], world.areas.buurt)
    assert run.proposal_count == 0
    unmatched = UnmatchedRequest.objects.get(run=run, request=small["fits"])
    assert unmatched.code == "vol"
    assert unmatched.reason == "de enige geschikte helper zit al vol"


def test_a_request_without_a_place_is_reported(sw, world, small):
    world.areas.buurt.outline = None
    world.areas.buurt.save()
    run = runs.run_matching(world.users["coordinator"], world.areas.buurt)
    unmatched = UnmatchedRequest.objects.get(run=run, request=small["fits"])
    assert unmatched.code == "locatie" and "geen plek bekend" in unmatched.reason


def test_rejection_is_stored_and_excludes_the_helper_next_time(sw, world, small):
    coordinator = world.users["coordinator"]
    run = runs.run_matching(coordinator, world.areas.buurt)
    proposal = run.proposals.get()
    with pytest.raises(RuleError) as error:
        decisions.reject(proposal, user=coordinator, reason=" ")
    assert set(error.value.message_dict) == {"reason"}
    decisions.reject(proposal, user=coordinator, reason="bewoner kent haar en wil dat niet")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.AFGEWEZEN
    assert proposal.rejection_reason == "bewoner kent haar en wil dat niet"
    assert proposal.decided_by == coordinator
    small["fits"].refresh_from_db()
    assert small["fits"].status == S.ZOEKEN
    with pytest.raises(RuleError):
        decisions.reject(proposal, user=coordinator, reason="nog een keer")

    second = runs.run_matching(coordinator, world.areas.buurt)
    assert second.proposal_count == 0
    unmatched = UnmatchedRequest.objects.get(run=second, request=small["fits"])
    assert unmatched.code == "uitgesloten"
    assert unmatched.reason == (
        "geen geschikte helper over: 1 eerder afgewezen of zonder resultaat gekoppeld"
    )
    # Another helper nearby gets the hulpvraag in the third run.
    lat, lon = centre(0)
    third_helper = make_helper(
        world.welfare_org,
        [sw.categories["boodschappen"]],
        name="Henk",
        lat=lat,
        lon=lon,
        radius_km=1,
    )
    third = runs.run_matching(coordinator, world.areas.buurt)
    assert [(p.request, p.helper) for p in third.proposals.all()] == [(small["fits"], third_helper)]


def test_accepting_a_helper_of_the_own_organisation_needs_the_confirmed_consent(sw, world, small):
    coordinator = world.users["coordinator"]
    proposal = sw.proposal_open
    with pytest.raises(RuleError) as error:
        decisions.accept(proposal, user=coordinator)
    assert set(error.value.message_dict) == {"consent_confirmed", "consent_obtained"}
    with pytest.raises(RuleError) as error:
        decisions.accept(proposal, user=coordinator, consent_confirmed=True)
    assert set(error.value.message_dict) == {"consent_obtained"}
    assert not Match.objects.filter(proposal=proposal).exists()

    intro = timezone.localdate() + datetime.timedelta(days=4)
    with override_settings(KWARTIER_MATCH_FOLLOWUP_WEEKS=3):
        match = decisions.accept(
            proposal,
            user=coordinator,
            consent_confirmed=True,
            consent_obtained="mondeling",
            share_contact=True,
            introduction_on=intro,
        )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.GEACCEPTEERD and proposal.consent_confirmed
    assert (proposal.consent_obtained, proposal.consent_share_contact) == ("mondeling", True)
    assert match.consent_basis == Match.ConsentBasis.BEVESTIGD and match.share_contact
    assert match.consent_organisation is None and match.introduction_on == intro
    assert match.followup_due_on == timezone.localdate() + datetime.timedelta(weeks=3)
    sw.request_proposed.refresh_from_db()
    assert sw.request_proposed.status == S.GEKOPPELD
    with pytest.raises(RuleError, match="al besloten"):
        decisions.accept(proposal, user=coordinator, consent_confirmed=True)


@pytest.fixture
def club(sw, world):
    """A proposal to a club of another organisation, for the world's in_area resident."""
    club_org = OrganisationFactory(name="Tuinclub Groen", kind="vereniging")
    helper = make_helper(
        world.welfare_org,
        [sw.categories["boodschappen"]],
        name="Tuinclub Groen – boodschappenploeg",
        kind=Helper.Kind.CLUB,
        external_organisation=club_org,
        lat=centre(0)[0],
        lon=centre(0)[1],
        radius_km=2,
    )
    Proposal.objects.filter(pk=sw.proposal_open.pk).update(helper=helper)
    sw.proposal_open.refresh_from_db()
    return club_org


def test_accepting_a_helper_of_another_organisation_needs_a_recorded_consent(sw, world, club):
    coordinator, person = world.users["coordinator"], world.in_area
    proposal = sw.proposal_open
    assert not proposal.is_internal
    with pytest.raises(RuleError) as error:
        # A confirmation box does not replace the consent for another organisation.
        decisions.accept(
            proposal, user=coordinator, consent_confirmed=True, consent_obtained="mondeling"
        )
    assert set(error.value.message_dict) == {"consent"}
    assert "Tuinclub Groen" in error.value.message_dict["consent"][0]
    # Consent for another purpose, or without the category hulpvraag, does not count.
    consent_for(person, club, coordinator, categories=("hulpvraag", "contact"))
    give_match_consent(person, club, coordinator, categories=("contact",))
    withdrawn = give_match_consent(person, club, coordinator)
    withdrawn.withdraw(coordinator)
    with pytest.raises(RuleError):
        decisions.accept(proposal, user=coordinator)

    consent = give_match_consent(person, club, coordinator, categories=("hulpvraag",))
    match = decisions.accept(proposal, user=coordinator)
    assert match.consent_basis == Match.ConsentBasis.TOESTEMMING
    assert match.consent_organisation == club and match.consent_id_at_start == consent.pk
    assert match.share_contact is False  # the consent does not cover contact details


def test_accepting_refuses_a_helper_that_filled_up_since_the_run(sw, world):
    sw.helper_other.capacity = 1
    sw.helper_other.save()
    other = make_request(world.in_area_2, sw.categories["boodschappen"], status=S.GEKOPPELD)
    Match.objects.create(
        request=other, helper=sw.helper_other, consent_basis=Match.ConsentBasis.BEVESTIGD
    )
    with pytest.raises(RuleError) as error:
        decisions.accept(
            sw.proposal_open,
            user=world.users["coordinator"],
            consent_confirmed=True,
            consent_obtained="schriftelijk",
        )
    assert "zit al vol (1 van 1" in error.value.message_dict["helper"][0]


# Through the pages -----------------------------------------------------------------------


def test_run_accept_and_reject_through_the_pages(sw, world, small, coordinator_client, field_block):
    client = coordinator_client
    page = client.get(reverse("matchrun-list"))
    assert page.status_code == 200 and "Koppelronde starten" in page.content.decode()
    refused = client.post(reverse("matchrun-list"), {"area": ""})
    assert field_block(refused.content, "id_area").errors == ["Dit veld is vereist."]

    response = client.post(reverse("matchrun-list"), {"area": world.areas.wijk.pk})
    run = MatchRun.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    page = client.get(run.get_absolute_url()).content.decode()
    assert "afstand 0,0 km" in page and "geen enkele helper biedt hulp bij &#x27;tuin&#x27;" in page
    assert world.in_area.full_name in page

    proposal = run.proposals.get()
    accept_url = reverse("proposal-accept", args=[proposal.pk])
    form = client.get(accept_url)
    assert "bewoner heeft toestemming gegeven" in form.content.decode()
    refused = client.post(accept_url, {"consent_obtained": "mondeling"})
    assert refused.status_code == 200
    block = field_block(refused.content, "id_consent_confirmed")
    assert block.invalid and "Bevestig dat de bewoner toestemming" in block.errors[0]
    done = client.post(
        accept_url, {"consent_confirmed": "on", "consent_obtained": "digitaal", "share_contact": ""}
    )
    match = Match.objects.get(proposal=proposal)
    assert done.status_code == 302 and done["Location"] == match.get_absolute_url()

    reject_url = reverse("proposal-reject", args=[sw.proposal_open.pk])
    refused = client.post(reject_url, {"reason": ""})
    assert field_block(refused.content, "id_reason").errors == ["Dit veld is vereist."]
    done = client.post(reject_url, {"reason": "past niet"})
    assert done.status_code == 302
    sw.proposal_open.refresh_from_db()
    assert sw.proposal_open.status == Proposal.Status.AFGEWEZEN


def test_the_accept_page_for_another_organisation_points_to_the_consent(
    sw, world, club, coordinator_client
):
    url = reverse("proposal-accept", args=[sw.proposal_open.pk])
    page = coordinator_client.get(url).content.decode()
    assert "vastgelegde toestemming van de bewoner nodig" in page
    assert reverse("consent-list", args=[world.in_area.public_id]) in page
    assert "bewoner heeft toestemming gegeven" not in page  # no confirmation box here
    refused = coordinator_client.post(url, {})
    assert refused.status_code == 200 and "geen geldige toestemming" in refused.content.decode()
    give_match_consent(world.in_area, club, world.users["coordinator"])
    assert "Er is een geldige toestemming" in coordinator_client.get(url).content.decode()
    assert coordinator_client.post(url, {}).status_code == 302


def test_accepting_a_decided_proposal_says_why(sw, coordinator_client):
    url = reverse("proposal-accept", args=[sw.proposal_accepted.pk])
    page = coordinator_client.post(
        url, {"consent_confirmed": "on", "consent_obtained": "mondeling"}
    )
    assert page.status_code == 200 and "Over dit voorstel is al besloten." in page.content.decode()
