"""The ecogram API: ties, the SVG and the indicators, with the pages' access rules."""

import pytest
from django.urls import reverse

from kwartier.network.models import ERASED_LABEL, HIDDEN_LABEL, Tie
from tests.conftest import consent_for
from tests.problems import field_errors, problem

pytestmark = pytest.mark.django_db


def ties_url(person):
    return reverse("api:person-ties", args=[person.public_id])


def tie_url(person, tie):
    return reverse("api:person-tie-detail", args=[person.public_id, tie.pk])


def body(**overrides):
    data = {
        "contact_label": "Zus Ineke",
        "group": "G",
        "strength": "sterk",
        "direction": "wederzijds",
        "functions": ["P", "E"],
        "frequency": "wekelijks",
        "note": "Komt op zondag.",
    }
    data.update(overrides)
    return data


def test_create_list_read_change_delete(world, api_client_for):
    client = api_client_for(world.users["wijkwerker"], token=True)
    created = client.post(ties_url(world.in_area), body(), format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["contact_kind"] == "naam" and data["contact"] == "Zus Ineke"
    assert data["functions"] == ["E", "P"]
    tie = Tie.objects.get()
    assert tie.functions == "EP" and tie.person == world.in_area
    assert tie.history.get().history_user == world.users["wijkwerker"]

    listed = client.get(ties_url(world.in_area)).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == tie.pk

    url = tie_url(world.in_area, tie)
    assert client.get(url).json()["note"] == "Komt op zondag."
    patched = client.patch(url, {"strength": "belastend", "functions": []}, format="json")
    assert patched.status_code == 200 and patched.json()["functions"] == []
    put = client.put(url, body(contact_label="Zus", frequency="dagelijks"), format="json")
    assert put.status_code == 200 and put.json()["contact"] == "Zus"
    tie.refresh_from_db()
    assert (tie.strength, tie.frequency) == ("sterk", "dagelijks")
    assert client.delete(url).status_code == 204
    assert not Tie.objects.exists()
    assert client.get(url).status_code == 404


def test_contacts_of_each_kind(world, api_client_for):
    client = api_client_for(world.users["coordinator"])
    person = client.post(
        ties_url(world.in_area),
        body(contact_label="", contact_person=world.in_area_2.public_id.lower(), group="B"),
        format="json",
    )
    assert person.status_code == 201, person.json()
    assert person.json()["contact_kind"] == "bewoner"
    assert person.json()["contact_person"] == world.in_area_2.public_id
    organisation = client.post(
        ties_url(world.in_area),
        body(contact_label="", contact_organisation=world.housing_org.pk, group="Z"),
        format="json",
    )
    assert organisation.status_code == 201
    assert organisation.json()["contact"] == world.housing_org.name


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"contact_label": ""}, "non_field_errors"),
        ({"contact_organisation": None, "contact_person": None, "contact_label": ""}, None),
        ({"contact_person": "K-ZZZZZZZZ", "contact_label": ""}, "contact_person"),
        ({"contact_organisation": 10**40, "contact_label": ""}, "contact_organisation"),
        ({"contact_organisation": "abc", "contact_label": ""}, "contact_organisation"),
        ({"group": "Q"}, "group"),
        ({"strength": "heel sterk"}, "strength"),
        ({"direction": None}, "direction"),
        ({"functions": ["E", "X"]}, "functions"),
        ({"functions": "EP"}, "functions"),
        ({"frequency": 5}, "frequency"),
        ({"contact_label": "x" * 61}, "contact_label"),
        ({"note": "x" * 1001}, "note"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(world, api_client_for, overrides, field):
    response = api_client_for(world.users["coordinator"]).post(
        ties_url(world.in_area), body(**overrides), format="json"
    )
    assert response.status_code == 400
    if field == "non_field_errors":  # about the request as a whole: the problem's detail
        assert "precies één contact" in problem(response)["detail"]
        assert not field_errors(response)
    elif field:
        assert field in field_errors(response)
    assert not Tie.objects.exists()


def test_two_contacts_at_once_are_refused(world, api_client_for):
    response = api_client_for(world.users["coordinator"]).post(
        ties_url(world.in_area),
        body(contact_organisation=world.housing_org.pk),
        format="json",
    )
    assert response.status_code == 400
    assert "precies één contact" in str(response.json())


def test_self_outside_scope_and_duplicates_are_refused(world, api_client_for, add_tie):
    client = api_client_for(world.users["wijkwerker"])
    for target, message in (
        (world.in_area.public_id, "de bewoner zelf"),
        (world.other_org_person.public_id, "in uw bereik"),
        (world.out_of_area.public_id, "in uw bereik"),
    ):
        response = client.post(
            ties_url(world.in_area),
            body(contact_label="", contact_person=target),
            format="json",
        )
        assert response.status_code == 400 and message in str(response.json()), target
    add_tie(world.in_area, contact_organisation=world.housing_org)
    twice = client.post(
        ties_url(world.in_area),
        body(contact_label="", contact_organisation=world.housing_org.pk),
        format="json",
    )
    assert twice.status_code == 400 and "al in het netwerk" in str(twice.json())
    assert Tie.objects.count() == 1


def test_patch_switching_the_kind_must_clear_the_other(world, api_client_for, add_tie):
    tie = add_tie(world.in_area, contact_organisation=world.housing_org)
    client = api_client_for(world.users["coordinator"])
    both = client.patch(tie_url(world.in_area, tie), {"contact_label": "Buurman"}, format="json")
    assert both.status_code == 400
    switched = client.patch(
        tie_url(world.in_area, tie),
        {"contact_label": "Buurman", "contact_organisation": None},
        format="json",
    )
    assert switched.status_code == 200 and switched.json()["contact_kind"] == "naam"


def test_hidden_contact_and_notes(world, api_client_for, add_tie, network_consent):
    tie = add_tie(world.in_area, contact_person=world.out_of_area, note="privé")
    wijkwerker = api_client_for(world.users["wijkwerker"]).get(tie_url(world.in_area, tie)).json()
    assert wijkwerker["contact_kind"] == "afgeschermd" and wijkwerker["contact"] == HIDDEN_LABEL
    assert wijkwerker["contact_person"] is None
    assert world.out_of_area.family_name not in str(wijkwerker)
    assert wijkwerker["note"] == "privé"
    partner = api_client_for(world.users["partner"]).get(tie_url(world.in_area, tie)).json()
    assert partner["contact_person"] is None and "note" not in partner


def test_partner_with_notes_consent_sees_notes(world, api_client_for, add_tie):
    consent_for(
        world.in_area, world.housing_org, world.users["coordinator"], ("netwerk", "notities")
    )
    add_tie(world.in_area, note="privé")
    listed = api_client_for(world.users["partner"]).get(ties_url(world.in_area)).json()
    assert listed["results"][0]["note"] == "privé"


@pytest.mark.parametrize(
    ("visitor", "read", "write"),
    [
        ("beheerder", 200, 201),
        ("coordinator", 200, 201),
        ("wijkwerker", 200, 201),
        ("vrijwilliger", 403, 403),
        ("partner", 403, 403),
        ("gemeente", 403, 403),
    ],
)
def test_access_per_role(world, api_client_for, visitor, read, write):
    client = api_client_for(world.users[visitor], token=True)
    person = world.in_area
    for name in ("api:person-ties", "api:person-ecogram", "api:person-network"):
        assert client.get(reverse(name, args=[person.public_id])).status_code == read, name
    assert client.post(ties_url(person), body(), format="json").status_code == write


def test_partner_reads_under_a_network_consent_but_never_writes(
    world, api_client_for, network_consent, add_tie
):
    tie = add_tie(world.in_area)
    client = api_client_for(world.users["partner"], token=True)
    assert client.get(ties_url(world.in_area)).status_code == 200
    assert client.get(tie_url(world.in_area, tie)).status_code == 200
    assert (
        client.patch(tie_url(world.in_area, tie), {"group": "F"}, format="json").status_code == 403
    )
    assert client.delete(tie_url(world.in_area, tie)).status_code == 403
    assert client.get(ties_url(world.in_area_2)).status_code == 404  # no consent at all
    assert Tie.objects.get().group == "G"


def test_out_of_scope_is_a_404(world, api_client_for, add_tie):
    tie = add_tie(world.out_of_area)
    client = api_client_for(world.users["wijkwerker"])
    assert client.get(ties_url(world.out_of_area)).status_code == 404
    assert client.get(tie_url(world.out_of_area, tie)).status_code == 404
    assert client.delete(tie_url(world.out_of_area, tie)).status_code == 404
    other = api_client_for(world.users["coordinator"])
    # A tie of another resident under this resident's URL does not exist.
    assert other.get(tie_url(world.in_area, tie)).status_code == 404
    assert other.delete(tie_url(world.in_area, tie)).status_code == 404
    assert Tie.objects.exists()


def test_anonymous_is_refused(world, api_client_for):
    assert api_client_for(None).get(ties_url(world.in_area)).status_code in (401, 403)


def test_ecogram_svg(world, api_client_for, add_tie):
    add_tie(world.in_area)
    client = api_client_for(world.users["coordinator"], token=True)
    url = reverse("api:person-ecogram", args=[world.in_area.public_id])
    for accept in ("image/svg+xml", "*/*", "application/json"):
        response = client.get(url, HTTP_ACCEPT=accept)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("image/svg+xml")
        assert response.content.startswith(b"<svg") and b"Zus Ineke" in response.content
    refused = api_client_for(world.users["gemeente"], token=True).get(
        url, HTTP_ACCEPT="image/svg+xml"
    )
    assert refused.status_code == 403 and "detail" in refused.json()


def test_network_indicators(world, api_client_for, add_tie):
    add_tie(world.in_area, functions="E")
    add_tie(world.in_area, "Huisarts", group="Z", strength="neutraal", direction="naar")
    data = (
        api_client_for(world.users["coordinator"])
        .get(reverse("api:person-network", args=[world.in_area.public_id]))
        .json()
    )
    assert data["kenmerk"] == world.in_area.public_id
    assert (data["size"], data["supportive"], data["professional"]) == (2, 1, 1)
    assert data["per_group"]["Z"] == 1
    assert data["functions_covered"] == ["E", "P"]
    assert "klein_netwerk" in [flag["code"] for flag in data["flags"]]


@pytest.mark.parametrize(
    "raw",
    ['{"group": ', "[1, 2]", '"text"', "12", '{"a": ' * 200 + "1" + "}" * 200],
)
def test_broken_bodies_are_a_400(world, api_client_for, raw):
    response = api_client_for(world.users["coordinator"]).post(
        ties_url(world.in_area), raw, content_type="application/json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "value", ["", "x" * 10_000, "a\x00b", "9" * 40, 10**40, -1, 1.5, True, None, ["a"], {"a": 1}]
)
def test_hostile_values_in_every_field_are_never_a_500(world, api_client_for, add_tie, value):
    tie = add_tie(world.in_area)
    client = api_client_for(world.users["coordinator"])
    client.raise_request_exception = False
    fields = [*body(), "contact_person", "contact_organisation"]
    hostile = {name: value for name in fields}
    for method, url in (
        ("post", ties_url(world.in_area)),
        ("put", tie_url(world.in_area, tie)),
        ("patch", tie_url(world.in_area, tie)),
    ):
        response = getattr(client, method)(url, hostile, format="json")
        assert response.status_code < 500, (method, value, response.status_code)
    tie.refresh_from_db()
    assert tie.contact_label == "Zus Ineke"


@pytest.mark.parametrize("segment", ["9" * 40, "-1", "0", "K-ZZZZZZZZ", "x" * 2000])
def test_hostile_ids_in_the_path_are_a_404(world, api_client_for, segment):
    client = api_client_for(world.users["coordinator"])
    client.raise_request_exception = False
    assert client.get(f"/api/v1/persons/{segment}/ties").status_code == 404
    response = client.get(f"/api/v1/persons/{world.in_area.public_id}/ties/{segment}")
    assert response.status_code == 404


def test_erased_label_is_an_ordinary_label(world, api_client_for, add_tie):
    add_tie(world.in_area, ERASED_LABEL)
    data = api_client_for(world.users["coordinator"]).get(ties_url(world.in_area)).json()
    assert data["results"][0]["contact_kind"] == "naam"
