"""The staff pages: the work queue with its filters and saved filters, the signal page with
its photos, history and actions, the start-page block and the access log."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kwartier.core.access.log import AccessLogEntry
from kwartier.signals import services
from kwartier.signals.models import ResponseTemplate, SavedFilter, Signal, SignalEvent
from kwartier.signals.states import Status
from tests.signals.helpers import category, make_signal
from tests.signals.pages_staff import photo_of


def numbers(response) -> set[str]:
    return {s.number for s in response.context["object_list"]}


@pytest.fixture
def coordinator_client(client_for, personas):
    return client_for(personas["coordinator"])


def queue(client, **params):
    return client.get(reverse("signals:queue"), params)


# The queue -------------------------------------------------------------------------


def test_the_queue_shows_the_open_signals_in_scope(signals, client_for, personas):
    s = signals
    response = queue(client_for(personas["coordinator"]))
    assert response.status_code == 200
    assert numbers(response) == {
        s.in_area.number,
        s.out_of_area.number,
        s.passed_on.number,
        s.sensitive.number,
    }
    assert numbers(queue(client_for(personas["wijkwerker"]))) == {
        s.in_area.number,
        s.passed_on.number,
        s.sensitive.number,
    }
    # The partner: what was passed on to it and what the rules routed to it, nothing else.
    partner = queue(client_for(personas["partner"]))
    assert numbers(partner) == {s.passed_on.number, s.youth_elsewhere.number}
    assert s.in_area.number not in partner.content.decode()
    assert numbers(queue(client_for(personas["other_org_worker"]))) == set()


def test_queue_filters(signals, coordinator_client, personas, world):
    s, me = signals, personas["coordinator"]
    services.transition(s.out_of_area, Status.AFGEHANDELD, user=me, reason="Klaar")
    Signal.objects.filter(pk=s.in_area.pk).update(assignee=me, channel="telefoon", urgency="hoog")
    # in_area is far over its term, sensitive just over.
    now = timezone.now()
    Signal.objects.filter(pk=s.in_area.pk).update(
        reported_at=now - datetime.timedelta(days=40), due_at=now - datetime.timedelta(days=30)
    )
    Signal.objects.filter(pk=s.sensitive.pk).update(
        reported_at=now - datetime.timedelta(days=12), due_at=now - datetime.timedelta(days=2)
    )
    c = coordinator_client
    assert numbers(queue(c)) == {s.in_area.number, s.passed_on.number, s.sensitive.number}
    assert numbers(queue(c, status="afgehandeld")) == {s.out_of_area.number}
    assert len(numbers(queue(c, status="alle"))) == 4
    assert numbers(queue(c, status="doorgezet")) == {s.passed_on.number}
    main = category("zorg-buur").parent
    assert numbers(queue(c, categorie=main.pk)) == {s.sensitive.number}
    assert numbers(queue(c, buurt=world.areas.buurt_2.pk)) == {s.passed_on.number}
    assert numbers(queue(c, buurt=world.areas.wijk.pk)) == {
        s.in_area.number,
        s.passed_on.number,
        s.sensitive.number,
    }
    assert numbers(queue(c, termijn="binnen")) == {s.passed_on.number}
    assert numbers(queue(c, termijn="over")) == {s.in_area.number, s.sensitive.number}
    assert numbers(queue(c, termijn="ver-over")) == {s.in_area.number}
    assert numbers(queue(c, behandelaar="mij")) == {s.in_area.number}
    assert numbers(queue(c, behandelaar="niemand")) == {s.passed_on.number, s.sensitive.number}
    assert numbers(queue(c, behandelaar=me.pk)) == {s.in_area.number}
    assert numbers(queue(c, kanaal="telefoon")) == {s.in_area.number}
    assert numbers(queue(c, urgentie="hoog")) == {s.in_area.number}
    # A filter value that is not a choice is left out, not a 500.
    response = queue(c, buurt="99999999999999999999", status="x")
    assert response.status_code == 200 and len(numbers(response)) == 3
    # Rows show number, category, buurt, term and status.
    page = queue(c, termijn="ver-over").content.decode()
    assert "Ver over termijn" in page and s.in_area.area.name in page


def test_the_queue_is_paginated_in_the_database(world, routing, coordinator_client):
    for _ in range(30):
        make_signal(world.areas.buurt)
    first = queue(coordinator_client)
    assert len(first.context["object_list"]) == 25
    assert first.context["paginator"].count == 30
    second = queue(coordinator_client, page=2)
    assert len(second.context["object_list"]) == 5


def test_the_queue_is_logged_as_a_search(signals, coordinator_client):
    queue(coordinator_client)
    entry = AccessLogEntry.objects.filter(object_type="melding").first()
    assert entry.action == "search" and entry.detail == "4 resultaten"


def test_saved_filters_are_ones_own(signals, client_for, personas):
    c = client_for(personas["coordinator"])
    url = reverse("signals:saved-filters")
    response = c.post(url, {"name": "Mijn urgente", "urgentie": "hoog", "behandelaar": "mij"})
    assert response.status_code == 302
    saved = SavedFilter.objects.get(user=personas["coordinator"])
    assert saved.name == "Mijn urgente"
    assert saved.query == "behandelaar=mij&urgentie=hoog"
    page = queue(c).content.decode()
    assert "Mijn urgente" in page and "?behandelaar=mij&amp;urgentie=hoog" in page
    # The same name twice is refused; another user's filter cannot be deleted.
    c.post(url, {"name": "Mijn urgente"})
    assert SavedFilter.objects.count() == 1
    other = client_for(personas["wijkwerker"])
    other.post(url, {"delete": saved.pk})
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
    assert "Mijn urgente" not in queue(other).content.decode()
    c.post(url, {"delete": saved.pk})
    assert not SavedFilter.objects.exists()


# The signal page -------------------------------------------------------------------


def signal_url(signal):
    return reverse("signals:signal", args=[signal.number])


def test_the_signal_page_shows_details_history_and_is_logged(signals, client_for, personas):
    signal = signals.in_area
    from kwartier.signals import handling

    handling.add_note(signal, "Buurman weet meer", user=personas["coordinator"])
    handling.send_message(signal, "We gaan ernaar kijken", user=personas["coordinator"])
    response = client_for(personas["wijkwerker"]).get(signal_url(signal))
    assert response.status_code == 200
    page = response.content.decode()
    assert signal.number in page and "Kapotte lantaarnpaal" in page and "Fatima" in page
    assert "Buurman weet meer" in page and "intern" in page
    assert "We gaan ernaar kijken" in page
    entry = AccessLogEntry.objects.get(object_type="melding", action="read")
    assert entry.object_id == str(signal.pk) and entry.username == "wijkwerker"
    assert entry.person_public_id == ""


def test_out_of_scope_is_a_logged_404(signals, client_for, personas):
    response = client_for(personas["partner"]).get(signal_url(signals.in_area))
    assert response.status_code == 404
    entry = AccessLogEntry.objects.get(object_type="melding")
    assert entry.result == "denied" and entry.object_id == signals.in_area.number
    assert client_for(personas["coordinator"]).get("/meldingen/S-0000-000000/").status_code == 404


def test_photos_come_through_the_gate(signals, client_for, personas, settings):
    photo = photo_of(signals.in_area)
    url = reverse("signals:signal-photo", args=[signals.in_area.number, photo.pk])
    response = client_for(personas["wijkwerker"]).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert "no-store" in response["Cache-Control"]
    assert client_for(personas["partner"]).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    # Another signal's number with this photo's id finds nothing.
    other = reverse("signals:signal-photo", args=[signals.passed_on.number, photo.pk])
    assert client_for(personas["coordinator"]).get(other).status_code == 404
    page = client_for(personas["wijkwerker"]).get(signal_url(signals.in_area)).content.decode()
    assert url in page and settings.MEDIA_URL not in page


def test_status_change_with_the_template_message(signals, coordinator_client):
    signal = signals.in_area
    ResponseTemplate.objects.create(
        status=Status.AFGEHANDELD, text="Uw melding is opgelost. Dank u wel!"
    )
    form = coordinator_client.get(signal_url(signal), {"status": "afgehandeld"})
    assert "Uw melding is opgelost. Dank u wel!" in form.content.decode()
    response = coordinator_client.post(
        signal_url(signal),
        {
            "action": "status",
            "status": "afgehandeld",
            "reason": "Lamp vervangen",
            "message": "Opgelost, de lamp brandt weer.",
        },
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == Status.AFGEHANDELD
    message = signal.events.get(kind=SignalEvent.Kind.MESSAGE)
    assert message.text == "Opgelost, de lamp brandt weer."
    entry = AccessLogEntry.objects.filter(object_type="melding").first()
    assert entry.action == "change"


def test_rule_errors_show_on_the_form(signals, coordinator_client, personas):
    signal = signals.in_area
    services.transition(signal, Status.AFGEHANDELD, user=personas["coordinator"])
    # Reopening needs a reason: the form says so, nothing changes.
    response = coordinator_client.post(
        signal_url(signal), {"action": "status", "status": "heropend", "reason": ""}
    )
    assert response.status_code == 200
    assert "Dit veld is vereist" in response.content.decode()
    # Passing on to the handler itself: the domain's RuleError on the partner field.
    signal = signals.out_of_area
    response = coordinator_client.post(
        signal_url(signal),
        {"action": "status", "status": "doorgezet", "partner": signal.organisation_id},
    )
    assert response.status_code == 200
    assert response.context["forms"]["status"].errors["partner"]
    signal.refresh_from_db()
    assert signal.status == Status.GEMELD
    # A status the state machine does not allow from here.
    response = coordinator_client.post(
        signal_url(signal), {"action": "status", "status": "heropend", "reason": "x"}
    )
    assert response.status_code == 400


def test_assign_note_message_and_reroute(signals, coordinator_client, personas, world):
    signal, url = signals.in_area, signal_url(signals.in_area)
    wijkwerker = personas["wijkwerker"]
    assert (
        coordinator_client.post(url, {"action": "assign", "assignee": wijkwerker.pk}).status_code
        == 302
    )
    signal.refresh_from_db()
    assert signal.assignee == wijkwerker
    coordinator_client.post(url, {"action": "note", "note-text": "Even bellen"})
    coordinator_client.post(url, {"action": "message", "message-text": "Bedankt voor uw melding"})
    kinds = list(signal.events.values_list("kind", flat=True))
    assert kinds[-3:] == ["toewijzing", "notitie", "bericht"]
    # An empty note is refused on the form.
    response = coordinator_client.post(url, {"action": "note", "note-text": ""})
    assert response.status_code == 200 and response.context["forms"]["note"].errors
    response = coordinator_client.post(
        url, {"action": "reroute", "organisation": world.housing_org.pk, "team": "Beheer"}
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.organisation == world.housing_org and signal.assignee is None


def test_split_into_parts_for_partners(signals, coordinator_client, world):
    signal = signals.in_area
    response = coordinator_client.post(
        signal_url(signal),
        {
            "action": "split",
            "category_1": category("groen").pk,
            "partner_1": world.housing_org.pk,
            "description_1": "Boom snoeien",
            "category_2": category("afval").pk,
            "partner_2": "",
        },
    )
    # The second part misses its partner: nothing is split.
    assert response.context["forms"]["split"].errors and not signal.parts.exists()
    response = coordinator_client.post(
        signal_url(signal),
        {
            "action": "split",
            "category_1": category("groen").pk,
            "partner_1": world.housing_org.pk,
            "description_1": "Boom snoeien",
        },
    )
    assert response.status_code == 302
    part = signal.parts.get()
    assert part.partner == world.housing_org and part.status == Status.DOORGEZET
    assert part.number in coordinator_client.get(signal_url(signal)).content.decode()


def test_duplicates_are_offered_and_merged(world, routing, coordinator_client):
    near = {"latitude": "52.370000", "longitude": "4.900000"}
    first = make_signal(world.areas.buurt, **near)
    second = make_signal(world.areas.buurt, latitude="52.370300", longitude="4.900200")
    page = coordinator_client.get(signal_url(second)).content.decode()
    assert "Mogelijk dezelfde melding" in page and first.number in page
    assert f"Samenvoegen: {second.number} in {first.number}" in page
    response = coordinator_client.post(
        signal_url(second),
        {"action": "merge", "duplicate": second.number, "into": first.number},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.merged_into == first and second.status == Status.AFGEHANDELD
    # A number out of scope or unknown is an error on the form.
    response = coordinator_client.post(
        signal_url(first), {"action": "merge", "into": "S-1999-000001"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Geen melding met dit nummer" in page
    # The rarer actions are folded away, but open when one of them has an error.
    assert '<details class="more-actions" open>' in page
    assert (
        '<details class="more-actions">'
        in coordinator_client.get(signal_url(first)).content.decode()
    )


def test_linking_a_resident_logs_the_resident(signals, client_for, personas, world):
    c = client_for(personas["coordinator"])
    signal = signals.in_area
    response = c.post(signal_url(signal), {"action": "link", "public_id": "K-ONBEKEND"})
    assert response.context["forms"]["link"].errors
    response = c.post(signal_url(signal), {"action": "link", "public_id": world.in_area.public_id})
    assert response.status_code == 302
    change = AccessLogEntry.objects.filter(object_type="melding", action="change").first()
    assert change.person_public_id == world.in_area.public_id
    c.get(signal_url(signal))
    read = AccessLogEntry.objects.filter(object_type="melding", action="read").first()
    assert read.person_public_id == world.in_area.public_id


def test_a_partner_handles_only_what_was_passed_on(signals, client_for, personas):
    partner = client_for(personas["partner"])
    signal = signals.passed_on
    page = partner.get(signal_url(signal)).content.decode()
    assert "Toewijzen" not in page and "Splitsen" not in page
    assert "In behandeling" in page and "Afgehandeld" in page
    assert "Geannuleerd" not in page
    response = partner.post(
        signal_url(signal),
        {"action": "status", "status": "afgehandeld", "reason": "Boom gekapt", "message": ""},
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == Status.AFGEHANDELD
    other = signals.youth_elsewhere
    assert (
        partner.post(signal_url(other), {"action": "note", "note-text": "Gezien"}).status_code
        == 302
    )
    # Worker actions are refused; cancelling is not the partner's to do.
    assert partner.post(signal_url(other), {"action": "assign", "assignee": ""}).status_code == 403
    response = partner.post(
        signal_url(other), {"action": "status", "status": "geannuleerd", "reason": "x"}
    )
    assert response.status_code == 400
    assert partner.post(signal_url(signals.in_area), {"action": "note"}).status_code == 404


# Start page and menu -----------------------------------------------------------------


def test_start_page_block_and_menu(signals, client_for, personas):
    me = personas["wijkwerker"]
    Signal.objects.filter(pk=signals.in_area.pk).update(
        assignee=me, due_at=timezone.now() - datetime.timedelta(days=1)
    )
    page = client_for(me).get(reverse("home")).content.decode()
    assert "3 open meldingen" in page and "1 over termijn" in page
    assert "1 aan u toegewezen" in page
    assert f'href="{reverse("signals:queue")}"' in page
    funder = client_for(personas["gemeente"]).get(reverse("home")).content.decode()
    assert f'href="{reverse("signals:figures")}"' in funder
    assert f'href="{reverse("signals:queue")}"' not in funder
