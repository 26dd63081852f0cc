"""The ecogram in export (art. 15) and erasure (art. 17), and the model's own guards."""

import json

import pytest
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError
from django.urls import reverse
from django.utils import timezone

from kwartier.core.models import Person
from kwartier.network import subject_data
from kwartier.network.models import ERASED_LABEL, Tie
from kwartier.privacy import subject

pytestmark = pytest.mark.django_db


def erase(client, person):
    return client.post(
        reverse("api:person-erase", args=[person.public_id]),
        {"dry_run": False, "requested_on": timezone.localdate().isoformat(), "reason": "verzoek"},
        format="json",
    )


def test_registered_before_consents_and_the_person():
    names = [p.name for p in subject.providers()]
    assert subject_data.PROVIDER_NAME in names
    assert names.index(subject_data.PROVIDER_NAME) < names.index("Toestemmingen")
    assert names.index(subject_data.PROVIDER_NAME) < names.index("Bewoner en adres")


def test_export_holds_the_ties_and_their_history(world, add_tie, api_client_for):
    person = world.in_area
    tie = add_tie(person, note="Komt op zondag")
    add_tie(person, contact_person=world.in_area_2, group="B")
    add_tie(person, contact_organisation=world.housing_org, group="Z")
    tie.strength = "belastend"
    tie.save()
    data = (
        api_client_for(world.users["coordinator"])
        .get(reverse("api:person-export", args=[person.public_id]))
        .json()
    )
    network = data["gegevens"][subject_data.PROVIDER_NAME]
    contacts = network["contacten"]
    assert [c["contact"] for c in contacts] == [
        {"soort": "persoon", "naam": "Zus Ineke"},
        {"soort": "persoon", "naam": world.in_area_2.full_name},  # not "registered"
        {"soort": "organisatie", "naam": world.housing_org.name},
    ]
    assert contacts[0]["aard"] == "Belastend / conflict"
    assert contacts[0]["functies"] == ["Emotionele steun", "Praktische steun"]
    assert contacts[0]["notitie"] == "Komt op zondag"
    assert len(network["wijzigingen"]) == 4
    assert network["wijzigingen"][-1]["velden"] == ["aard van de band"]


def test_the_export_page_shows_the_network(world, add_tie, client_for):
    add_tie(world.in_area)
    html = client_for(world.users["coordinator"]).get(
        reverse("person-export", args=[world.in_area.public_id])
    )
    assert "Netwerk (ecogram)" in html.content.decode() and "Zus Ineke" in html.content.decode()


def test_erasure_removes_the_ecogram_with_its_history(world, add_tie, api_client_for):
    person = world.in_area
    tie = add_tie(person, contact_organisation=world.housing_org, group="Z")
    tie.delete()  # an earlier, deleted tie leaves history too
    add_tie(person)
    assert Tie.history.filter(person_id=person.pk).count() == 3
    response = erase(api_client_for(world.users["coordinator"]), person)
    assert response.status_code == 200, response.json()
    assert not Tie.objects.exists()
    assert not Tie.history.filter(person_id=person.pk).exists()
    summary = {part["onderdeel"]: part["wat"] for part in response.json()["plan"]}
    assert summary[subject_data.PROVIDER_NAME][0].startswith("1 contact ")


def test_erasure_anonymises_mentions_in_other_ecograms(world, add_tie, api_client_for):
    erased, other = world.in_area, world.in_area_2
    mention = add_tie(other, contact_person=erased, group="B", note=f"{erased.given_name} helpt")
    mention.frequency = "dagelijks"
    mention.save()
    response = erase(api_client_for(world.users["coordinator"]), erased)
    assert response.status_code == 200
    assert not Person.objects.filter(pk=erased.pk).exists()
    mention.refresh_from_db()
    assert mention.person == other
    assert (mention.contact_person_id, mention.contact_label, mention.note) == (
        None,
        ERASED_LABEL,
        "",
    )
    # The tie still says what the other resident's network looks like ...
    assert (mention.group, mention.strength, mention.frequency) == ("B", "sterk", "dagelijks")
    # ... and no version of it still names the erased resident.
    versions = list(Tie.history.filter(id=mention.pk))
    assert len(versions) == 3
    assert all(v.contact_person_id is None and v.note == "" for v in versions)
    text = json.dumps([(v.contact_label, v.note) for v in versions])
    assert erased.given_name not in text and erased.family_name not in text


def test_dry_run_changes_nothing(world, add_tie):
    add_tie(world.in_area)
    mention = add_tie(world.in_area_2, contact_person=world.in_area)
    plan = dict((p["onderdeel"], p["wat"]) for p in subject.erasure_plan(world.in_area))
    assert plan[subject_data.PROVIDER_NAME] == [
        "1 contact in het netwerk (ecogram) van de bewoner",
        "1 versie in de wijzigingshistorie van dat netwerk",
        f"1 vermelding in het netwerk van andere bewoners: die worden ‘{ERASED_LABEL}’, "
        "zonder notitie",
    ]
    assert Tie.objects.count() == 2
    mention.refresh_from_db()
    assert mention.contact_person == world.in_area


def test_a_named_resident_cannot_be_deleted_around_the_erasure(world, add_tie):
    add_tie(world.in_area_2, contact_person=world.in_area)
    with pytest.raises(RestrictedError):
        world.in_area.delete()


def test_database_refuses_a_tie_without_exactly_one_contact(world):
    base = {"group": "V", "strength": "sterk", "direction": "naar", "frequency": "nooit"}
    for contact in (
        {},
        {"contact_label": "X", "contact_organisation": world.housing_org},
        {"contact_person": world.in_area_2, "contact_organisation": world.housing_org},
        {"contact_person": world.in_area},  # the resident themselves
        {"contact_label": "X", "group": "Q"},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Tie.objects.create(person=world.in_area, **{**base, **contact})


def test_database_refuses_the_same_contact_twice(world):
    base = {"group": "V", "strength": "sterk", "direction": "naar", "frequency": "nooit"}
    Tie.objects.create(person=world.in_area, contact_person=world.in_area_2, **base)
    with pytest.raises(IntegrityError), transaction.atomic():
        Tie.objects.create(person=world.in_area, contact_person=world.in_area_2, **base)
    # Two unregistered contacts may well share a label ("buurman").
    Tie.objects.create(person=world.in_area, contact_label="Buurman", **base)
    Tie.objects.create(person=world.in_area, contact_label="Buurman", **base)
