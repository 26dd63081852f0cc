"""Every view or change of an ecogram writes exactly one access-log entry ("netwerk")."""

import pytest
from django.urls import reverse

from kwartier.core.access.log import AccessLogEntry
from kwartier.network.models import Tie

pytestmark = pytest.mark.django_db


def entries():
    return list(AccessLogEntry.objects.order_by("pk"))


_seen = {"pk": 0}


@pytest.fixture(autouse=True)
def _start_fresh():
    _seen["pk"] = 0


def only_entry():
    """The one entry written since the last call (the log itself cannot be emptied)."""
    new = list(AccessLogEntry.objects.filter(pk__gt=_seen["pk"]).order_by("pk"))
    assert len(new) == 1, [(e.action, e.access_point) for e in new]
    _seen["pk"] = new[0].pk
    return new[0]


@pytest.mark.parametrize(
    ("name", "action"),
    [
        ("network-ecogram", "read"),
        ("network-print", "print"),
        ("network-svg", "read"),
    ],
)
def test_each_page_view_is_one_entry(world, client_for, name, action):
    person = world.in_area
    client = client_for(world.users["wijkwerker"])
    assert client.get(reverse(name, args=[person.public_id])).status_code == 200
    entry = only_entry()
    assert (entry.action, entry.result, entry.object_type) == (action, "allowed", "netwerk")
    assert entry.person_public_id == person.public_id and entry.object_id == person.public_id
    assert entry.access_point == f"GET {name}"
    assert entry.legal_basis.startswith("eigen dossier")


@pytest.mark.parametrize("name", ["api:person-ties", "api:person-ecogram", "api:person-network"])
def test_each_api_read_is_one_entry(world, api_client_for, name):
    client = api_client_for(world.users["coordinator"], token=True)
    assert client.get(reverse(name, args=[world.in_area.public_id])).status_code == 200
    entry = only_entry()
    assert (entry.action, entry.object_type, entry.access_point) == (
        "read",
        "netwerk",
        f"GET {name}",
    )


def test_changes_through_the_pages(world, client_for):
    person = world.in_area
    client = client_for(world.users["coordinator"])
    data = {
        "contact_kind": "naam",
        "contact_label": "Buurman",
        "group": "B",
        "strength": "neutraal",
        "direction": "naar",
        "frequency": "wekelijks",
    }
    client.post(reverse("network-ecogram", args=[person.public_id]), data)
    tie = Tie.objects.get()
    entry = only_entry()
    assert (entry.action, entry.object_id, entry.person_public_id) == (
        "create",
        str(tie.pk),
        person.public_id,
    )
    update = reverse("network-tie-update", args=[person.public_id, tie.pk])
    client.get(update)
    assert only_entry().action == "read"
    client.post(update, {**data, "strength": "sterk"})
    assert only_entry().action == "change"
    client.post(update, {**data, "strength": ""})  # refused: the form is shown again
    assert only_entry().action == "read"
    client.post(reverse("network-tie-delete", args=[person.public_id, tie.pk]))
    entry = only_entry()
    assert (entry.action, entry.object_id) == ("delete", str(tie.pk))


def test_changes_through_the_api(world, api_client_for, add_tie):
    person = world.in_area
    client = api_client_for(world.users["wijkwerker"])
    url = reverse("api:person-ties", args=[person.public_id])
    client.post(
        url,
        {
            "contact_label": "Koor",
            "group": "C",
            "strength": "sterk",
            "direction": "wederzijds",
            "frequency": "wekelijks",
        },
        format="json",
    )
    tie = Tie.objects.get()
    assert only_entry().action == "create"
    detail = reverse("api:person-tie-detail", args=[person.public_id, tie.pk])
    client.get(detail)
    assert only_entry().action == "read"
    client.patch(detail, {"group": "V"}, format="json")
    assert only_entry().action == "change"
    client.delete(detail)
    entry = only_entry()
    assert (entry.action, entry.object_id, entry.access_point) == (
        "delete",
        str(tie.pk),
        "DELETE api:person-tie-detail",
    )


@pytest.mark.parametrize(
    ("visitor", "target"),
    [
        ("gemeente", "in_area"),  # role refused
        ("vrijwilliger", "in_area"),
        ("partner", "in_area"),  # consent without "netwerk"
        ("partner", "in_area_2"),  # no consent: out of scope
        ("wijkwerker", "out_of_area"),
    ],
)
def test_refusals_are_logged_as_denied(world, client_for, api_client_for, visitor, target):
    person = getattr(world, target)
    client_for(world.users[visitor]).get(reverse("network-ecogram", args=[person.public_id]))
    api_client_for(world.users[visitor]).get(reverse("api:person-ties", args=[person.public_id]))
    assert [(e.result, e.object_type, e.person_public_id) for e in entries()] == [
        ("denied", "netwerk", person.public_id)
    ] * 2


def test_partner_read_names_the_consent(world, client_for, network_consent):
    client_for(world.users["partner"]).get(
        reverse("network-ecogram", args=[world.in_area.public_id])
    )
    entry = only_entry()
    assert entry.result == "allowed" and entry.legal_basis.startswith("toestemming")
    assert entry.consent_id in (world.consent.pk, network_consent.pk)


def test_unknown_tie_is_logged_as_denied_with_the_resident(world, client_for):
    client_for(world.users["coordinator"]).get(
        reverse("network-tie-update", args=[world.in_area.public_id, 424242])
    )
    entry = only_entry()
    assert (entry.result, entry.object_id, entry.person_public_id) == (
        "denied",
        "424242",
        world.in_area.public_id,
    )


def test_a_hostile_kenmerk_is_logged_without_the_garbage(world, client_for):
    client_for(world.users["coordinator"]).get("/bewoners/" + "K-" + "x" * 500 + "/netwerk/")
    entry = only_entry()
    assert entry.result == "denied" and entry.object_id == "ongeldig"
    assert entry.person_public_id == ""
