"""The support demo: every state, deterministic, and removable."""

import random

import pytest
from django.utils import timezone

from kwartier.demo.context import DemoContext
from kwartier.demo.generate import REFERENCE_DATE
from kwartier.support.demo_data import delete_demo_data, seed_demo
from kwartier.support.models import (
    Helper,
    HelpRequest,
    Match,
    MatchRun,
    ProfessionalCapacity,
    Proposal,
)
from tests.factories import HouseholdFactory, OrganisationFactory, PersonFactory
from tests.support.world import outline_areas

pytestmark = pytest.mark.django_db


@pytest.fixture
def residents(world):
    outline_areas(world)
    OrganisationFactory(name="Sportclub Vooruit", kind="vereniging")
    OrganisationFactory(name="Thuiszorg Samen", kind="zorg")
    people = []
    for index in range(60):
        buurt = [world.areas.buurt, world.areas.buurt_2, world.areas.other_buurt][index % 3]
        household = HouseholdFactory(organisation=world.welfare_org, buurt=buurt)
        people.append(PersonFactory(organisation=world.welfare_org, household=household))
    return people


def snapshot():
    return {
        "requests": sorted(
            (r.person.public_id, r.category.code, r.status, r.registered_on.isoformat())
            for r in HelpRequest.objects.select_related("person", "category")
        ),
        "helpers": sorted(
            (h.name, h.kind, h.capacity, tuple(h.slots)) for h in Helper.objects.all()
        ),
        "matches": sorted(
            (m.request.person.public_id, m.helper.name, m.status, m.started_on.isoformat())
            for m in Match.objects.select_related("request__person", "helper")
        ),
        "proposals": sorted(
            (p.request.person.public_id, p.helper.name, p.status, tuple(p.reasons))
            for p in Proposal.objects.select_related("request__person", "helper")
        ),
    }


def demo_context(world, residents):
    return DemoContext(
        reference_date=REFERENCE_DATE,
        today=timezone.localdate(),
        organisation=world.welfare_org,
        persons=residents,
        users=world.users,
    )


def test_every_state_deterministically(world, residents):
    counts = seed_demo(random.Random(11), demo_context(world, residents))
    statuses = set(HelpRequest.objects.values_list("status", flat=True))
    assert statuses == set(HelpRequest.Status.values)
    assert {"open", "geaccepteerd", "afgewezen"} <= set(
        Proposal.objects.values_list("status", flat=True)
    )
    assert Match.objects.filter(status="actief").exists()
    # Every step of a running match: kennismaking still to come, and done.
    assert Match.objects.filter(status="actief", introduction_on__isnull=True).exists()
    assert Match.objects.filter(status="actief", introduction_on__isnull=False).exists()
    assert Match.objects.filter(status="beeindigd").exists()
    assert Match.objects.followup_due().exists()
    assert Helper.objects.filter(kind="club").exists()
    assert Helper.objects.filter(kind="professioneel").exists()
    assert MatchRun.objects.count() == 3  # one per wijk, and a second run
    assert ProfessionalCapacity.objects.count() == 2
    volunteer = world.users["vrijwilliger"]
    assert Match.objects.for_volunteer(volunteer).exists()
    assert counts["hulpvragen"] == HelpRequest.objects.count() > 40
    first = snapshot()

    delete_demo_data([world.welfare_org.pk], [])
    assert not HelpRequest.objects.exists() and not Helper.objects.exists()
    assert not HelpRequest.history.exists() and not Match.history.exists()

    seed_demo(random.Random(11), demo_context(world, residents))
    assert snapshot() == first
