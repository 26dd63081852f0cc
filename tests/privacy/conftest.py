import datetime

import pytest
from django.utils import timezone

from kwartier.privacy.models import Consent, DataCategory, Purpose


@pytest.fixture
def give_consent(world):
    """give_consent(person, organisation, categories=("contact",), **fields) → Consent."""

    def give(person, organisation=None, categories=("contact",), **fields):
        consent = Consent.objects.create(
            person=person,
            organisation=organisation or world.housing_org,
            purpose=Purpose.objects.get(code="doorverwijzing"),
            obtained=Consent.Obtained.SCHRIFTELIJK,
            recorded_by=world.users["coordinator"],
            **fields,
        )
        consent.categories.set(DataCategory.objects.filter(code__in=categories))
        return consent

    return give


@pytest.fixture
def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)
