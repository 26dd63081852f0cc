"""The signals world: a default routing rule to the personas' welfare organisation, one
rule passing youth signals in the other wijk to the housing association, and signals in
the wijkwerker's buurt, in another wijk, and passed on to the partner."""

from types import SimpleNamespace

import pytest

from kwartier.signals import services
from kwartier.signals.models import Category, RoutingRule
from kwartier.signals.states import Status
from tests.signals.helpers import make_signal


@pytest.fixture
def routing(world):
    return SimpleNamespace(
        default=RoutingRule.objects.create(organisation=world.welfare_org, team="Meldpunt"),
        youth_elsewhere=RoutingRule.objects.create(
            category=Category.objects.get(code="jeugd"),
            area=world.areas.other_wijk,
            organisation=world.housing_org,
        ),
    )


@pytest.fixture
def signals(world, routing, personas):
    areas = world.areas
    passed_on = make_signal(areas.buurt_2, code="groen", description="Boom waait om")
    services.transition(
        passed_on, Status.DOORGEZET, user=personas["coordinator"], partner=world.housing_org
    )
    return SimpleNamespace(
        in_area=make_signal(areas.buurt, reporter_name="Fatima", contact_consent=True),
        out_of_area=make_signal(areas.other_buurt, code="parkeren"),
        passed_on=passed_on,
        # Routed straight to the housing association by the youth rule.
        youth_elsewhere=make_signal(areas.other_buurt, code="jeugd-overlast"),
        sensitive=make_signal(areas.buurt, code="zorg-buur", description="Buurman eenzaam"),
    )
