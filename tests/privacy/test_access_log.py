"""Every access to person-level data leaves exactly one entry, and entries cannot change."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from kwartier.core.access.log import AccessLogEntry
from kwartier.privacy import log_guard

pytestmark = pytest.mark.django_db


def entries():
    return list(AccessLogEntry.objects.order_by("pk"))


def test_reading_a_resident_writes_one_entry(world, client_for):
    person = world.in_area
    response = client_for(world.users["wijkwerker"]).get(person.get_absolute_url())
    assert response.status_code == 200
    (entry,) = entries()
    assert (entry.action, entry.result) == ("read", "allowed")
    assert entry.person_public_id == person.public_id
    assert entry.username == "wijkwerker" and entry.organisation_name == "Welzijn Testveen"
    assert entry.access_point == "GET person-detail"
    assert entry.legal_basis.startswith("eigen dossier")


def test_api_read_writes_one_entry(world, api_client_for):
    url = reverse("api:person-detail", args=[world.in_area.public_id])
    assert api_client_for(world.users["coordinator"], token=True).get(url).status_code == 200
    (entry,) = entries()
    assert entry.action == "read" and entry.access_point == "GET api:person-detail"


def test_out_of_scope_read_is_logged_as_denied(world, client_for, api_client_for):
    target = world.out_of_area.public_id
    assert (
        client_for(world.users["wijkwerker"])
        .get(reverse("person-detail", args=[target]))
        .status_code
        == 404
    )
    assert (
        api_client_for(world.users["wijkwerker"])
        .get(reverse("api:person-detail", args=[target]))
        .status_code
        == 404
    )
    assert [(e.result, e.person_public_id) for e in entries()] == [("denied", target)] * 2


def test_role_without_access_is_logged_as_denied(world, client_for, api_client_for):
    assert client_for(world.users["gemeente"]).get(reverse("person-list")).status_code == 403
    assert (
        api_client_for(world.users["gemeente"]).get(reverse("api:person-list")).status_code == 403
    )
    assert [e.result for e in entries()] == ["denied", "denied"]


def test_list_writes_one_search_entry_without_the_search_words(world, client_for):
    client_for(world.users["coordinator"]).get(reverse("person-list"), {"q": "Binnenwijk"})
    (entry,) = entries()
    assert entry.action == "search" and entry.detail == "1 resultaten"
    assert "Binnenwijk" not in str(entry.__dict__)


def test_create_and_change_are_logged(world, client_for):
    client = client_for(world.users["wijkwerker"])
    client.post(reverse("person-create"), {"given_name": "Ria", "family_name": "Nieuw"})
    person = world.in_area.__class__.objects.get(family_name="Nieuw")
    client.post(
        reverse("person-update", args=[person.public_id]),
        {"given_name": "Ria", "family_name": "Nieuwer"},
    )
    assert [(e.action, e.person_public_id) for e in entries()] == [
        ("create", person.public_id),
        ("change", person.public_id),
    ]


def test_entries_cannot_be_changed_or_deleted_by_the_application(world, client_for):
    client_for(world.users["wijkwerker"]).get(world.in_area.get_absolute_url())
    (entry,) = entries()
    entry.username = "iemand anders"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.update(username="x")


def test_database_refuses_changes_to_the_log(world, client_for):
    client_for(world.users["wijkwerker"]).get(world.in_area.get_absolute_url())
    log_guard.install(connection)  # lifted for the test database; rolled back after the test
    for sql in (
        f"UPDATE {log_guard.TABLE} SET username = 'x'",
        f"DELETE FROM {log_guard.TABLE}",
    ):
        with (
            pytest.raises(DatabaseError, match="alleen-toevoegen"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert entries()[0].username == "wijkwerker"


def test_only_coordinators_and_beheerders_read_the_log(world, client_for, api_client_for):
    """Through the API; the page is in the page matrix (tests/privacy/permissions.py)."""
    client_for(world.users["wijkwerker"]).get(world.in_area.get_absolute_url())
    for name, expected in [
        ("coordinator", 200),
        ("beheerder", 200),
        ("wijkwerker", 403),
        ("partner", 403),
        ("gemeente", 403),
    ]:
        api = api_client_for(world.users[name]).get(reverse("api:access-log"))
        assert api.status_code == expected


def test_who_viewed_my_dossier_export(world, client_for, api_client_for):
    person = world.in_area
    client_for(world.users["wijkwerker"]).get(person.get_absolute_url())
    client_for(world.users["wijkwerker"]).get(world.in_area_2.get_absolute_url())
    coordinator = client_for(world.users["coordinator"])
    csv = coordinator.get(reverse("accesslog-list"), {"person": person.public_id, "formaat": "csv"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().strip().splitlines()
    # The read, and this export itself, which is an access too (newest first).
    assert len(lines) == 3 and all(person.public_id in line for line in lines[1:])
    assert ["geëxporteerd" in lines[1], "bekeken" in lines[2]] == [True, True]
    api = api_client_for(world.users["coordinator"]).get(
        reverse("api:access-log"), {"person": person.public_id}
    )
    assert {e["person_public_id"] for e in api.json()["results"]} == {person.public_id}


def test_other_organisations_log_lines_stay_hidden(world, client_for):
    client_for(world.users["other_org_worker"]).get(world.other_org_person.get_absolute_url())
    page = client_for(world.users["coordinator"]).get(reverse("accesslog-list"))
    assert world.other_org_person.public_id not in page.content.decode()


def test_a_denied_lookup_with_an_overlong_id_is_logged_cut_to_size(world):
    """Ids of denied lookups come from the URL; PostgreSQL refuses what does not fit."""
    from types import SimpleNamespace

    from kwartier.core.access.log import log_denied

    request = SimpleNamespace(user=world.users["beheerder"], path="/x/", method="GET")
    log_denied(request, "stemmer", "K-" + "Z" * 500)
    entry = AccessLogEntry.objects.latest("pk")
    assert entry.result == "denied"
    assert entry.object_id == ("K-" + "Z" * 500)[:60] and len(entry.person_public_id) == 12
