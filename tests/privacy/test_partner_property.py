"""Property: whatever consents exist, a partner sees a resident's data only under a consent
in force for its own organisation, and only the categories that consent covers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kwartier.core.models import Person
from kwartier.privacy.models import Consent, DataCategory, Purpose

CATEGORY_CODES = ["contact", "hulpvraag", "netwerk", "metingen", "notities"]

consent_specs = st.lists(
    st.fixed_dictionaries(
        {
            "person": st.integers(0, 2),
            "to_partner": st.booleans(),
            "categories": st.sets(st.sampled_from(CATEGORY_CODES), min_size=1),
            "start": st.integers(-30, 10),  # days from today
            "length": st.one_of(st.none(), st.integers(-40, 40)),
            "withdrawn": st.booleans(),
        }
    ),
    max_size=6,
)


def in_force(spec, today) -> bool:
    start = today + datetime.timedelta(days=spec["start"])
    end = None if spec["length"] is None else start + datetime.timedelta(days=spec["length"])
    return not spec["withdrawn"] and start <= today and (end is None or end >= today)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(specs=consent_specs)
def test_partner_sees_exactly_what_consent_allows(world, api_client_for, specs):
    Consent.objects.all().delete()
    today = timezone.localdate()
    people = [world.in_area, world.in_area_2, world.out_of_area]
    for person in people:
        person.phone = "06-11112222"
        person.save()
    purpose = Purpose.objects.first()
    for spec in specs:
        start = today + datetime.timedelta(days=spec["start"])
        consent = Consent.objects.create(
            person=people[spec["person"]],
            organisation=world.housing_org if spec["to_partner"] else world.other_welfare_org,
            purpose=purpose,
            obtained="mondeling",
            valid_from=start,
            valid_until=None
            if spec["length"] is None
            else start + datetime.timedelta(days=spec["length"]),
        )
        consent.categories.set(DataCategory.objects.filter(code__in=spec["categories"]))
        if spec["withdrawn"]:
            consent.withdraw(world.users["coordinator"])

    expected: dict[int, set[str]] = {}
    for spec in specs:
        if spec["to_partner"] and in_force(spec, today):
            expected.setdefault(spec["person"], set()).update(spec["categories"])

    partner = world.users["partner"]
    client = api_client_for(partner)
    listed = client.get(reverse("api:person-list")).json()
    assert {p["public_id"] for p in listed["results"]} == {people[i].public_id for i in expected}
    assert set(Person.objects.visible_to(partner)) == {people[i] for i in expected}
    for index, person in enumerate(people):
        detail = client.get(reverse("api:person-detail", args=[person.public_id]))
        if index not in expected:
            assert detail.status_code == 404
            continue
        body = detail.json()
        assert ("phone" in body) == ("contact" in expected[index])
        assert "birth_date" not in body
