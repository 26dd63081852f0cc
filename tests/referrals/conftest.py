import pytest

from tests.factories import OrganisationFactory, UserFactory
from tests.referrals.helpers import make_referral


@pytest.fixture
def gp_org(areas):
    return OrganisationFactory(
        name="Huisartsenpraktijk Testveen", kind="huisartsenpraktijk", email="praktijk@hap.example"
    )


@pytest.fixture
def gp(gp_org):
    """A partner account of the GP practice: the referrer."""
    return UserFactory(
        username="huisarts", role="partner", organisation=gp_org, email="huisarts@hap.example"
    )


@pytest.fixture
def referral(world, gp):
    """A new referral of the resident in the wijk (same name, birth year and postcode)."""
    person = world.in_area
    return make_referral(
        gp,
        world.welfare_org,
        given_name=person.given_name,
        family_name=person.family_name,
        birth_year=person.year_of_birth,
        postcode=person.household.postcode,
        house_number=person.household.house_number,
    )
