"""The ecogram pages: who sees them, the forms with their errors, print and SVG."""

import pytest
from django.urls import reverse

from kwartier.network.models import HIDDEN_LABEL, Tie
from tests.conftest import consent_for, parse_html

pytestmark = pytest.mark.django_db


def page_url(person):
    return reverse("network-ecogram", args=[person.public_id])


def valid_data(**overrides):
    data = {
        "contact_kind": "naam",
        "contact_label": "Zus Ineke",
        "group": "G",
        "strength": "sterk",
        "direction": "wederzijds",
        "functions": ["E", "P"],
        "frequency": "wekelijks",
        "note": "Komt elke zondag.",
    }
    data.update(overrides)
    return data


# Access per role (every visitor on every page: tests/network/permissions.py) ---------


def test_a_worker_outside_the_area_gets_a_404(world, client_for):
    response = client_for(world.users["wijkwerker"]).get(page_url(world.out_of_area))
    assert response.status_code == 404
    assert (
        client_for(world.users["coordinator"]).get(page_url(world.out_of_area)).status_code == 200
    )


def test_partner_reads_with_a_consent_for_the_network_but_cannot_change(
    world, client_for, network_consent, add_tie
):
    add_tie(world.in_area, note="Geheime notitie")
    client = client_for(world.users["partner"])
    page = client.get(page_url(world.in_area))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Zus Ineke" in html and "<svg" in html
    assert "Geheime notitie" not in html  # notes need the category "notities"
    assert "Contact toevoegen</button>" not in html and "/wijzigen/" not in html
    assert client.post(page_url(world.in_area), valid_data()).status_code == 403
    tie = Tie.objects.get()
    update = reverse("network-tie-update", args=[world.in_area.public_id, tie.pk])
    delete = reverse("network-tie-delete", args=[world.in_area.public_id, tie.pk])
    assert client.get(update).status_code == 403
    assert client.post(delete).status_code == 403
    assert Tie.objects.count() == 1


def test_partner_sees_notes_when_the_consent_covers_them(world, client_for, add_tie):
    consent_for(
        world.in_area,
        world.housing_org,
        world.users["coordinator"],
        categories=("netwerk", "notities"),
    )
    add_tie(world.in_area, note="Komt elke zondag")
    html = client_for(world.users["partner"]).get(page_url(world.in_area)).content.decode()
    assert "Komt elke zondag" in html


def test_withdrawn_consent_closes_the_ecogram_at_once(world, client_for, network_consent):
    client = client_for(world.users["partner"])
    assert client.get(page_url(world.in_area)).status_code == 200
    network_consent.withdraw(world.users["coordinator"])
    assert client.get(page_url(world.in_area)).status_code == 403


def test_person_page_links_to_the_ecogram_only_for_who_may_open_it(
    world, client_for, network_consent
):
    link = page_url(world.in_area)
    for visitor in ("coordinator", "wijkwerker", "partner"):
        html = client_for(world.users[visitor]).get(world.in_area.get_absolute_url())
        assert link in html.content.decode(), visitor
    other = world.in_area_2
    consent_for(other, world.housing_org, world.users["coordinator"])  # contact only
    html = client_for(world.users["partner"]).get(other.get_absolute_url()).content.decode()
    assert page_url(other) not in html


# The page ----------------------------------------------------------------------------


def test_page_shows_drawing_indicators_and_ties(world, client_for, add_tie):
    add_tie(world.in_area, "Moeder")
    add_tie(world.in_area, "Buurman", group="B", strength="belastend", functions="")
    html = client_for(world.users["wijkwerker"]).get(page_url(world.in_area)).content.decode()
    assert 'role="img"' in html and '<title id="ecogram-title">Ecogram van Anna' in html
    assert "Netwerkkenmerken" in html and "Klein netwerk." in html
    root = parse_html(html)
    rows = [n for n in root.iter() if n.tag == "tr" and "Buurman" in n.all_text()]
    assert rows and "Belastend / conflict" in rows[0].all_text()
    assert "Moeder" in html and "Komt" not in html


def test_a_contact_outside_the_readers_scope_is_shown_without_name(world, client_for, add_tie):
    add_tie(world.in_area, contact_person=world.out_of_area, group="F")
    wijkwerker = client_for(world.users["wijkwerker"]).get(page_url(world.in_area))
    assert world.out_of_area.family_name not in wijkwerker.content.decode()
    assert HIDDEN_LABEL in wijkwerker.content.decode()
    coordinator = client_for(world.users["coordinator"]).get(page_url(world.in_area))
    assert coordinator.content.decode().count(world.out_of_area.full_name) >= 3


def test_change_history_on_the_page(world, client_for, add_tie):
    tie = add_tie(world.in_area, "Buurvrouw")
    tie.strength = "belastend"
    tie.save()
    tie.delete()
    html = client_for(world.users["wijkwerker"]).get(page_url(world.in_area)).content.decode()
    root = parse_html(html)
    rows = [
        n.all_text()
        for n in root.iter()
        if n.tag == "tr" and "Buurvrouw" in n.all_text() and "Wanneer" not in n.all_text()
    ]
    assert [row.split()[2] for row in rows] == ["Verwijderd", "Gewijzigd", "Toegevoegd"]
    assert "aard van de band" in rows[1]


def test_adding_a_tie_of_each_kind(world, client_for):
    client = client_for(world.users["wijkwerker"])
    url = page_url(world.in_area)
    for data in (
        valid_data(),
        valid_data(contact_kind="bewoner", contact_public_id=world.in_area_2.public_id.lower()),
        valid_data(contact_kind="organisatie", contact_organisation=world.housing_org.pk),
    ):
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"] == url
    ties = list(Tie.objects.order_by("pk"))
    assert [t.kind for t in ties] == ["naam", "bewoner", "organisatie"]
    assert ties[0].contact_label == "Zus Ineke" and ties[0].functions == "EP"
    assert ties[1].contact_person == world.in_area_2 and ties[1].contact_label == ""
    assert ties[2].contact_organisation == world.housing_org
    assert ties[0].history.get().history_user == world.users["wijkwerker"]


def test_only_the_field_of_the_chosen_kind_is_kept(world, client_for):
    client_for(world.users["wijkwerker"]).post(
        page_url(world.in_area),
        valid_data(
            contact_kind="organisatie",
            contact_organisation=world.housing_org.pk,
            contact_label="vergeten naam",
        ),
    )
    tie = Tie.objects.get()
    assert tie.contact_label == "" and tie.contact_organisation == world.housing_org


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"contact_label": ""}, "id_contact_label", "Vul een naam of omschrijving in."),
        ({"contact_label": "x" * 61}, "id_contact_label", "niet meer dan 60 tekens"),
        ({"contact_kind": ""}, "id_contact_kind", "Kies wie het contact is."),
        (
            {"contact_kind": "bewoner", "contact_public_id": ""},
            "id_contact_public_id",
            "Vul het kenmerk van de bewoner in.",
        ),
        (
            {"contact_kind": "bewoner", "contact_public_id": "K-ZZZZZZZZ"},
            "id_contact_public_id",
            "Geen bewoner met dit kenmerk in uw bereik.",
        ),
        (
            {"contact_kind": "organisatie", "contact_organisation": ""},
            "id_contact_organisation",
            "Kies een organisatie.",
        ),
        (
            {"contact_kind": "organisatie", "contact_organisation": "9" * 40},
            "id_contact_organisation",
            "geldige keuze",
        ),
        ({"group": ""}, "id_group", "Kies een groep."),
        ({"group": "Q"}, "id_group", "geldige keuze"),
        ({"strength": ""}, "id_strength", "Kies hoe de band is."),
        ({"direction": ""}, "id_direction", "Kies de richting van de steun."),
        ({"frequency": ""}, "id_frequency", "Kies hoe vaak er contact is."),
        ({"functions": ["X"]}, "id_functions_0", "geldige keuze"),
        ({"note": "x" * 1001}, "id_note", "niet meer dan 1000 tekens"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_is_saved(
    world, client_for, field_block, data, field, message
):
    response = client_for(world.users["wijkwerker"]).post(
        page_url(world.in_area), valid_data(**data)
    )
    assert response.status_code == 200
    block = field_block(response.content, field)
    assert block.invalid and any(message in error for error in block.errors), block.errors
    assert "Het formulier is niet opgeslagen" in response.content.decode()
    assert not Tie.objects.exists()


def test_the_resident_cannot_be_their_own_contact(world, client_for, field_block):
    response = client_for(world.users["wijkwerker"]).post(
        page_url(world.in_area),
        valid_data(contact_kind="bewoner", contact_public_id=world.in_area.public_id),
    )
    assert field_block(response.content, "id_contact_public_id").errors == [
        "Dit is de bewoner zelf."
    ]
    assert not Tie.objects.exists()


def test_a_resident_outside_scope_cannot_be_chosen(world, client_for, field_block):
    response = client_for(world.users["wijkwerker"]).post(
        page_url(world.in_area),
        valid_data(contact_kind="bewoner", contact_public_id=world.other_org_person.public_id),
    )
    assert field_block(response.content, "id_contact_public_id").errors == [
        "Geen bewoner met dit kenmerk in uw bereik."
    ]


def test_the_same_contact_twice_is_refused(world, client_for, field_block, add_tie):
    add_tie(world.in_area, contact_organisation=world.housing_org)
    response = client_for(world.users["wijkwerker"]).post(
        page_url(world.in_area),
        valid_data(contact_kind="organisatie", contact_organisation=world.housing_org.pk),
    )
    assert field_block(response.content, "id_contact_organisation").errors == [
        "Deze organisatie staat al in het netwerk."
    ]
    assert Tie.objects.count() == 1


def test_htmx_add_keeps_the_message_inside_the_swapped_part(world, client_for):
    client = client_for(world.users["wijkwerker"])
    response = client.post(
        page_url(world.in_area), valid_data(), HTTP_HX_REQUEST="true", follow=True
    )
    html = response.content.decode()
    start = html.index('<div id="netwerk">')
    assert "Contact ‘Zus Ineke’ toegevoegd." in html[start:]


# Edit and delete ---------------------------------------------------------------------


def test_editing_a_tie(world, client_for, add_tie):
    tie = add_tie(world.in_area)
    url = reverse("network-tie-update", args=[world.in_area.public_id, tie.pk])
    client = client_for(world.users["wijkwerker"])
    form = client.get(url)
    assert form.status_code == 200 and 'value="Zus Ineke"' in form.content.decode()
    assert 'value="E" id="id_functions_0" checked' in form.content.decode()
    response = client.post(url, valid_data(strength="belastend", functions=["G"]))
    assert response.status_code == 302
    tie.refresh_from_db()
    assert (tie.strength, tie.functions) == ("belastend", "G")
    assert tie.history.count() == 2


def test_editing_with_bad_input_changes_nothing(world, client_for, field_block, add_tie):
    tie = add_tie(world.in_area)
    url = reverse("network-tie-update", args=[world.in_area.public_id, tie.pk])
    response = client_for(world.users["wijkwerker"]).post(url, valid_data(direction="omhoog"))
    assert response.status_code == 200
    assert field_block(response.content, "id_direction").invalid
    tie.refresh_from_db()
    assert tie.direction == "wederzijds"


def test_editing_keeps_a_contact_the_user_may_not_see(world, client_for, add_tie):
    tie = add_tie(world.in_area, contact_person=world.out_of_area, group="F")
    url = reverse("network-tie-update", args=[world.in_area.public_id, tie.pk])
    client = client_for(world.users["wijkwerker"])
    form = client.get(url).content.decode()
    assert world.out_of_area.public_id not in form and "buiten uw bereik" in form
    response = client.post(
        url, valid_data(contact_kind="bewoner", contact_public_id="", frequency="dagelijks")
    )
    assert response.status_code == 302
    tie.refresh_from_db()
    assert tie.contact_person == world.out_of_area and tie.frequency == "dagelijks"


def test_deleting_a_tie_asks_first(world, client_for, add_tie):
    tie = add_tie(world.in_area)
    url = reverse("network-tie-delete", args=[world.in_area.public_id, tie.pk])
    client = client_for(world.users["coordinator"])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Zus Ineke" in confirm.content.decode()
    assert Tie.objects.exists()
    assert client.post(url).status_code == 302
    assert not Tie.objects.exists()
    assert tie.history.filter(history_type="-").exists()


def test_a_tie_of_another_resident_is_a_404(world, client_for, add_tie):
    tie = add_tie(world.in_area_2)
    client = client_for(world.users["wijkwerker"])
    for name in ("network-tie-update", "network-tie-delete"):
        url = reverse(name, args=[world.in_area.public_id, tie.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, valid_data()).status_code == 404
    huge = f"/bewoners/{world.in_area.public_id}/netwerk/{'9' * 40}/wijzigen/"
    assert client.get(huge).status_code == 404
    assert Tie.objects.get().person == world.in_area_2


@pytest.mark.parametrize(
    "public_id, status",
    # A NUL byte is refused for every URL by core's RejectNulBytesMiddleware.
    [("9" * 40, 404), ("a\x00b", 400), ("x" * 2000, 404), ("K-ZZZZZZZZ", 404)],
)
def test_hostile_kenmerk_is_refused(world, client_for, public_id, status):
    from urllib.parse import quote

    url = f"/bewoners/{quote(public_id, safe='')}/netwerk/"
    assert client_for(world.users["coordinator"]).get(url).status_code == status


# Print and SVG -----------------------------------------------------------------------


def test_print_view(world, client_for, add_tie):
    add_tie(world.in_area, note="Komt elke zondag")
    response = client_for(world.users["coordinator"]).get(
        reverse("network-print", args=[world.in_area.public_id])
    )
    html = response.content.decode()
    assert response.status_code == 200 and "data-print" in html and "<svg" in html
    assert "Komt elke zondag" in html and "/wijzigen/" not in html


def test_svg_download(world, client_for, add_tie):
    add_tie(world.in_area)
    response = client_for(world.users["wijkwerker"]).get(
        reverse("network-svg", args=[world.in_area.public_id])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"<svg") and b"Zus Ineke" in response.content
