"""Fixtures for the instruments app: recording measurements, a consent that covers them."""

import datetime

import pytest

from kwartier.instruments.services import record_measurement
from tests.conftest import consent_for
from tests.instruments.samples import answers as sample_answers


@pytest.fixture
def measure(world):
    """measure(person, code="djg6", answers=None, on=date, user=coordinator) → Measurement."""

    def record(person, code="djg6", answers=None, on=datetime.date(2025, 3, 1), user=None):
        return record_measurement(
            person,
            code,
            sample_answers(code) if answers is None else answers,
            on,
            user or world.users["coordinator"],
        )

    return record


@pytest.fixture
def metingen_consent(world):
    """The partner's organisation may also see the measurements of `world.in_area`."""
    return consent_for(
        world.in_area, world.housing_org, world.users["coordinator"], categories=("metingen",)
    )
