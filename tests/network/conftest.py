"""Fixtures for the ecogram: a helper that adds ties, and consents that cover the network."""

import pytest

from kwartier.network.models import Tie
from tests.conftest import consent_for


@pytest.fixture
def add_tie():
    """add_tie(person, label="Zus Ineke", **fields) → a saved Tie (an unregistered contact
    unless contact_person or contact_organisation is given)."""

    def add(person, label="Zus Ineke", **fields):
        values = {
            "group": "G",
            "strength": "sterk",
            "direction": "wederzijds",
            "functions": "EP",
            "frequency": "wekelijks",
        }
        values.update(fields)
        if "contact_person" not in fields and "contact_organisation" not in fields:
            values["contact_label"] = label
        return Tie.objects.create(person=person, **values)

    return add


@pytest.fixture
def network_consent(world):
    """The partner's organisation may also see the network of `world.in_area`."""
    return consent_for(
        world.in_area, world.housing_org, world.users["coordinator"], categories=("netwerk",)
    )
