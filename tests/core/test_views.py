"""The web pages of the core app: lists with search, area filter and paging, detail pages,
and forms that save good input and show Dutch errors next to the field for bad input."""

import pytest
from django.urls import reverse

from kwartier.core.models import Activity, Household, Organisation, Person
from tests.factories import ActivityFactory, HouseholdFactory, OrganisationFactory, PersonFactory

FORM_NOT_SAVED = "Het formulier is niet opgeslagen"


@pytest.fixture
def worker(world, client_for):
    return client_for(world.users["wijkwerker"])


@pytest.fixture
def office(world, client_for):
    """The coordinator's client: sees every resident of the organisation."""
    return client_for(world.users["coordinator"])


def listed(response):
    assert response.status_code == 200
    return list(response.context["object_list"])


def assert_field_error(field_block, response, field, text):
    """The error is in the field's own block, and the top of the form says nothing saved."""
    assert response.status_code == 200
    block = field_block(response.content, f"id_{field}")
    assert block.invalid, f"{field} is not marked invalid"
    assert any(text in error for error in block.errors), f"{field}: {block.errors}"
    assert FORM_NOT_SAVED in response.content.decode()


# Persons -----------------------------------------------------------------------------


def test_person_list_search_by_name_kenmerk_and_postcode(world, worker):
    assert set(listed(worker.get(reverse("person-list")))) == {
        world.in_area,
        world.in_area_2,
        world.no_address,
    }
    for query in ("binnen", "ANNA", world.in_area.public_id, world.in_area.household.postcode):
        found = listed(worker.get(reverse("person-list"), {"q": query}))
        assert found == [world.in_area], query
    assert listed(worker.get(reverse("person-list"), {"q": "niemand-heet-zo"})) == []
    page = worker.get(reverse("person-list"), {"q": "niemand-heet-zo"}).content.decode()
    assert "Geen bewoners gevonden." in page


def test_person_list_filter_by_area(world, office):
    by_buurt = listed(office.get(reverse("person-list"), {"gebied": world.areas.buurt_2.pk}))
    assert by_buurt == [world.in_area_2]
    by_wijk = listed(office.get(reverse("person-list"), {"gebied": world.areas.wijk.pk}))
    assert set(by_wijk) == {world.in_area, world.in_area_2}
    by_gemeente = office.get(reverse("person-list"), {"gebied": world.areas.gemeente.pk})
    assert set(listed(by_gemeente)) == {world.in_area, world.in_area_2, world.out_of_area}


def test_person_list_pages_keep_the_search(world, worker):
    for number in range(30):
        PersonFactory(
            organisation=world.welfare_org,
            family_name=f"Veenstra{number:02d}",
            household=world.in_area.household,
        )
    first = worker.get(reverse("person-list"), {"q": "Veenstra"})
    assert len(listed(first)) == 25
    assert first.context["paginator"].count == 30
    page = first.content.decode()
    assert "pagina 1 van 2" in page
    assert "q=Veenstra&amp;page=2" in page
    second = worker.get(reverse("person-list"), {"q": "Veenstra", "page": 2})
    assert len(listed(second)) == 5
    assert 'rel="prev"' in second.content.decode()
    last = worker.get(reverse("person-list"), {"q": "Veenstra", "page": "last"})
    assert listed(last) == listed(second)
    assert worker.get(reverse("person-list"), {"page": 3}).status_code == 404


def test_person_list_ignores_an_invalid_filter_and_says_so(world, worker):
    response = worker.get(reverse("person-list"), {"gebied": "999999"})
    assert len(listed(response)) == 3
    assert "Dit filter is ongeldig en is genegeerd." in response.content.decode()


def test_person_detail(world, worker):
    person = world.in_area
    response = worker.get(person.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    for text in (person.full_name, person.public_id, "17 mei 1960", person.household.postcode):
        assert text in page
    assert reverse("person-update", args=[person.public_id]) in page
    assert person.household.get_absolute_url() in page


def test_person_create(world, worker):
    response = worker.post(
        reverse("person-create"),
        {
            "given_name": "Fatma",
            "infix": "",
            "family_name": "Yılmaz",
            "birth_year": "1958",
            "email": "fatma@example.nl",
            "household": world.in_area_2.household.pk,
        },
    )
    person = Person.objects.get(family_name="Yılmaz")
    assert response.status_code == 302
    assert response.headers["Location"] == person.get_absolute_url()
    assert person.organisation == world.welfare_org
    assert person.household == world.in_area_2.household
    follow = worker.get(response.headers["Location"])
    assert "Bewoner opgeslagen." in follow.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"given_name": ""}, "given_name", "Dit veld is vereist."),
        ({"family_name": " "}, "family_name", "Dit veld is vereist."),
        ({"birth_date": "2999-01-01"}, "birth_date", "De geboortedatum ligt in de toekomst."),
        ({"birth_date": "31-02-1970"}, "birth_date", "Voer een geldige datum in."),
        ({"birth_year": "1850"}, "birth_year", "Vul een geboortejaar tussen 1900 en"),
        ({"birth_year": "negentien"}, "birth_year", "Voer een geheel getal in."),
        (
            {"birth_date": "1970-03-01", "birth_year": "1971"},
            "birth_year",
            "Het geboortejaar past niet bij de geboortedatum.",
        ),
        ({"email": "fatma-at-example"}, "email", "Voer een geldig e-mailadres in."),
        ({"household": "999999"}, "household", "Selecteer een geldige keuze."),
        ({"given_name": "x" * 81}, "given_name", "niet meer dan 80 tekens"),
    ],
)
def test_person_create_shows_dutch_errors_next_to_the_field(
    world, worker, field_block, data, field, error
):
    before = Person.objects.count()
    response = worker.post(
        reverse("person-create"), {"given_name": "Fatma", "family_name": "Yılmaz", **data}
    )
    assert_field_error(field_block, response, field, error)
    assert Person.objects.count() == before
    # What was typed stays in the form.
    family_name = field_block(response.content, "id_family_name").input
    assert family_name.attrs.get("value") == data.get("family_name", "Yılmaz")


def test_person_edit(world, worker, field_block):
    person = world.in_area
    edit_url = reverse("person-update", args=[person.public_id])
    form = worker.get(edit_url)
    assert form.status_code == 200
    assert field_block(form.content, "id_given_name").input.attrs["value"] == "Anna"
    assert field_block(form.content, "id_birth_date").input.attrs["value"] == "1960-05-17"

    bad = worker.post(edit_url, {"given_name": "Anna", "family_name": "", "email": "nee"})
    assert_field_error(field_block, bad, "family_name", "Dit veld is vereist.")
    assert_field_error(field_block, bad, "email", "Voer een geldig e-mailadres in.")
    person.refresh_from_db()
    assert person.family_name == "Binnenwijk"

    good = worker.post(
        edit_url,
        {
            "given_name": "Anna",
            "family_name": "Binnenwijk-de Vries",
            "birth_date": "1960-05-17",
            "phone": "06-99998888",
            "household": person.household.pk,
        },
    )
    assert good.status_code == 302
    person.refresh_from_db()
    assert (person.family_name, person.phone) == ("Binnenwijk-de Vries", "06-99998888")
    assert "Wijzigingen opgeslagen." in worker.get(good.headers["Location"]).content.decode()


# Households --------------------------------------------------------------------------


def test_household_list_search_filter_and_detail(world, office):
    households = listed(office.get(reverse("household-list")))
    assert len(households) == 3
    assert households == sorted(households, key=lambda h: (h.postcode, h.house_number))
    postcode = world.in_area_2.household.postcode
    assert listed(office.get(reverse("household-list"), {"q": postcode})) == [
        world.in_area_2.household
    ]
    by_area = office.get(reverse("household-list"), {"gebied": world.areas.other_wijk.pk})
    assert listed(by_area) == [world.out_of_area.household]

    detail = office.get(world.in_area.household.get_absolute_url())
    assert detail.status_code == 200
    page = detail.content.decode()
    assert world.in_area.full_name in page
    assert world.areas.buurt.name in page


def test_household_list_pages(world, worker):
    for _ in range(26):
        HouseholdFactory(organisation=world.welfare_org, buurt=world.areas.buurt)
    first = worker.get(reverse("household-list"))
    assert len(listed(first)) == 25
    assert first.context["paginator"].count == 28
    assert len(listed(worker.get(reverse("household-list"), {"page": 2}))) == 3


def test_household_create_and_edit(world, worker, field_block):
    data = {
        "street": "Kerkstraat",
        "house_number": "12",
        "house_number_suffix": "a",
        "postcode": "1234AB",
        "city": "Testveen",
        "buurt": world.areas.buurt.pk,
    }
    response = worker.post(reverse("household-create"), data)
    household = Household.objects.get(street="Kerkstraat")
    assert response.status_code == 302
    assert household.postcode == "1234 AB"
    assert household.organisation == world.welfare_org

    edit_url = reverse("household-update", args=[household.pk])
    bad = worker.post(edit_url, {**data, "postcode": "0123 AB"})
    assert_field_error(field_block, bad, "postcode", "Vul een postcode in zoals 1234 AB.")
    household.refresh_from_db()
    assert household.postcode == "1234 AB"

    assert worker.post(edit_url, {**data, "house_number": "14"}).status_code == 302
    household.refresh_from_db()
    assert household.house_number == 14


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"street": ""}, "street", "Dit veld is vereist."),
        ({"house_number": "-3"}, "house_number", "minstens 0"),
        ({"house_number": "twaalf"}, "house_number", "Voer een geheel getal in."),
        ({"postcode": "12345"}, "postcode", "Vul een postcode in zoals 1234 AB."),
        ({"buurt": "wijk"}, "buurt", "Selecteer een geldige keuze."),
        ({"buurt": ""}, "buurt", "Dit veld is vereist."),
    ],
)
def test_household_create_errors(world, worker, field_block, data, field, error):
    if data.get("buurt") == "wijk":
        data = {"buurt": world.areas.wijk.pk}  # a wijk is not a buurt
    before = Household.objects.count()
    response = worker.post(
        reverse("household-create"),
        {
            "street": "Kerkstraat",
            "house_number": "1",
            "postcode": "1234 AB",
            "city": "Testveen",
            "buurt": world.areas.buurt.pk,
            **data,
        },
    )
    assert_field_error(field_block, response, field, error)
    assert Household.objects.count() == before


# Organisations -----------------------------------------------------------------------


def test_organisation_list_search_kind_and_area(world, client_for):
    client = client_for(world.users["vrijwilliger"])
    everyone = listed(client.get(reverse("organisation-list")))
    assert [o.name for o in everyone] == sorted(o.name for o in everyone)
    assert len(everyone) == 4
    found = listed(client.get(reverse("organisation-list"), {"q": "Hoeve"}))
    assert found == [world.housing_org]
    housing = listed(client.get(reverse("organisation-list"), {"soort": "woningcorporatie"}))
    assert housing == [world.housing_org]
    # An organisation working in the whole gemeente serves every buurt; one in the wijk
    # serves its buurten; the wijk filter does not bring up organisations elsewhere.
    in_buurt = client.get(reverse("organisation-list"), {"gebied": world.areas.buurt.pk})
    assert len(listed(in_buurt)) == 4
    in_other = client.get(reverse("organisation-list"), {"gebied": world.areas.other_buurt.pk})
    assert world.other_welfare_org not in listed(in_other)


def test_organisation_list_pages(world, client_for):
    for number in range(25):
        OrganisationFactory(name=f"Vereniging {number:02d}")
    client = client_for(world.users["gemeente"])
    assert len(listed(client.get(reverse("organisation-list")))) == 25
    assert len(listed(client.get(reverse("organisation-list"), {"page": 2}))) == 4


def test_organisation_detail_shows_its_activities(world, client_for):
    response = client_for(world.users["partner"]).get(world.welfare_org.get_absolute_url())
    page = response.content.decode()
    assert "Koffie in de Kern" in page
    assert "Oude breiclub" in page and "gestopt" in page
    assert reverse("organisation-update", args=[world.welfare_org.pk]) not in page


def test_organisation_create_and_edit(world, office, field_block):
    data = {
        "name": "Voedselbank Testveen",
        "kind": "vereniging",
        "areas": [world.areas.wijk.pk],
        "website": "https://voedselbank.example",
    }
    assert office.post(reverse("organisation-create"), data).status_code == 302
    organisation = Organisation.objects.get(name="Voedselbank Testveen")
    assert list(organisation.areas.all()) == [world.areas.wijk]

    duplicate = office.post(reverse("organisation-create"), data)
    assert_field_error(field_block, duplicate, "name", "bestaat al")
    bad = office.post(
        reverse("organisation-create"),
        {"name": "X", "kind": "onbekend", "website": "geen url", "email": "x"},
    )
    assert_field_error(field_block, bad, "kind", "Selecteer een geldige keuze.")
    assert_field_error(field_block, bad, "website", "Voer een geldige URL in.")
    assert_field_error(field_block, bad, "email", "Voer een geldig e-mailadres in.")
    assert not Organisation.objects.filter(name="X").exists()

    # An area id beyond any database integer is an invalid choice, not a server error.
    huge = office.post(reverse("organisation-create"), {**data, "name": "Y", "areas": ["9" * 30]})
    assert_field_error(field_block, huge, "areas_0", "Selecteer een geldige keuze.")

    edit_url = reverse("organisation-update", args=[organisation.pk])
    assert office.post(edit_url, {**data, "phone": "0800-1234"}).status_code == 302
    organisation.refresh_from_db()
    assert organisation.phone == "0800-1234"


# Activities (sociale kaart) ----------------------------------------------------------


def test_activity_list_filters(world, client_for):
    client = client_for(world.users["vrijwilliger"])
    active = listed(client.get(reverse("activity-list")))
    assert set(active) == {world.welfare_activity, world.partner_activity}
    everything = listed(client.get(reverse("activity-list"), {"alles": "1"}))
    assert world.stopped_activity in everything
    assert listed(client.get(reverse("activity-list"), {"gastvrij": "1"})) == [
        world.welfare_activity
    ]
    assert listed(client.get(reverse("activity-list"), {"q": "hoeve"})) == [
        world.partner_activity
    ]  # the organisation's name is searched too
    in_wijk = listed(client.get(reverse("activity-list"), {"gebied": world.areas.wijk.pk}))
    assert in_wijk == [world.welfare_activity]


def test_activity_list_pages(world, client_for):
    for number in range(30):
        ActivityFactory(organisation=world.welfare_org, title=f"Taalcafé {number:02d}")
    client = client_for(world.users["wijkwerker"])
    first = client.get(reverse("activity-list"), {"q": "Taalcafé"})
    assert len(listed(first)) == 25
    assert len(listed(client.get(reverse("activity-list"), {"q": "Taalcafé", "page": 2}))) == 5


def test_activity_detail(world, client_for):
    response = client_for(world.users["gemeente"]).get(world.welfare_activity.get_absolute_url())
    page = response.content.decode()
    assert "Koffie in de Kern" in page
    assert "gratis" in page
    assert "Gastvrij" in page
    assert reverse("activity-update", args=[world.welfare_activity.pk]) not in page


def test_activity_create_by_wijkwerker_and_errors(world, worker, field_block):
    data = {
        "organisation": world.welfare_org.pk,
        "title": "Taalcafé",
        "kind": "activiteit",
        "buurt": world.areas.buurt_2.pk,
        "cost": "2.50",
        "gastvrij": "on",
        "active": "on",
    }
    response = worker.post(reverse("activity-create"), data)
    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get(title="Taalcafé")
    assert str(activity.cost) == "2.50"
    assert activity.gastvrij

    bad = worker.post(
        reverse("activity-create"),
        {**data, "title": "", "cost": "veel", "buurt": world.areas.wijk.pk},
    )
    assert_field_error(field_block, bad, "title", "Dit veld is vereist.")
    assert_field_error(field_block, bad, "cost", "Voer een getal in.")
    assert_field_error(field_block, bad, "buurt", "Selecteer een geldige keuze.")
    assert Activity.objects.filter(title="Taalcafé").count() == 1


def test_partner_creates_and_edits_only_for_its_own_organisation(world, client_for, field_block):
    partner = client_for(world.users["partner"])
    form = partner.get(reverse("activity-create"))
    assert list(form.context["form"].fields["organisation"].queryset) == [world.housing_org]
    refused = partner.post(
        reverse("activity-create"),
        {"organisation": world.welfare_org.pk, "title": "Namens een ander", "kind": "dienst"},
    )
    assert_field_error(field_block, refused, "organisation", "Selecteer een geldige keuze.")
    assert not Activity.objects.filter(title="Namens een ander").exists()

    edit_url = reverse("activity-update", args=[world.partner_activity.pk])
    saved = partner.post(
        edit_url,
        {
            "organisation": world.housing_org.pk,
            "title": "Huurdersspreekuur (nieuw)",
            "kind": "spreekuur",
            "active": "on",
        },
    )
    assert saved.status_code == 302
    world.partner_activity.refresh_from_db()
    assert world.partner_activity.title == "Huurdersspreekuur (nieuw)"
    assert (
        partner.get(reverse("activity-update", args=[world.welfare_activity.pk])).status_code == 403
    )


# Areas and home pages ----------------------------------------------------------------


def test_area_list(world, client_for):
    response = client_for(world.users["coordinator"]).get(reverse("area-list"))
    page = response.content.decode()
    for area in vars(world.areas).values():
        assert area.code in page


@pytest.mark.parametrize(
    ("visitor", "text"),
    [
        ("beheerder", "Nieuwe bewoner"),
        ("coordinator", "Nieuwe bewoner"),
        ("wijkwerker", "bewoners in uw werkgebied"),
        ("vrijwilliger", "vrijwilliger"),
        ("partner", "Uw organisatie op de sociale kaart"),
        ("gemeente", "alleen totalen"),
    ],
)
def test_each_role_has_its_own_home_page(world, client_for, visitor, text):
    response = client_for(world.users[visitor]).get(reverse("home"))
    assert response.status_code == 200
    assert f"core/home_{visitor}.html" in [t.name for t in response.templates]
    assert text in response.content.decode()
