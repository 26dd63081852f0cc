"""Who sees which residents and households: the queryset rule, and that no list, count,
search, filter or form choice ever shows more than the rule allows."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from kwartier.core.forms import PersonForm
from kwartier.core.models import Household, Person
from tests.factories import BuurtFactory, PersonFactory, UserFactory
from tests.problems import field_errors

# Visitor → the residents of the world they may see (names of world attributes).
VISIBLE_PERSONS = {
    "beheerder": {"in_area", "in_area_2", "out_of_area", "no_address"},
    "coordinator": {"in_area", "in_area_2", "out_of_area", "no_address"},
    "wijkwerker": {"in_area", "in_area_2", "no_address"},
    "vrijwilliger": set(),
    "partner": {"in_area"},  # by consent, see world.consent
    "gemeente": set(),
    "other_org_worker": {"other_org_person"},
    "anonymous": set(),
}
ALL_PERSONS = {"in_area", "in_area_2", "out_of_area", "no_address", "other_org_person"}
# Households follow the residents living there; the partner's consent covers a person,
# so the household of that person is visible to the partner too.
VISIBLE_HOUSEHOLDS = {
    visitor: {name for name in names if name != "no_address"}
    for visitor, names in VISIBLE_PERSONS.items()
}


def persons(world, names):
    return {getattr(world, name) for name in names}


def user_of(world, visitor):
    return world.users[visitor] or AnonymousUser()


@pytest.mark.parametrize("visitor", list(VISIBLE_PERSONS))
def test_persons_visible_per_role(world, visitor):
    visible = set(Person.objects.visible_to(user_of(world, visitor)))
    assert visible == persons(world, VISIBLE_PERSONS[visitor])


@pytest.mark.parametrize("visitor", list(VISIBLE_HOUSEHOLDS))
def test_households_visible_per_role(world, visitor):
    visible = set(Household.objects.visible_to(user_of(world, visitor)))
    expected = {p.household for p in persons(world, VISIBLE_HOUSEHOLDS[visitor])}
    assert visible == expected


def test_a_user_without_organisation_sees_nothing(world):
    loner = UserFactory(role="coordinator", organisation=None)
    assert not Person.objects.visible_to(loner).exists()
    assert not Household.objects.visible_to(loner).exists()


def test_a_wijkwerker_without_work_area_sees_only_records_without_address(world):
    worker = UserFactory(role="wijkwerker", organisation=world.welfare_org)
    assert set(Person.objects.visible_to(worker)) == {world.no_address}
    assert not Household.objects.visible_to(worker).exists()


def test_a_wijkwerker_with_the_gemeente_as_work_area_sees_all_its_buurten(world):
    worker = UserFactory(
        role="wijkwerker", organisation=world.welfare_org, areas=[world.areas.gemeente]
    )
    assert set(Person.objects.visible_to(worker)) == persons(world, VISIBLE_PERSONS["beheerder"])


def test_a_wijkwerker_with_one_buurt_sees_only_that_buurt(world):
    worker = UserFactory(
        role="wijkwerker", organisation=world.welfare_org, areas=[world.areas.buurt]
    )
    assert set(Person.objects.visible_to(worker)) == {world.in_area, world.no_address}


def test_a_buurt_added_to_the_wijk_later_is_in_scope_at_once(world):
    new_buurt = BuurtFactory(parent=world.areas.wijk)
    newcomer = PersonFactory(organisation=world.welfare_org, household__buurt=new_buurt)
    assert newcomer in Person.objects.visible_to(world.users["wijkwerker"])


def test_a_withdrawn_consent_closes_the_partner_view_at_once(world):
    partner = world.users["partner"]
    assert list(Person.objects.visible_to(partner)) == [world.in_area]
    world.consent.withdraw(world.users["coordinator"])
    assert not Person.objects.visible_to(partner).exists()


def test_scoped_querysets_stay_scoped_when_chained(world):
    worker = world.users["wijkwerker"]
    scoped = Person.objects.visible_to(worker)
    assert not scoped.filter(pk=world.out_of_area.pk).exists()
    assert not scoped.filter(family_name="Buitenwijk").exists()
    assert scoped.count() == len(VISIBLE_PERSONS["wijkwerker"])
    assert scoped.order_by("-pk").count() == scoped.count()


# Lists, counts, searches and filters on the web pages ----------------------------------


def names_on(response):
    return response.content.decode()


@pytest.mark.parametrize("visitor", ["beheerder", "wijkwerker", "other_org_worker", "partner"])
def test_person_list_shows_exactly_the_scope(world, client_for, visitor):
    response = client_for(world.users[visitor]).get(reverse("person-list"))
    assert response.status_code == 200
    page = names_on(response)
    for name in ALL_PERSONS:
        person = getattr(world, name)
        shown = person.family_name in page or person.public_id in page
        assert shown == (name in VISIBLE_PERSONS[visitor]), f"{visitor} and {name}"
    assert response.context["paginator"].count == len(VISIBLE_PERSONS[visitor])


@pytest.mark.parametrize(
    "query",
    [
        {"q": "Buitenwijk"},
        {"q": "Otto"},
        {"q": "Andereorg"},
        {"q": "{out_of_area.public_id}"},
        {"q": "{other_org_person.public_id}"},
        {"q": "{out_of_area.household.postcode}"},
        {"gebied": "{areas.other_wijk.pk}"},
        {"gebied": "{areas.other_buurt.pk}"},
        {"gebied": "{areas.other_wijk.pk}", "q": "Buitenwijk"},
    ],
)
def test_searching_the_person_list_never_finds_what_is_out_of_scope(world, client_for, query):
    params = {key: value.format(**vars(world)) for key, value in query.items()}
    response = client_for(world.users["wijkwerker"]).get(reverse("person-list"), params)
    assert response.status_code == 200
    assert list(response.context["object_list"]) == []
    page = names_on(response)
    for name in ("out_of_area", "other_org_person"):
        person = getattr(world, name)
        assert person.public_id not in page.replace(params.get("q", ""), "")
        if params.get("q") != person.family_name:
            assert person.family_name not in page


def test_household_list_and_search_stay_in_scope(world, client_for):
    client = client_for(world.users["wijkwerker"])
    shown = set(client.get(reverse("household-list")).context["object_list"])
    assert shown == {world.in_area.household, world.in_area_2.household}
    postcode = world.out_of_area.household.postcode
    found = client.get(reverse("household-list"), {"q": postcode}).context["object_list"]
    assert list(found) == []


def test_home_page_counts_only_what_is_in_scope(world, client_for):
    response = client_for(world.users["wijkwerker"]).get(reverse("home"))
    assert response.context["person_count"] == len(VISIBLE_PERSONS["wijkwerker"])
    assert response.context["household_count"] == 2
    recent = set(response.context["recent_persons"])
    assert recent == persons(world, VISIBLE_PERSONS["wijkwerker"])
    assert "Buitenwijk" not in response.content.decode()


def test_household_page_lists_only_members_in_scope(world, client_for):
    # A resident of another organisation registered at the same address stays hidden.
    household = world.in_area.household
    PersonFactory(
        organisation=world.other_welfare_org, family_name="Verborgen", household=household
    )
    response = client_for(world.users["wijkwerker"]).get(household.get_absolute_url())
    assert list(response.context["members"]) == [world.in_area]
    assert "Verborgen" not in response.content.decode()


def test_person_form_offers_only_addresses_in_scope(world):
    form = PersonForm(user=world.users["wijkwerker"])
    offered = set(form.fields["household"].queryset)
    assert offered == {world.in_area.household, world.in_area_2.household}


def test_person_form_refuses_an_address_out_of_scope(world, client_for):
    hidden = world.out_of_area.household
    response = client_for(world.users["wijkwerker"]).post(
        reverse("person-create"),
        {"given_name": "Sem", "family_name": "Stiekem", "household": hidden.pk},
    )
    assert response.status_code == 200
    assert "household" in response.context["form"].errors
    assert not Person.objects.filter(family_name="Stiekem").exists()


# The API ------------------------------------------------------------------------------


@pytest.mark.parametrize("visitor", ["beheerder", "wijkwerker", "other_org_worker", "partner"])
def test_api_person_list_shows_exactly_the_scope(world, api_client_for, visitor):
    data = api_client_for(world.users[visitor]).get(reverse("api:person-list")).json()
    expected = persons(world, VISIBLE_PERSONS[visitor])
    assert data["count"] == len(expected)
    assert {row["public_id"] for row in data["results"]} == {p.public_id for p in expected}


@pytest.mark.parametrize(
    "params",
    [
        {"search": "Buitenwijk"},
        {"search": "{other_org_person.public_id}"},
        {"gebied": "{areas.other_wijk.code}"},
        {"gebied": "{areas.other_buurt.code}"},
    ],
)
def test_api_search_and_filter_never_find_what_is_out_of_scope(world, api_client_for, params):
    params = {key: value.format(**vars(world)) for key, value in params.items()}
    response = api_client_for(world.users["wijkwerker"]).get(reverse("api:person-list"), params)
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_api_household_list_is_scoped(world, api_client_for):
    data = api_client_for(world.users["wijkwerker"]).get(reverse("api:household-list")).json()
    assert {row["id"] for row in data["results"]} == {
        world.in_area.household.pk,
        world.in_area_2.household.pk,
    }


def test_api_cannot_attach_a_person_to_an_address_out_of_scope(world, api_client_for):
    response = api_client_for(world.users["wijkwerker"]).post(
        reverse("api:person-list"),
        {
            "given_name": "Sem",
            "family_name": "Stiekem",
            "household": world.out_of_area.household.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "household" in field_errors(response)
    assert not Person.objects.filter(family_name="Stiekem").exists()


def test_area_figures_show_no_small_counts(world, client_for):
    """The area page is open to every role, so it shows only suppressed totals."""
    response = client_for(world.users["vrijwilliger"]).get(reverse("area-list"))
    rows = {row["area"].code: row for row in response.context["area_rows"]}
    assert rows[world.areas.buurt.code]["residents"] == "<5"
    assert rows[world.areas.gemeente.code]["residents"] == "<5"
    for person in persons(world, ALL_PERSONS):
        assert person.family_name not in response.content.decode()
