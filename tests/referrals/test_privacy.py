"""Who sees which referral and which feedback; the access log; export and erasure."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kwartier.core.access.log import AccessLogEntry
from kwartier.privacy import subject
from kwartier.referrals import services
from kwartier.referrals.models import Referral
from tests.factories import OrganisationFactory, UserFactory
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_a_referrer_sees_only_its_own_organisations_referrals(world, referral, gp):
    other_gp = UserFactory(
        role="partner", organisation=OrganisationFactory(kind="huisartsenpraktijk")
    )
    colleague = UserFactory(role="partner", organisation=gp.organisation)
    assert list(Referral.objects.visible_to(colleague)) == [referral]
    assert not Referral.objects.visible_to(other_gp).exists()
    assert not Referral.objects.visible_to(world.users["partner"]).exists()


def test_receivers_see_what_is_addressed_to_their_organisation(world, referral, gp):
    elsewhere = make_referral(gp, world.other_welfare_org)
    assert list(Referral.objects.visible_to(world.users["coordinator"])) == [referral]
    assert list(Referral.objects.visible_to(world.users["other_org_worker"])) == [elsewhere]
    for role in ("vrijwilliger", "gemeente"):
        assert not Referral.objects.visible_to(world.users[role]).exists()


def test_an_accepted_referral_follows_the_residents_scope_for_a_wijkwerker(world, gp):
    person = world.out_of_area
    referral = make_referral(gp, world.welfare_org)
    assert Referral.objects.visible_to(world.users["wijkwerker"]).filter(pk=referral.pk).exists()
    services.accept(referral, user=world.users["coordinator"], started_on=TODAY, person=person)
    assert (
        not Referral.objects.visible_to(world.users["wijkwerker"]).filter(pk=referral.pk).exists()
    )
    assert Referral.objects.visible_to(world.users["coordinator"]).filter(pk=referral.pk).exists()


def test_the_feedback_consent_opens_only_its_own_categories(world, referral, gp):
    from kwartier.core.access.grants import grant_for

    services.accept(
        referral, user=world.users["coordinator"], started_on=TODAY, person=world.in_area
    )
    grant = grant_for(gp, world.in_area)
    assert grant.categories == {"verwijzing-verloop"}
    assert not grant.allows("contact") and not grant.allows("traject")


def test_every_view_is_logged_with_the_legal_basis(world, referral, gp, client_for):
    services.accept(
        referral, user=world.users["coordinator"], started_on=TODAY, person=world.in_area
    )
    client_for(gp).get(referral.get_absolute_url())
    entry = AccessLogEntry.objects.filter(username="huisarts", action="read").get()
    assert entry.object_type == "verwijzing" and entry.object_id == str(referral.pk)
    assert entry.person_public_id == world.in_area.public_id
    assert entry.legal_basis.startswith("toestemming") and entry.consent_id
    client_for(world.users["coordinator"]).get(reverse("referral-list"))
    assert AccessLogEntry.objects.filter(username="coordinator", action="search").exists()


def test_export_and_erasure_of_a_resident(world, referral):
    services.accept(
        referral, user=world.users["coordinator"], started_on=TODAY, person=world.in_area
    )
    exported = subject.export_person(world.in_area)["gegevens"]["Verwijzingen"]
    assert exported[0]["verwijzing"] == referral.pk
    assert exported[0]["naam"].endswith(world.in_area.family_name)
    assert exported[0]["terugkoppelingen"][0]["soort"] == "Gestart"
    plan = subject.erasure_plan(world.in_area)
    assert any(step["onderdeel"] == "Verwijzingen" for step in plan)
    assert Referral.objects.get(pk=referral.pk).family_name  # the plan erased nothing
    subject.erase_person(
        world.in_area, user=world.users["coordinator"], requested_on=TODAY, reason="verzoek"
    )
    kept = Referral.objects.get(pk=referral.pk)
    assert (kept.family_name, kept.reason, kept.postcode, kept.person) == ("", "", "", None)
    assert kept.status == "geaccepteerd" and kept.received_on == referral.received_on
    assert not kept.feedback.exists()
    assert kept.full_name == "(gegevens gewist)"


def test_an_account_without_organisation_is_refused(world, client_for, api_client_for):
    loose = UserFactory(role="partner", organisation=None)
    assert client_for(loose).get(reverse("referral-create")).status_code == 403
    response = api_client_for(loose).post(reverse("api:referral-list"), {}, format="json")
    assert response.status_code == 403
