"""Erasure on request of a referral that never became a dossier: only the receiving
organisation's coördinator and beheerder, after a confirmation; page and API."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kwartier.core.access.log import AccessLogEntry
from kwartier.core.errors import RuleError
from kwartier.privacy.models import ErasureRecord
from kwartier.referrals import services
from kwartier.referrals.models import Feedback, Referral
from tests.problems import field_errors, problem

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()

CONFIRMED = {
    "requested_on": TODAY.isoformat(),
    "reason": "Verzoek van de bewoner via de huisarts",
    "confirm": "on",
}


def erase_url(referral):
    return reverse("referral-erase", args=[referral.pk])


def api_url(referral_or_pk):
    return reverse("api:referral-erase", args=[getattr(referral_or_pk, "pk", referral_or_pk)])


@pytest.fixture
def declined(world, referral):
    return services.decline(
        referral, user=world.users["coordinator"], reason="anders", note="Verhuist naar Zeist."
    )


# Who may open the erase page and erase through the API (an empty body: a dry run) is in
# the permission matrix: tests/referrals/permissions.py.


def test_the_detail_page_offers_the_button_to_officers_of_an_unlinked_referral(
    world, declined, client_for
):
    button = "Persoonsgegevens wissen"
    for role, shown in (("coordinator", True), ("beheerder", True), ("wijkwerker", False)):
        page = client_for(world.users[role]).get(declined.get_absolute_url()).content.decode()
        assert (button in page) is shown, role
    page = client_for(declined.referred_by).get(declined.get_absolute_url()).content.decode()
    assert button not in page


def test_an_accepted_referral_is_erased_with_its_resident_not_here(
    world, referral, client_for, api_client_for
):
    services.accept(
        referral, user=world.users["coordinator"], started_on=TODAY, person=world.in_area
    )
    coordinator = world.users["coordinator"]
    page = client_for(coordinator).get(referral.get_absolute_url()).content.decode()
    assert "Persoonsgegevens wissen" not in page
    response = client_for(coordinator).get(erase_url(referral), follow=True)
    assert "pagina van de bewoner" in response.content.decode()
    response = api_client_for(coordinator).post(api_url(referral), {}, format="json")
    assert response.status_code == 400 and "dossier van een bewoner" in problem(response)["detail"]
    assert Referral.objects.get(pk=referral.pk).family_name


def test_the_confirmation_shows_what_goes_and_what_stays(world, declined, client_for):
    page = client_for(world.users["coordinator"]).get(erase_url(declined)).content.decode()
    assert "Wat er gewist wordt" in page and "Wat blijft" in page
    assert "Achternaam" in page and "1 terugkoppeling aan de verwijzer" in page
    assert "Reden van afwijzen" in page and "Ontvangen op" in page
    assert "Definitief wissen" in page
    entry = AccessLogEntry.objects.filter(username="coordinator", action="read").last()
    assert entry.object_type == "verwijzing" and entry.object_id == str(declined.pk)


def test_erasing_on_the_page_blanks_the_data_and_records_it(world, declined, client_for):
    client = client_for(world.users["coordinator"])
    response = client.post(erase_url(declined), CONFIRMED, follow=True)
    page = response.content.decode()
    assert f"De persoonsgegevens van verwijzing {declined.pk} zijn gewist." in page
    assert "zijn gewist op" in page and "Verhuist naar Zeist" not in page
    assert declined.family_name not in page
    kept = Referral.objects.get(pk=declined.pk)
    assert (kept.family_name, kept.reason, kept.decline_note) == ("", "", "")
    assert kept.status == "afgewezen" and kept.decline_reason == "anders"
    assert kept.anonymised_at is not None and not Feedback.objects.filter(referral=kept).exists()
    record = ErasureRecord.objects.get()
    assert record.performed_by == "coordinator" and record.reason == CONFIRMED["reason"]
    assert record.organisation_id == world.welfare_org.pk
    assert AccessLogEntry.objects.filter(
        username="coordinator", action="delete", object_type="verwijzing", object_id=declined.pk
    ).exists()
    # The referrer sees that the data went, and when.
    referrer = client_for(declined.referred_by)
    assert "zijn gewist op" in referrer.get(declined.get_absolute_url()).content.decode()
    listed = referrer.get(reverse("referral-list")).content.decode()
    assert "(gegevens gewist)" in listed and declined.family_name not in listed


def test_an_open_referral_can_be_erased_and_then_only_declined(world, referral, client_for):
    client = client_for(world.users["beheerder"])
    client.post(erase_url(referral), CONFIRMED)
    kept = Referral.objects.get(pk=referral.pk)
    assert kept.status == "nieuw" and kept.family_name == "" and kept.anonymised_at
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Afwijzen" in page and "Accepteren" not in page
    response = client.get(reverse("referral-accept", args=[referral.pk]), follow=True)
    assert "kan alleen nog worden afgewezen" in response.content.decode()
    with pytest.raises(RuleError, match="accepteren kan niet meer"):
        services.accept(kept, user=world.users["beheerder"], started_on=TODAY)
    services.decline(kept, user=world.users["beheerder"], reason="geen-contact")
    assert Referral.objects.get(pk=referral.pk).status == "afgewezen"


def test_the_form_needs_a_confirmation_and_no_future_date(world, declined, client_for):
    client = client_for(world.users["coordinator"])
    response = client.post(erase_url(declined), {**CONFIRMED, "confirm": ""})
    assert response.status_code == 200 and "Dit veld is vereist" in response.content.decode()
    future = (TODAY.replace(year=TODAY.year + 1)).isoformat()
    response = client.post(erase_url(declined), {**CONFIRMED, "requested_on": future})
    assert "ligt in de toekomst" in response.content.decode()
    response = client.post(erase_url(declined), {**CONFIRMED, "requested_on": "gisteren"})
    assert response.status_code == 200
    assert Referral.objects.get(pk=declined.pk).anonymised_at is None


def test_erasing_twice_says_so(world, declined, client_for, api_client_for):
    client = client_for(world.users["coordinator"])
    client.post(erase_url(declined), CONFIRMED)
    response = client.post(erase_url(declined), CONFIRMED, follow=True)
    assert "zijn al gewist op" in response.content.decode()
    response = client.get(erase_url(declined), follow=True)
    assert "zijn al gewist op" in response.content.decode()
    api = api_client_for(world.users["coordinator"])
    body = {"dry_run": False, "requested_on": TODAY.isoformat(), "reason": "verzoek"}
    response = api.post(api_url(declined), body, format="json")
    assert response.status_code == 400 and "al gewist" in problem(response)["detail"]
    assert ErasureRecord.objects.count() == 1


def test_the_api_first_shows_the_plan_then_erases(world, declined, api_client_for):
    api = api_client_for(world.users["coordinator"])
    response = api.post(api_url(declined), {}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["dry_run"] is True and body["anonymised_at"] is None
    assert "achternaam" in body["erases"] and "reden van afwijzen" in body["keeps"]
    assert Referral.objects.get(pk=declined.pk).family_name

    response = api.post(
        api_url(declined),
        {"dry_run": False, "requested_on": TODAY.isoformat(), "reason": "Verzoek bewoner"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["anonymised_at"]
    detail = api.get(reverse("api:referral-detail", args=[declined.pk])).json()
    assert detail["family_name"] == "" and detail["anonymised_at"] and detail["feedback"] == []
    assert AccessLogEntry.objects.filter(
        username="coordinator", action="delete", object_id=declined.pk
    ).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"dry_run": False}, "reason"),
        ({"dry_run": False, "reason": "x", "requested_on": "2999-01-01"}, "requested_on"),
        ({"dry_run": False, "reason": "x", "requested_on": "morgen"}, "requested_on"),
        ({"dry_run": "misschien"}, "dry_run"),
        ({"dry_run": False, "reason": "x" * 201, "requested_on": "2025-01-01"}, "reason"),
    ],
)
def test_bad_api_input_is_a_400_naming_the_field(world, declined, api_client_for, body, field):
    response = api_client_for(world.users["coordinator"]).post(
        api_url(declined), body, format="json"
    )
    assert response.status_code == 400 and field in field_errors(response)
    assert Referral.objects.get(pk=declined.pk).anonymised_at is None


def test_an_unknown_or_foreign_referral_is_a_logged_404(
    world, declined, api_client_for, client_for
):
    from tests.factories import UserFactory

    api = api_client_for(world.users["coordinator"])
    assert api.post(api_url(999999), {}, format="json").status_code == 404
    huge = api_url(1).replace("/1/", f"/{2**70}/")  # not even a route: no view, no log
    assert api.post(huge, {}, format="json").status_code == 404
    page = client_for(world.users["coordinator"]).get(
        erase_url(declined).replace(f"/{declined.pk}/", f"/{2**70}/")
    )
    assert page.status_code == 404
    other = UserFactory(role="coordinator", organisation=world.other_welfare_org)
    assert api_client_for(other).post(api_url(declined), {}, format="json").status_code == 404
    assert AccessLogEntry.objects.filter(object_type="verwijzing", result="denied").count() == 3
