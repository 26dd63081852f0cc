"""Privacy of vraag en aanbod: one access-log entry per view, export and erasure."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kwartier.core.access.log import AccessLogEntry
from kwartier.privacy import subject
from kwartier.support import runs
from kwartier.support.models import (
    Helper,
    HelpRequest,
    Match,
    Proposal,
    StatusChange,
    UnmatchedRequest,
)
from tests.support.world import make_request

pytestmark = pytest.mark.django_db


def entries():
    return list(AccessLogEntry.objects.order_by("pk"))


def test_reading_a_request_writes_one_entry(sw, world, client_for):
    client = client_for(world.users["wijkwerker"])
    assert client.get(sw.request_proposed.get_absolute_url()).status_code == 200
    (entry,) = entries()
    assert (entry.action, entry.object_type, entry.result) == ("read", "hulpvraag", "allowed")
    assert entry.person_public_id == world.in_area.public_id
    assert entry.object_id == str(sw.request_proposed.pk)
    assert entry.access_point == "GET helprequest-detail"
    assert entry.legal_basis.startswith("eigen dossier")


def test_a_list_writes_one_search_entry(sw, world, client_for):
    client_for(world.users["coordinator"]).get(reverse("helprequest-list"), {"q": "Anna"})
    (entry,) = entries()
    assert entry.action == "search" and entry.detail == "1 resultaten"
    assert "Anna" not in str(entry.__dict__)


def test_out_of_scope_and_refused_roles_are_logged_as_denied(sw, world, client_for):
    wijkwerker = client_for(world.users["wijkwerker"])
    assert wijkwerker.get(sw.request_elsewhere.get_absolute_url()).status_code == 404
    assert wijkwerker.get(reverse("match-detail", args=[999999])).status_code == 404
    gemeente = client_for(world.users["gemeente"])
    assert gemeente.get(sw.request_proposed.get_absolute_url()).status_code == 403
    assert [(e.result, e.object_type) for e in entries()] == [
        ("denied", "hulpvraag"),
        ("denied", "koppeling"),
        ("denied", "hulpvraag"),
    ]


def test_changes_are_logged_once_each(sw, world, client_for):
    client = client_for(world.users["coordinator"])
    created = client.post(
        reverse("helprequest-create"),
        {
            "resident": world.in_area_2.public_id,
            "category": sw.categories["vervoer"].pk,
            "description": "Naar het ziekenhuis.",
            "slots": ["di-ochtend"],
            "recurrence": "eenmalig",
            "start_date": timezone.localdate().isoformat(),
            "urgency": "hoog",
            "languages": "",
            "helper_gender": "geen",
            "registered_on": timezone.localdate().isoformat(),
        },
    )
    help_request = HelpRequest.objects.get(description="Naar het ziekenhuis.")
    assert created.status_code == 302
    client.post(reverse("helprequest-status", args=[help_request.pk]), {"status": "zoeken"})
    assert [(e.action, e.person_public_id) for e in entries()] == [
        ("create", world.in_area_2.public_id),
        ("change", world.in_area_2.public_id),
    ]


def test_match_and_proposal_pages_are_logged(sw, world, client_for):
    client = client_for(world.users["coordinator"])
    client.get(sw.match.get_absolute_url())
    client.get(sw.run.get_absolute_url())
    client.get(reverse("proposal-accept", args=[sw.proposal_open.pk]))
    client.post(reverse("proposal-reject", args=[sw.proposal_open.pk]), {"reason": "nee"})
    assert [(e.action, e.object_type, e.person_public_id) for e in entries()] == [
        ("read", "koppeling", world.in_area_2.public_id),
        ("search", "koppeling", ""),
        ("read", "koppeling", world.in_area.public_id),
        ("change", "koppeling", world.in_area.public_id),
    ]


def test_the_api_logs_too(sw, world, api_client_for):
    api = api_client_for(world.users["coordinator"], token=True)
    api.get(reverse("api:helprequest-detail", args=[sw.request_proposed.pk]))
    api.get(reverse("api:helprequest-list"))
    api.get(reverse("api:match-detail", args=[sw.match.pk]))
    api.get(reverse("api:match-list"))
    api.get(reverse("api:proposal-detail", args=[sw.proposal_open.pk]))
    api.get(reverse("api:matchrun-detail", args=[sw.run.pk]))
    api.get(reverse("api:matchrun-list"))
    assert [(e.action, e.object_type, e.access_point) for e in entries()] == [
        ("read", "hulpvraag", "GET api:helprequest-detail"),
        ("search", "hulpvraag", "GET api:helprequest-list"),
        ("read", "koppeling", "GET api:match-detail"),
        ("search", "koppeling", "GET api:match-list"),
        ("read", "koppeling", "GET api:proposal-detail"),
        ("search", "koppeling", "GET api:matchrun-detail"),
        ("search", "koppeling", "GET api:matchrun-list"),
    ]
    assert api_client_for(world.users["gemeente"]).get(reverse("api:match-list")).status_code == 403
    assert entries()[-1].result == "denied"


def test_api_changes_are_logged_once_each(sw, world, api_client_for):
    """A custom action logs one entry on what it changed or created, nothing more."""
    api = api_client_for(world.users["coordinator"], token=True)
    stop = {"status": "gestopt", "reason": "verhuisd"}
    stopped = api.post(reverse("api:helprequest-transition", args=[sw.request_elsewhere.pk]), stop)
    assert stopped.status_code == 200
    accepted = api.post(
        reverse("api:proposal-accept", args=[sw.proposal_open.pk]),
        {"consent_confirmed": True, "consent_obtained": "mondeling"},
    )
    assert accepted.status_code == 201
    ended = api.post(
        reverse("api:match-end", args=[sw.match.pk]), {"outcome": "afgerond", "reason": "klaar"}
    )
    assert ended.status_code == 200
    assert [(e.action, e.object_type, e.object_id) for e in entries()] == [
        ("change", "hulpvraag", str(sw.request_elsewhere.pk)),
        ("create", "koppeling", str(accepted.json()["id"])),
        ("change", "koppeling", str(sw.match.pk)),
    ]


def test_refused_api_decisions_are_not_logged_as_changes(sw, world, api_client_for):
    api = api_client_for(world.users["coordinator"], token=True)
    assert (
        api.post(reverse("api:proposal-reject", args=[sw.proposal_open.pk]), {}).status_code == 400
    )
    assert entries() == []


def test_the_volunteer_api_logs_the_match_as_legal_basis(sw, world, api_client_for):
    from kwartier.support.scoping import CONFIRMED_BASIS

    api = api_client_for(world.users["vrijwilliger"], token=True)
    assert api.get(reverse("api:match-detail", args=[sw.match.pk])).status_code == 200
    (entry,) = entries()
    assert (entry.action, entry.object_type, entry.legal_basis) == (
        "read",
        "koppeling",
        CONFIRMED_BASIS,
    )


# Export and erasure --------------------------------------------------------------------


@pytest.fixture
def history(sw, world):
    """in_area: a request with a run, a rejected proposal, a match, an unmatched entry."""
    user = world.users["coordinator"]
    from kwartier.support import decisions, workflow

    decisions.reject(sw.proposal_open, user=user, reason="klikt niet")
    run = runs.run_matching(user, world.areas.buurt)  # the helper is excluded now
    assert UnmatchedRequest.objects.filter(run=run, request=sw.request_proposed).exists()
    proposal = Proposal.objects.create(
        run=run, request=sw.request_proposed, helper=sw.helper_own, score=3, reasons=["x"]
    )
    workflow.transition(sw.request_proposed, "voorgesteld", user=user)
    match = decisions.accept(
        proposal, user=user, consent_confirmed=True, consent_obtained="mondeling"
    )
    decisions.end(match, user=user, reason="klaar", outcome="afgerond")
    return match


def test_the_provider_is_registered_before_consents_and_the_resident():
    orders = {p.name: p.order for p in subject.providers()}
    assert orders["Hulpvragen en koppelingen"] < 900 <= orders["Toestemmingen"]


def test_export_holds_requests_proposals_and_matches(sw, world, history, client_for):
    data = subject.export_person(world.in_area)["gegevens"]["Hulpvragen en koppelingen"]
    (request,) = data
    assert request["soort_hulp"] == "Boodschappen" and request["status"] == "Afgerond"
    assert [c["naar"] for c in request["statusverloop"]] == [
        "Zoeken",
        "Voorgesteld",
        "Gekoppeld",
        "Afgerond",
    ]
    assert [p["besluit"] for p in request["voorstellen"]] == ["Afgewezen", "Geaccepteerd"]
    assert request["voorstellen"][0]["reden_afwijzing"] == "klikt niet"
    (match,) = request["koppelingen"]
    assert match["helper"] == "Kees de Vrijwilliger" and match["reden_beeindigen"] == "klaar"
    assert len(match["wijzigingen"]) == 2 and len(request["wijzigingen"]) >= 4
    page = client_for(world.users["coordinator"]).get(
        reverse("person-export", args=[world.in_area.public_id])
    )
    assert "Hulpvragen en koppelingen" in page.content.decode()


def test_erasure_removes_everything_but_the_helpers(sw, world, history):
    person = world.in_area
    other_resident_request = sw.request_matched  # someone else's: stays
    plan = {p["onderdeel"]: p["wat"] for p in subject.erasure_plan(person)}
    assert plan["Hulpvragen en koppelingen"] == [
        "1 hulpvraag met 4 statuswijzigingen",
        "2 koppelvoorstellen en 1 reden zonder voorstel",
        "1 koppeling",
        f"{HelpRequest.history.filter(id=sw.request_proposed.pk).count() + 2} versies in de "
        "wijzigingshistorie van hulpvragen en koppelingen",
    ]
    assert HelpRequest.objects.filter(person=person).exists()  # a plan changes nothing

    subject.erase_person(
        person, user=world.users["coordinator"], requested_on=timezone.localdate(), reason="AVG"
    )
    assert not HelpRequest.objects.filter(pk=sw.request_proposed.pk).exists()
    assert not HelpRequest.history.filter(id=sw.request_proposed.pk).exists()
    assert not Match.objects.filter(pk=history.pk).exists()
    assert not Match.history.filter(id=history.pk).exists()
    assert not Proposal.objects.filter(request_id=sw.request_proposed.pk).exists()
    assert not UnmatchedRequest.objects.filter(request_id=sw.request_proposed.pk).exists()
    assert not StatusChange.objects.filter(request_id=sw.request_proposed.pk).exists()
    assert Helper.objects.filter(pk=sw.helper_own.pk).exists()
    assert HelpRequest.objects.filter(pk=other_resident_request.pk).exists()


def test_erasing_a_resident_with_an_active_match(sw, world):
    """The helper is protected from deletion, the resident's match is not."""
    person = world.in_area_2
    subject.erase_person(
        person,
        user=world.users["coordinator"],
        requested_on=timezone.localdate() - datetime.timedelta(days=1),
        reason="verzoek",
    )
    assert not Match.objects.filter(pk=sw.match.pk).exists()
    assert Helper.objects.with_load().get(pk=sw.helper_own.pk).load == 0


def test_history_is_kept_on_requests_and_matches(sw, world):
    request = make_request(world.in_area_2, sw.categories["tuin"])
    request.description = "Heg knippen."
    request.save()
    assert [h.history_type for h in request.history.order_by("history_date")] == ["+", "~"]
