"""The referrals demo: every status, linked to the methods demo, deterministic, removable."""

import datetime
import random
from types import SimpleNamespace

import pytest

from kwartier.core.models import Person, User
from kwartier.methods import demo_data as methods_demo
from kwartier.referrals import demo_data
from kwartier.referrals.models import Feedback, Referral
from tests.factories import HouseholdFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db
REFERENCE = datetime.date(2026, 1, 1)


@pytest.fixture
def demo(world):
    OrganisationFactory(name="Huisartsenpraktijk De Markt", kind="huisartsenpraktijk").areas.set(
        [world.areas.wijk]
    )
    OrganisationFactory(name="Huisartsenpraktijk Lindenhof", kind="huisartsenpraktijk").areas.set(
        [world.areas.other_wijk]
    )
    OrganisationFactory(name="Woonstichting Waardewonen", kind="woningcorporatie")
    buurten = [world.areas.buurt, world.areas.buurt_2, world.areas.other_buurt]
    for index in range(110):
        household = HouseholdFactory(organisation=world.welfare_org, buurt=buurten[index % 3])
        PersonFactory(
            organisation=world.welfare_org,
            household=household,
            birth_date=datetime.date(1950 + index % 40, 3, 1),
        )
    context = SimpleNamespace(
        reference_date=REFERENCE,
        today=REFERENCE,
        organisation=world.welfare_org,
        persons=Person.objects.filter(organisation=world.welfare_org).select_related(
            "household__buurt"
        ),
        users=User.objects.filter(organisation=world.welfare_org),
    )
    methods_demo.seed_demo(random.Random(5), context)
    return context


def snapshot():
    return sorted(
        (
            r.family_name,
            r.status,
            r.received_on.isoformat(),
            r.method.code,
            r.referrer_organisation.name,
            r.feedback_scope,
            r.decline_reason,
            tuple(sorted(r.feedback.values_list("kind", "text"))),
        )
        for r in Referral.objects.select_related("method", "referrer_organisation")
    )


def test_every_status_linked_deterministic_and_removable(demo, world):
    demo_data.seed_demo(random.Random(7), demo)
    referrals = Referral.objects.all()
    assert 35 <= referrals.count() <= 45
    assert set(referrals.values_list("status", flat=True)) == set(Referral.Status.values)
    assert set(referrals.values_list("method__code", flat=True)) == {
        "welzijn-op-recept",
        "buurtbemiddeling",
    }
    assert all(r.received_on <= REFERENCE for r in referrals)
    declined = referrals.filter(status="afgewezen")
    assert set(declined.values_list("decline_reason", flat=True)) == set(
        Referral.DeclineReason.values
    )
    assert Feedback.objects.filter(kind="afgewezen").count() == declined.count()
    for referral in referrals.filter(status="geaccepteerd").select_related("trajectory"):
        assert referral.trajectory.person_id == referral.person_id
        assert referral.trajectory.method_id == referral.method_id
        assert referral.received_on <= referral.trajectory.started_on
        assert referral.intake_consent is not None
        assert (referral.feedback_consent is None) == (referral.feedback_scope == "geen")
        kinds = set(referral.feedback.values_list("kind", flat=True))
        if referral.feedback_scope == "geen":
            assert not kinds
        else:
            assert "gestart" in kinds
            assert ("beeindigd" in kinds) == (referral.trajectory.ended_on is not None)
    assert referrals.filter(status="nieuw", person__isnull=True).count() == 7
    assert referrals.filter(referrer_organisation__name="Woonstichting Waardewonen").exists()
    first = snapshot()

    demo_data.delete_demo_data([world.welfare_org.pk], [])
    assert not Referral.objects.exists()
    demo_data.seed_demo(random.Random(7), demo)
    assert snapshot() == first
