"""The referrals API: the same services and rules as the pages."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kwartier.referrals.models import Referral
from tests.problems import field_errors, problem

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def payload(world, **overrides):
    data = {
        "organisation": world.welfare_org.pk,
        "method": "welzijn-op-recept",
        "given_name": "Truus",
        "family_name": "de Wit",
        "birth_year": 1952,
        "phone": "06-12340000",
        "reason": "Eenzaam sinds de verhuizing.",
        "consent_obtained": "schriftelijk",
        "consent_on": TODAY.isoformat(),
        "feedback_scope": "verloop",
        "confirm_consent": True,
    }
    data.update(overrides)
    return data


def test_a_gp_refers_through_the_api_with_a_token(world, gp, gp_org, api_client_for):
    client = api_client_for(gp, token=True)
    response = client.post(reverse("api:referral-list"), payload(world), format="json")
    assert response.status_code == 201, response.data
    body = response.json()
    assert body["status"] == "nieuw" and body["method"] == "welzijn-op-recept"
    assert body["referrer_organisation"] == gp_org.name
    assert body["person"] is None and body["feedback"] == []
    listed = client.get(reverse("api:referral-list")).json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"confirm_consent": False}, "confirm_consent"),
        ({"phone": ""}, "phone"),
        ({"method": "bestaat-niet"}, "method"),
        ({"method": "welzijn\x00"}, "method"),
        ({"organisation": 10**30}, "organisation"),
        ({"birth_year": 1800}, "birth_year"),
        ({"consent_on": "morgen"}, "consent_on"),
        ({"feedback_scope": "alles"}, "feedback_scope"),
        ({"postcode": "12345"}, "postcode"),
    ],
)
def test_bad_referrals_are_a_400_naming_the_field(world, gp, api_client_for, change, field):
    response = api_client_for(gp).post(
        reverse("api:referral-list"), payload(world, **change), format="json"
    )
    assert response.status_code == 400 and field in field_errors(response)
    assert not Referral.objects.exists()


def test_accept_and_feedback_through_the_api(world, referral, api_client_for, gp):
    worker = api_client_for(world.users["coordinator"])
    url = reverse("api:referral-accept", args=[referral.pk])
    response = worker.post(
        url,
        {
            "person": world.in_area.public_id,
            "started_on": TODAY.isoformat(),
            "worker": "wijkwerker",
        },
        format="json",
    )
    assert response.status_code == 200, response.data
    body = response.json()
    assert body["status"] == "geaccepteerd" and body["person"] == world.in_area.public_id
    assert body["trajectory"] is not None
    again = worker.post(url, {"started_on": TODAY.isoformat()}, format="json")
    assert again.status_code == 400 and "al besloten" in problem(again)["detail"]
    seen = api_client_for(gp).get(reverse("api:referral-detail", args=[referral.pk])).json()
    assert seen["person"] is None and seen["trajectory"] is None  # not for the referrer
    feedback = api_client_for(gp).get(reverse("api:referral-feedback", args=[referral.pk]))
    assert [f["kind"] for f in feedback.json()] == ["gestart"]


def test_accept_refuses_a_resident_out_of_scope(world, referral, api_client_for):
    response = api_client_for(world.users["wijkwerker"]).post(
        reverse("api:referral-accept", args=[referral.pk]),
        {"person": world.out_of_area.public_id, "started_on": TODAY.isoformat()},
        format="json",
    )
    assert response.status_code == 400 and "person" in field_errors(response)


def test_decline_through_the_api(
    world, referral, api_client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(world.users["coordinator"]).post(
            reverse("api:referral-decline", args=[referral.pk]),
            {"reason": "geen-contact", "on": (TODAY - datetime.timedelta(days=0)).isoformat()},
            format="json",
        )
    assert response.status_code == 200 and response.json()["status"] == "afgewezen"
    assert len(mail.outbox) == 1


def test_decline_with_an_unknown_reason_is_a_400(world, referral, api_client_for):
    response = api_client_for(world.users["coordinator"]).post(
        reverse("api:referral-decline", args=[referral.pk]), {"reason": "zomaar"}, format="json"
    )
    assert response.status_code == 400 and "reason" in field_errors(response)


def test_the_overview_in_json(world, referral, api_client_for):
    year = str(TODAY.year)
    body = (
        api_client_for(world.users["coordinator"])
        .get(reverse("api:referral-overview"), {"period": year})
        .json()
    )
    total = body["periods"][-1]
    assert total["period"] == year and total["counts"]["verwezen"] == "1"
    assert body["small_cells_suppressed"] is False
    assert [p["period"] for p in body["periods"][:-1]] == [f"{year}Q{q}" for q in range(1, 5)]


def test_the_gemeente_gets_suppressed_figures(world, referral, api_client_for):
    body = (
        api_client_for(world.users["gemeente"])
        .get(reverse("api:referral-overview"), {"period": str(TODAY.year)})
        .json()
    )
    assert body["small_cells_suppressed"] is True
    assert body["periods"][-1]["counts"]["verwezen"] == "<5"


@pytest.mark.parametrize(
    "params", [{"period": "2025Q9"}, {"referrer": "abc"}, {"referrer": "9" * 40}]
)
def test_a_bad_overview_query_is_a_400_naming_the_parameter(world, api_client_for, params):
    response = api_client_for(world.users["coordinator"]).get(
        reverse("api:referral-overview"), params
    )
    assert response.status_code == 400
    assert list(field_errors(response)) == list(params)


def test_the_overview_narrowed_to_one_referrer(world, referral, gp_org, api_client_for):
    body = (
        api_client_for(world.users["coordinator"])
        .get(reverse("api:referral-overview"), {"period": str(TODAY.year), "referrer": gp_org.pk})
        .json()
    )
    assert body["periods"][-1]["counts"]["verwezen"] == "1"


def test_without_a_period_the_last_quarter_with_referrals(world, referral, api_client_for):
    Referral.objects.filter(pk=referral.pk).update(received_on=datetime.date(2024, 5, 6))
    body = api_client_for(world.users["coordinator"]).get(reverse("api:referral-overview")).json()
    assert body["periods"][-1]["period"] == "2024Q2"
    assert body["periods"][-1]["counts"]["verwezen"] == "1"
