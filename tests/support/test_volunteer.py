"""A volunteer sees only their own active matches, and of the resident only what they need."""

import pytest
from django.urls import reverse

from kwartier.core.access.log import AccessLogEntry
from kwartier.core.models import Person
from kwartier.support.models import Helper, Match
from kwartier.support.scoping import CONFIRMED_BASIS
from tests.factories import HousingAssociationFactory, UserFactory
from tests.support.world import give_match_consent, make_helper

pytestmark = pytest.mark.django_db

# What a volunteer may see of the matched resident (Bram Lindehoven in Lindehof) ...
ALLOWED = ["Bram", "Lindehof", "Samen naar de markt.", "maandag ochtend", "06-12345678"]
# ... and never: family name, kenmerk, address, birth date.
NEVER = ["Lindehoven", "Lindelaan", "1960"]


@pytest.fixture
def volunteer(world):
    return world.users["vrijwilliger"]


@pytest.fixture
def volunteer_client(volunteer, client_for):
    return client_for(volunteer)


def test_the_person_scope_is_the_own_active_matches(sw, world, volunteer):
    assert set(Person.objects.visible_to(volunteer)) == {world.in_area_2}
    another = UserFactory(role="vrijwilliger", organisation=world.welfare_org)
    assert not Person.objects.visible_to(another).exists()
    Match.objects.filter(pk=sw.match.pk).update(status=Match.Status.BEEINDIGD)
    assert not Person.objects.visible_to(volunteer).exists()


def test_the_volunteer_pages_show_no_more_than_the_match_needs(sw, world, volunteer_client):
    listing = volunteer_client.get(reverse("volunteer-match-list"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "Boodschappen voor Bram" in page and "Lindehof" in page
    detail = volunteer_client.get(reverse("volunteer-match-detail", args=[sw.match.pk]))
    page = detail.content.decode()
    for text in ALLOWED:
        assert text in page, text
    for text in [*NEVER, world.in_area_2.public_id]:
        assert text not in page, text


def test_contact_details_only_when_the_resident_agreed(sw, world, volunteer_client):
    Match.objects.filter(pk=sw.match.pk).update(share_contact=False)
    page = volunteer_client.get(reverse("volunteer-match-detail", args=[sw.match.pk]))
    assert "06-12345678" not in page.content.decode()
    assert "deelt geen contactgegevens" in page.content.decode()


def test_other_matches_are_404_and_logged_as_denied(sw, world, volunteer_client):
    other = Match.objects.create(
        request=sw.request_proposed,
        helper=sw.helper_other,
        consent_basis=Match.ConsentBasis.BEVESTIGD,
    )
    response = volunteer_client.get(reverse("volunteer-match-detail", args=[other.pk]))
    assert response.status_code == 404
    assert AccessLogEntry.objects.get().result == "denied"
    listed = volunteer_client.get(reverse("volunteer-match-list")).content.decode()
    own = reverse("volunteer-match-detail", args=[sw.match.pk])
    # Links, not first names: the volunteer's own (generated) name may be "Bram" too.
    assert reverse("volunteer-match-detail", args=[other.pk]) not in listed and own in listed
    # An ended match of their own is gone too.
    Match.objects.filter(pk=sw.match.pk).update(status=Match.Status.BEEINDIGD)
    assert (
        volunteer_client.get(reverse("volunteer-match-detail", args=[sw.match.pk])).status_code
        == 404
    )
    assert own not in volunteer_client.get(reverse("volunteer-match-list")).content.decode()


def test_a_volunteer_without_a_helper_sees_nothing(sw, world, client_for):
    client = client_for(UserFactory(role="vrijwilliger", organisation=world.welfare_org))
    assert "geen koppelingen" in client.get(reverse("volunteer-match-list")).content.decode()
    assert client.get(reverse("volunteer-match-detail", args=[sw.match.pk])).status_code == 404


def test_withdrawing_the_consent_of_another_organisation_closes_the_view_at_once(
    sw, world, client_for
):
    """A volunteer of a partner organisation sees the resident only under the consent."""
    partner_org = HousingAssociationFactory(name="Huurdersvereniging Samen")
    their_volunteer = UserFactory(role="vrijwilliger", organisation=partner_org)
    helper = make_helper(
        world.welfare_org,
        [sw.categories["boodschappen"]],
        name="Huurdersvrijwilliger",
        external_organisation=partner_org,
        user=their_volunteer,
        area=world.areas.buurt,
    )
    consent = give_match_consent(
        world.in_area, partner_org, world.users["coordinator"], categories=("hulpvraag",)
    )
    match = Match.objects.create(
        request=sw.request_proposed,
        helper=helper,
        consent_basis=Match.ConsentBasis.TOESTEMMING,
        consent_organisation=partner_org,
    )
    client = client_for(their_volunteer)
    url = reverse("volunteer-match-detail", args=[match.pk])
    page = client.get(url).content.decode()
    assert "Anna" in page and "06-12345678" not in page  # the consent does not cover contact
    assert set(Person.objects.visible_to(their_volunteer)) == {world.in_area}
    entry = AccessLogEntry.objects.filter(result="allowed").latest("pk")
    assert entry.consent_id == consent.pk and entry.person_public_id == world.in_area.public_id

    consent.withdraw(world.users["coordinator"])
    assert client.get(url).status_code == 404
    assert not Person.objects.visible_to(their_volunteer).exists()
    # The worker sees the match still, with the warning that the basis is gone.
    worker_page = client_for(world.users["coordinator"]).get(match.get_absolute_url())
    assert "geldt niet meer" in worker_page.content.decode()


def test_the_volunteer_api_is_minimal(sw, world, volunteer, api_client_for):
    api = api_client_for(volunteer)
    listed = api.get(reverse("api:match-list")).json()
    assert listed["count"] == 1
    (item,) = listed["results"]
    assert item == {
        "id": sw.match.pk,
        "first_name": "Bram",
        "buurt": "Lindehof",
        "category": "Boodschappen",
        "question": "Samen naar de markt.",
        "slots": ["maandag ochtend"],
        "recurrence": "Elke week",
        "start_date": sw.request_matched.start_date.isoformat(),
        "introduction_on": None,
        "contact_shared": True,
        "phone": "06-12345678",
        "email": None,
    }
    assert api.get(reverse("api:match-detail", args=[sw.match.pk])).json() == item
    other = Match.objects.create(
        request=sw.request_proposed, helper=sw.helper_other, consent_basis="bevestigd"
    )
    assert api.get(reverse("api:match-detail", args=[other.pk])).status_code == 404
    assert api.post(reverse("api:match-end", args=[sw.match.pk]), {}).status_code == 403
    assert api.get(reverse("api:helprequest-list")).status_code == 403


def test_reading_is_logged_with_the_legal_basis(sw, world, volunteer_client):
    volunteer_client.get(reverse("volunteer-match-list"))
    volunteer_client.get(reverse("volunteer-match-detail", args=[sw.match.pk]))
    search, read = AccessLogEntry.objects.order_by("pk")
    assert (search.action, search.object_type, search.detail) == (
        "search",
        "koppeling",
        "1 resultaten",
    )
    assert (read.action, read.object_type, read.person_public_id) == (
        "read",
        "koppeling",
        world.in_area_2.public_id,
    )
    assert read.legal_basis == CONFIRMED_BASIS and read.role == "vrijwilliger"


@pytest.mark.parametrize(
    "name", ["support-overview", "helprequest-list", "helper-list", "matchrun-list", "multiplier"]
)
def test_the_volunteer_has_no_worker_pages(sw, volunteer_client, name):
    assert volunteer_client.get(reverse(name)).status_code == 403


def test_workers_do_not_use_the_volunteer_pages(sw, world, client_for):
    client = client_for(world.users["coordinator"])
    assert client.get(reverse("volunteer-match-list")).status_code == 403


def test_helper_account_must_be_a_volunteer(sw, world):
    from django.core.exceptions import ValidationError

    helper = Helper(
        name="X",
        kind=Helper.Kind.VRIJWILLIGER,
        organisation=world.welfare_org,
        user=world.users["wijkwerker"],
        slots=["ma-ochtend"],
        area=world.areas.buurt,
    )
    with pytest.raises(ValidationError) as error:
        helper.full_clean()
    assert "user" in error.value.message_dict


def test_core_person_page_shows_the_volunteer_no_more_than_the_first_name(
    sw, world, volunteer_client
):
    page = volunteer_client.get(world.in_area_2.get_absolute_url()).content.decode()
    assert "Lindehoven" not in page
