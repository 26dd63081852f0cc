"""The referral pages: the flows through the forms, the queue, accepting and declining.

Who may open which page is in the page matrix (tests/referrals/permissions.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kwartier.core.access.log import AccessLogEntry
from kwartier.referrals.models import Feedback, Referral
from tests.referrals.helpers import make_referral, method

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_an_unknown_or_huge_id_is_a_logged_404(world, client_for):
    client = client_for(world.users["coordinator"])
    for pk in (999999, 2**70):
        assert client.get(reverse("referral-detail", args=[pk])).status_code == 404
    assert AccessLogEntry.objects.filter(object_type="verwijzing", result="denied").count() == 2


# Referring -----------------------------------------------------------------------------


def form_data(world, **overrides):
    data = {
        "organisation": world.welfare_org.pk,
        "method": method().pk,
        "referrer_contact": "huisarts Bakker",
        "given_name": "Truus",
        "family_name": "de Wit",
        "birth_year": "1952",
        "postcode": "1234ab",
        "house_number": "7",
        "reason": "Eenzaam, komt de deur weinig uit.",
        "consent_obtained": "mondeling",
        "consent_on": TODAY.isoformat(),
        "feedback_scope": "uitkomst",
        "confirm": "on",
    }
    data.update(overrides)
    return data


def test_the_form_offers_welzijn_op_recept_by_default(gp, client_for):
    response = client_for(gp).get(reverse("referral-create"))
    assert response.context["form"]["method"].value() == method().pk
    assert b"vrije tekst" in response.content


def test_a_gp_refers_through_the_form(world, gp, gp_org, client_for):
    response = client_for(gp).post(reverse("referral-create"), form_data(world))
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == referral.get_absolute_url()
    assert (referral.referrer_organisation, referral.organisation) == (gp_org, world.welfare_org)
    assert referral.postcode == "1234 AB" and referral.feedback_scope == "uitkomst"
    assert AccessLogEntry.objects.filter(
        object_type="verwijzing", action="create", username="huisarts"
    ).exists()


def test_form_errors_are_dutch_and_next_to_their_field(world, gp, client_for, field_block):
    data = form_data(world, postcode="", house_number="", phone="", birth_year="3000")
    del data["confirm"]
    response = client_for(gp).post(reverse("referral-create"), data)
    assert response.status_code == 200 and not Referral.objects.exists()
    assert "adres" in field_block(response.content, "id_phone").errors[0]
    assert "toestemming" in field_block(response.content, "id_confirm").errors[0]
    assert field_block(response.content, "id_birth_year").invalid


@pytest.mark.parametrize(
    "bad",
    [
        {"organisation": "2" * 30},
        {"method": "-1"},
        {"organisation": "abc"},
        {"birth_year": "9" * 30},
        {"consent_on": "31-02-2025"},
        {"reason": "x" * 5000},
        {"house_number": "0"},
    ],
)
def test_bad_input_is_a_form_error_never_a_500(world, gp, client_for, bad):
    response = client_for(gp).post(reverse("referral-create"), form_data(world, **bad))
    assert response.status_code == 200 and response.context["form"].errors
    assert not Referral.objects.exists()


# The queue, accepting, declining -------------------------------------------------------


def test_the_queue_shows_new_referrals_longest_waiting_first(world, gp, client_for):
    old = make_referral(gp, world.welfare_org, family_name="Oud")
    Referral.objects.filter(pk=old.pk).update(received_on=TODAY - datetime.timedelta(days=20))
    make_referral(gp, world.welfare_org, family_name="Nieuw")
    response = client_for(world.users["wijkwerker"]).get(reverse("referral-list"))
    names = [r.family_name for r in response.context["object_list"]]
    assert names == ["Oud", "Nieuw"]
    assert "wacht 20 dagen" in response.content.decode()
    assert AccessLogEntry.objects.filter(object_type="verwijzing", action="search").exists()


def test_a_worker_accepts_a_known_resident_through_the_form(world, referral, client_for):
    client = client_for(world.users["wijkwerker"])
    url = reverse("referral-accept", args=[referral.pk])
    page = client.get(url)
    assert world.in_area.public_id in page.content.decode()
    response = client.post(
        url,
        {
            "resident": world.in_area.public_id,
            "started_on": TODAY.isoformat(),
            "worker": world.users["wijkwerker"].pk,
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "geaccepteerd" and referral.person == world.in_area
    detail = client.get(referral.get_absolute_url()).content.decode()
    assert world.in_area.get_absolute_url() in detail and "Gestart op" in detail


def test_accept_form_errors_are_shown(world, referral, client_for, field_block):
    response = client_for(world.users["coordinator"]).post(
        reverse("referral-accept", args=[referral.pk]),
        {
            "resident": "nieuw",
            "started_on": (TODAY + datetime.timedelta(days=2)).isoformat(),
            "worker": world.users["coordinator"].pk,
            "street": "Kerkstraat",
        },
    )
    assert response.status_code == 200
    assert field_block(response.content, "id_city").errors
    assert Referral.objects.get(pk=referral.pk).status == "nieuw"


def test_a_decided_referral_has_no_decision_form(world, referral, client_for):
    client = client_for(world.users["coordinator"])
    client.post(
        reverse("referral-decline", args=[referral.pk]), {"reason": "doelgroep", "on": TODAY}
    )
    response = client.get(reverse("referral-accept", args=[referral.pk]))
    assert response.status_code == 302 and response["Location"] == referral.get_absolute_url()


def test_a_decision_is_logged_once_and_a_decided_referral_not_as_changed_again(
    world, referral, client_for
):
    client = client_for(world.users["coordinator"])
    url = reverse("referral-decline", args=[referral.pk])
    entries = AccessLogEntry.objects.filter(object_type="verwijzing", username="coordinator")
    client.post(url, {"on": TODAY.isoformat()})  # the form again, with its errors: a read
    assert list(entries.values_list("action", flat=True)) == ["read"]
    client.post(url, {"reason": "doelgroep", "on": TODAY.isoformat()})
    assert list(entries.order_by("pk").values_list("action", flat=True)) == ["read", "change"]
    # Decided already: the user is sent back to the referral, nothing is read or changed.
    assert client.post(url, {"reason": "doelgroep", "on": TODAY.isoformat()}).status_code == 302
    assert client.get(url).status_code == 302
    assert entries.count() == 2
    assert entries.filter(object_id=str(referral.pk)).count() == 2


def test_refused_roles_are_logged_as_denied(world, referral, client_for):
    client_for(world.users["vrijwilliger"]).get(reverse("referral-list"))
    client_for(world.users["gemeente"]).get(reverse("referral-detail", args=[referral.pk]))
    denied = AccessLogEntry.objects.filter(object_type="verwijzing", result="denied")
    assert sorted(denied.values_list("username", "object_id")) == [
        (world.users["gemeente"].username, str(referral.pk)),
        (world.users["vrijwilliger"].username, ""),
    ]


def test_declining_shows_the_reason_to_the_referrer(world, referral, gp, client_for):
    response = client_for(world.users["coordinator"]).post(
        reverse("referral-decline", args=[referral.pk]),
        {"reason": "werkgebied", "note": "Woont in de buurgemeente.", "on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    page = client_for(gp).get(referral.get_absolute_url()).content.decode()
    assert "Woont buiten ons werkgebied" in page and "Woont in de buurgemeente." in page
    mine = client_for(gp).get(reverse("referral-list")).content.decode()
    assert "Afgewezen op" in mine


def test_decline_without_reason_is_a_field_error(world, referral, client_for, field_block):
    response = client_for(world.users["coordinator"]).post(
        reverse("referral-decline", args=[referral.pk]), {"on": TODAY.isoformat()}
    )
    assert response.status_code == 200
    assert field_block(response.content, "id_reason_0").node is not None
    assert response.context["form"].errors["reason"]


# Overview ------------------------------------------------------------------------------


def test_the_overview_as_page_and_csv(world, referral, gp, client_for):
    period = f"{TODAY.year}"
    client = client_for(gp)
    page = client.get(reverse("referral-overview"), {"periode": period})
    total = page.context["shown"]["rows"][-1]
    assert total["counts"]["verwezen"] == "1"
    csv = client.get(reverse("referral-overview-csv"), {"periode": period})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("periode;van;tot en met;verwezen;geaccepteerd")
    assert lines[-1].startswith(f"{period};{period}-01-01;{period}-12-31;1;0;0;1")


def test_the_gemeente_sees_small_numbers_suppressed(world, referral, client_for):
    page = client_for(world.users["gemeente"]).get(
        reverse("referral-overview"), {"periode": str(TODAY.year)}
    )
    assert page.context["shown"]["rows"][-1]["counts"]["verwezen"] == "<5"
    assert referral.family_name not in page.content.decode()


def test_a_bad_period_is_explained(world, gp, client_for):
    page = client_for(gp).get(reverse("referral-overview"), {"periode": "gisteren"})
    assert page.status_code == 200 and "kwartaal" in page.context["form"].errors["periode"][0]


def test_the_home_page_shows_waiting_referrals_to_workers(world, referral, client_for):
    page = client_for(world.users["coordinator"]).get(reverse("home")).content.decode()
    assert "1 nieuwe verwijzing" in page


def test_the_residents_page_lists_their_referrals(world, referral, client_for):
    from kwartier.referrals import services

    services.accept(
        referral, user=world.users["coordinator"], started_on=TODAY, person=world.in_area
    )
    page = client_for(world.users["coordinator"]).get(world.in_area.get_absolute_url())
    assert "Huisartsenpraktijk Testveen" in page.content.decode()
    assert Feedback.objects.filter(referral=referral).exists()


@pytest.mark.parametrize(
    "params",
    [
        {"status": "x" * 500, "page": "9" * 40},
        {"page": "-1"},
        {"periode": "x" * 500, "verwijzer": "9" * 40},
        {"periode": "2025Q4", "verwijzer": "abc"},
        {"periode": "9999"},
    ],
)
def test_hostile_query_parameters_are_never_a_500(world, referral, client_for, params):
    client = client_for(world.users["coordinator"])
    for name in ("referral-list", "referral-overview", "referral-overview-csv"):
        assert client.get(reverse(name), params).status_code in (200, 404)


def test_the_referrers_home_page_lists_its_latest_referrals_logged(world, referral, gp, client_for):
    page = client_for(gp).get(reverse("home")).content.decode()
    assert referral.full_name in page and "Nieuwe verwijzing" in page
    assert AccessLogEntry.objects.filter(username="huisarts", action="search").exists()
