"""Hostile input on the budget API's writes, on real objects: a 4xx, never a 500.

tests/core/test_bad_input.py walks every route with ids that find nothing; this walks the
serializers behind them with the same hostile values, as a coordinator of the round.
"""

import pytest
from django.urls import reverse

from tests.budgets.world import budget_world
from tests.core.test_bad_input import BROKEN_BODIES, HOSTILE_STRINGS, WRONG_JSON_TYPES

pytestmark = pytest.mark.django_db

WRITES = {
    # route, target attribute (None: the list), method, fields
    "round": (
        "api:budget-round-list",
        None,
        "post",
        ["name", "area", "amount", "ballot_type", "points", "rule", "voting_closes"],
    ),
    "round-patch": (
        "api:budget-round-detail",
        "round_open",
        "patch",
        ["amount", "max_projects", "cost_cap", "min_age", "voting_opens"],
    ),
    "phase": ("api:budget-round-phase", "round_open", "post", ["phase"]),
    "initiative": (
        "api:budget-initiative-list",
        None,
        "post",
        ["round", "title", "cost", "area", "supporters", "residents_reached"],
    ),
    "initiative-patch": (
        "api:budget-initiative-detail",
        "pending",
        "patch",
        ["cost", "area", "opponents", "round"],
    ),
    "review": (
        "api:budget-initiative-review",
        "pending",
        "post",
        ["decision", "reason", "merged_into"],
    ),
    "update": (
        "api:budget-execution-update-list",
        None,
        "post",
        ["initiative", "date", "status", "spent"],
    ),
    "effect": ("api:budget-effect-list", None, "post", ["initiative", "order", "date"]),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_hostile_values_never_give_a_server_error(write, world, api_client_for):
    b = budget_world(world)
    name, target, method, fields = WRITES[write]
    url = reverse(name, args=[getattr(b, target).pk] if target else [])
    client = api_client_for(world.users["coordinator"])
    valid = {"round": b.round_open.pk, "initiative": b.a.pk, "decision": "samenvoegen"}
    errors = []
    values = list(HOSTILE_STRINGS.values()) + list(WRONG_JSON_TYPES.values())
    for field in fields:
        for value in values:
            response = getattr(client, method)(url, valid | {field: value}, format="json")
            if response.status_code >= 500:
                errors.append(f"{field}={value!r:.40}: {response.status_code}")
    for body in BROKEN_BODIES.values():
        response = getattr(client, method)(url, body, content_type="application/json")
        if response.status_code >= 500:
            errors.append(f"body {body[:30]!r}: {response.status_code}")
    assert not errors, "\n".join(errors)


def test_hostile_query_parameters(world, api_client_for):
    budget_world(world)
    client = api_client_for(world.users["gemeente"])
    for name in ("api:budget-round-list", "api:budget-initiative-list", "api:budget-effect-list"):
        for param in ("round", "phase", "area", "status", "funded", "initiative", "page"):
            for value in HOSTILE_STRINGS.values():
                response = client.get(reverse(name), {param: value})
                assert response.status_code < 500, (name, param, value)
