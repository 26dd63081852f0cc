"""The support pages: forms with errors at the field, lists and filters.

Who may open which page is in the page matrix (tests/support/permissions.py).
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from kwartier.support.models import (
    Helper,
    HelpRequest,
    MatchRun,
    Proposal,
    StatusChange,
    UnmatchedRequest,
)
from tests.conftest import parse_html
from tests.support.permissions import PAGES, targets

pytestmark = pytest.mark.django_db


def test_the_menu_has_the_support_pages(sw, world, client_for):
    def menu(visitor):
        return client_for(world.users[visitor]).get(reverse("home")).context["nav_items"]

    assert ("Vraag en aanbod", reverse("support-overview")) in menu("wijkwerker")
    assert ("Mijn koppelingen", reverse("volunteer-match-list")) in menu("vrijwilliger")
    assert ("Hulpvragen", reverse("helprequest-list")) in menu("partner")
    assert ("Multiplier", reverse("multiplier")) in menu("gemeente")


def form_data(sw, world, **overrides):
    return {
        "resident": world.in_area.public_id,
        "category": sw.categories["boodschappen"].pk,
        "description": "Boodschappen op vrijdag.",
        "slots": ["vr-ochtend", "vr-middag"],
        "recurrence": "wekelijks",
        "start_date": timezone.localdate().isoformat(),
        "urgency": "normaal",
        "languages": "Turks, nl",
        "helper_gender": "vrouw",
        "registered_on": timezone.localdate().isoformat(),
        **overrides,
    }


def test_registering_a_request(sw, world, client_for):
    client = client_for(world.users["wijkwerker"])
    form = client.get(reverse("helprequest-create"), {"bewoner": world.in_area.public_id})
    page = form.content.decode()
    assert f'value="{world.in_area.public_id}"' in page
    assert 'id="id_slots_ma_ochtend"' in page and "maandag ochtend" in page
    response = client.post(reverse("helprequest-create"), form_data(sw, world))
    help_request = HelpRequest.objects.get(description="Boodschappen op vrijdag.")
    assert response.status_code == 302 and response["Location"] == help_request.get_absolute_url()
    assert help_request.person == world.in_area and help_request.organisation == world.welfare_org
    assert help_request.languages == ["tr", "nl"] and help_request.slots == [
        "vr-ochtend",
        "vr-middag",
    ]
    assert help_request.status == "nieuw" and help_request.created_by.username == "wijkwerker"
    assert StatusChange.objects.get(request=help_request).to_status == "nieuw"
    detail = client.get(help_request.get_absolute_url()).content.decode()
    assert "wacht 0 dagen" in detail and "Turks, Nederlands" in detail
    assert "vrijdag ochtend, vrijdag middag" in detail
    assert "Helper zoeken" in detail  # the manual step from nieuw
    edit = client.get(reverse("helprequest-update", args=[help_request.pk])).content.decode()
    assert 'value="Turks, Nederlands"' in edit and "checked" in edit


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"resident": "K-BESTAATNT"}, "id_resident", "Geen bewoner met dit kenmerk"),
        ({"slots": []}, "id_slots", "Kies minstens één dagdeel."),
        ({"slots": ["ma-ochtend", "maandag"]}, "id_slots", "maandag is geen beschikbare keuze"),
        ({"languages": "Turks, Klingon"}, "id_languages", "Onbekende taal: Klingon"),
        ({"category": ""}, "id_category", "Dit veld is vereist."),
        ({"lat": "52.1"}, "id_lon", "allebei"),
        ({"registered_on": "2999-01-01"}, "id_registered_on", "in de toekomst"),
    ],
)
def test_request_form_errors_show_at_the_field(
    sw, world, client_for, field_block, overrides, field, message
):
    client = client_for(world.users["wijkwerker"])
    response = client.post(reverse("helprequest-create"), form_data(sw, world, **overrides))
    assert response.status_code == 200
    if field == "id_slots":
        field = "id_slots_ma_ochtend"  # the grid's first box carries the field's label
    block = field_block(response.content, field)
    assert block.invalid and any(message in e for e in block.errors), block.errors
    assert not HelpRequest.objects.filter(description="Boodschappen op vrijdag.").exists()


def test_a_wijkwerker_cannot_register_for_a_resident_elsewhere(sw, world, client_for, field_block):
    client = client_for(world.users["wijkwerker"])
    data = form_data(sw, world, resident=world.out_of_area.public_id)
    response = client.post(reverse("helprequest-create"), data)
    assert field_block(response.content, "id_resident").errors


def test_the_status_form(sw, world, client_for, field_block):
    client = client_for(world.users["coordinator"])
    url = reverse("helprequest-status", args=[sw.request_proposed.pk])
    refused = client.post(url, {"status": "gestopt", "reason": ""})
    assert refused.status_code == 200
    assert field_block(refused.content, "id_reason").errors == ["Geef een reden op."]
    not_offered = client.post(url, {"status": "gekoppeld"})
    assert "Selecteer een geldige keuze" in not_offered.content.decode()
    done = client.post(url, {"status": "gestopt", "reason": "verhuisd naar elders"})
    assert done.status_code == 302
    page = client.get(sw.request_proposed.get_absolute_url()).content.decode()
    assert "Gestopt: verhuisd naar elders" in page and "Hulpvraag stoppen" not in page


def test_registering_a_helper(sw, world, client_for, field_block):
    client = client_for(world.users["coordinator"])
    data = {
        "name": "Yusuf",
        "kind": "maatje",
        "categories": [sw.categories["gezelschap"].pk],
        "slots": ["wo-middag"],
        "area": world.areas.buurt.pk,
        "capacity": "2",
        "vog_status": "afgegeven",
        "vog_date": "",
        "languages": "Turks, Nederlands",
        "gender": "man",
        "active": "on",
    }
    refused = client.post(reverse("helper-create"), data)
    assert field_block(refused.content, "id_vog_date").errors == ["Vul de datum van de VOG in."]
    club = client.post(reverse("helper-create"), {**data, "kind": "club", "vog_date": "2025-01-01"})
    assert field_block(club.content, "id_external_organisation").errors
    nowhere = client.post(reverse("helper-create"), {**data, "area": "", "vog_date": "2025-01-01"})
    assert "Kies een werkgebied" in field_block(nowhere.content, "id_area").errors[0]
    done = client.post(reverse("helper-create"), {**data, "vog_date": "2025-01-01"})
    helper = Helper.objects.get(name="Yusuf")
    assert done.status_code == 302 and helper.organisation == world.welfare_org
    assert helper.languages == ["tr", "nl"] and helper.has_vog
    # Only the organisation's own volunteer accounts can be linked, each once.
    form = client.get(reverse("helper-create")).context["form"]
    assert list(form.fields["user"].queryset) == []  # the persona's account is taken
    assert world.housing_org in form.fields["external_organisation"].queryset
    assert world.welfare_org not in form.fields["external_organisation"].queryset


def test_lists_filter(sw, world, client_for):
    client = client_for(world.users["coordinator"])
    open_requests = client.get(reverse("helprequest-list")).context["object_list"]
    assert set(open_requests) == {sw.request_proposed, sw.request_matched, sw.request_elsewhere}
    searching = client.get(reverse("helprequest-list"), {"status": "zoeken"})
    assert list(searching.context["object_list"]) == [sw.request_elsewhere]
    by_name = client.get(reverse("helprequest-list"), {"q": "Anna"}).context["object_list"]
    assert list(by_name) == [sw.request_proposed]
    in_wijk = client.get(reverse("helprequest-list"), {"gebied": world.areas.other_wijk.pk})
    assert list(in_wijk.context["object_list"]) == [sw.request_elsewhere]
    resident = client.get(reverse("helprequest-list"), {"bewoner": world.in_area_2.public_id})
    assert list(resident.context["object_list"]) == [sw.request_matched]
    bad = client.get(reverse("helprequest-list"), {"status": "xx", "gebied": "abc"})
    assert bad.status_code == 200 and "ongeldig" in bad.content.decode()
    helpers = client.get(reverse("helper-list"), {"soort": "vrijwilliger", "q": "Kees"})
    assert list(helpers.context["object_list"]) == [sw.helper_own]
    ended = client.get(reverse("match-list"), {"toon": "beeindigd"}).context["object_list"]
    assert list(ended) == []


def test_hostile_input_never_breaks_a_page(sw, world, client_for):
    """The core walk (tests/core/test_bad_input.py) covers the API; this covers the pages."""
    from tests.core.test_bad_input import HOSTILE_STRINGS, PATH_VALUES, QUERY_PARAMS

    client = client_for(world.users["beheerder"])
    client.raise_request_exception = False
    failures = []
    known = targets(world)
    pages = [
        (name, known[case.target] if case.target else {})
        for name, cases in PAGES.items()
        if name != "capacity-delete"  # a valid post would take away the record others use
        for case in cases
        if case.method == "get"
    ]
    fields = {
        "resident", "category", "description", "slots", "recurrence", "start_date", "urgency",
        "languages", "helper_gender", "requires_vog", "registered_on", "lat", "lon", "name",
        "kind", "user", "external_organisation", "categories", "area", "radius_km", "capacity",
        "vog_status", "vog_date", "gender", "status", "reason", "result", "note", "outcome",
        "introduction_on", "consent_confirmed", "consent_obtained", "share_contact",
        "period_start", "period_end", "fte", "toon", "formaat", "van", "tot", "bewoner",
    }  # fmt: skip
    for name, kwargs in pages:
        url = reverse(name, kwargs=kwargs)
        for label, value in HOSTILE_STRINGS.items():
            params = dict.fromkeys([*QUERY_PARAMS, "toon", "bewoner", "van", "tot"], value)
            response = client.get(url, params)
            if response.status_code >= 500:
                failures.append(f"GET {name} {label}")
            response = client.post(url, dict.fromkeys(fields, value))
            if response.status_code >= 500:
                failures.append(f"POST {name} {label}")
        for value in PATH_VALUES[:3] if kwargs else []:
            path = url.replace(f"/{kwargs['pk']}/", f"/{value}/", 1)
            if client.get(path).status_code >= 500:
                failures.append(f"GET {path}")
    assert not failures, failures


def test_a_match_run_page_tells_the_round_apart_from_what_the_worker_sees(sw, world, client_for):
    """A round started by the coördinator over the whole gemeente: its counts are the
    round's, while the wijkwerker sees none of its hulpvragen. The page must not claim
    both "3 voorstellen" and "geen voorstellen" / "elke hulpvraag kreeg een voorstel"."""
    run = MatchRun.objects.create(
        organisation=world.welfare_org,
        area=world.areas.gemeente,
        run_by=world.users["coordinator"],
        request_count=12,
        offer_count=4,
        proposal_count=3,
    )
    Proposal.objects.create(
        run=run, request=sw.request_elsewhere, helper=sw.helper_other, score=40, reasons=[]
    )
    UnmatchedRequest.objects.create(
        run=run, request=sw.request_elsewhere, code="afstand", reason="Geen helper dichtbij."
    )

    def text(user):
        response = client_for(world.users[user]).get(reverse("matchrun-detail", args=[run.pk]))
        return " ".join(parse_html(response.content).all_text().split())

    worker = text("wijkwerker")
    assert "De hele ronde: 3 voorstellen voor 12 hulpvragen, met 4 helpers." in worker
    assert "U ziet hieronder alleen de hulpvragen die u mag inzien: 0 voorstellen en" in worker
    assert "Geen voorstellen voor hulpvragen die u mag inzien." in worker
    assert "Geen hulpvragen zonder voorstel die u mag inzien." in worker
    for untrue in ("geen koppelingen", "Elke hulpvraag", "geen voorstellen."):
        assert untrue not in worker

    coordinator = text("coordinator")  # sees the whole round: no note, no empty claims
    assert "u mag inzien" not in coordinator
    assert "Geen helper dichtbij." in coordinator


def test_an_empty_match_run_says_so_once(sw, world, client_for):
    run = MatchRun.objects.create(
        organisation=world.welfare_org,
        area=world.areas.wijk,
        run_by=world.users["coordinator"],
        request_count=1,
        offer_count=1,
    )
    response = client_for(world.users["wijkwerker"]).get(reverse("matchrun-detail", args=[run.pk]))
    page = " ".join(parse_html(response.content).all_text().split())
    assert "0 voorstellen voor 1 hulpvraag, met 1 helper." in page
    assert "Deze ronde deed geen voorstellen." in page
    assert "Elke hulpvraag" not in page and "u mag inzien" not in page


def person_block(client, person):
    """The resident's page's Hulpvragen section (None when the page has none)."""
    root = parse_html(client.get(person.get_absolute_url()).content)
    return next(
        (n for n in root.iter() if n.attrs.get("aria-labelledby") == "hulpvragen-bewoner"), None
    )


def test_the_residents_page_lists_their_hulpvragen_and_offers_to_record_one(sw, world, client_for):
    worker = client_for(world.users["wijkwerker"])
    block = person_block(worker, world.in_area)
    assert block is not None
    text = " ".join(block.all_text().split())
    assert "Boodschappen" in text and "Voorgesteld" in text
    links = {n.attrs.get("href"): n.all_text() for n in block.iter() if n.tag == "a"}
    assert links[sw.request_proposed.get_absolute_url()]
    create = f"{reverse('helprequest-create')}?bewoner={world.in_area.public_id}"
    assert links[create] == "Hulpvraag registreren"
    # The link fills in the resident.
    form = worker.get(create).context["form"]
    assert form["resident"].value() == world.in_area.public_id

    # Scoped like the rest: another resident's hulpvraag is not in this block.
    assert "Samen naar de markt" not in text
    other = person_block(worker, world.in_area_2)
    assert sw.request_matched.get_absolute_url() in {
        n.attrs.get("href") for n in other.iter() if n.tag == "a"
    }


def test_the_hulpvragen_section_for_a_partner_follows_the_consent(sw, world, client_for):
    """The partner sees the resident (contact consent) but not the hulpvragen, which
    need a consent covering 'hulpvraag': no section, and never a link to record one."""
    partner = client_for(world.users["partner"])
    response = partner.get(world.in_area.get_absolute_url())
    assert response.status_code == 200
    assert person_block(partner, world.in_area) is None
    assert "Hulpvraag registreren" not in response.content.decode()
