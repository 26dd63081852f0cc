"""Hostile input on the budget API's writes and on `.pb` files: a 4xx or exit 2, never a 500.

tests/core/test_bad_input.py walks every route with ids that find nothing; this walks the
serializers behind them with the same hostile values, as a coordinator of the round, and
gives `kwartier pb` and the import API the same hostile files.
"""

import io
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kwartier.budgets import pbinput
from kwartier.budgets.allocation import money
from kwartier.budgets.cli import run_cli
from kwartier.budgets.models import Ballot, BudgetRound, Initiative
from tests.budgets.test_exchange import GOOD, upload
from tests.budgets.world import budget_world
from tests.core.test_bad_input import BROKEN_BODIES, HOSTILE_STRINGS, WRONG_JSON_TYPES
from tests.problems import field_errors

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


# --- hostile .pb files: one reader for `kwartier pb` and the import -------------------------

CUMULATIVE = """META
key;value
description;Punten 2024
budget;100
vote_type;cumulative
PROJECTS
project_id;cost;name
1;60;Speeltuin
2;40;Bankjes
3;30;Taalcafé
VOTES
voter_id;vote;points
v1;1,2;2,1
v2;3;3
v3;3;1
"""


def _pb(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


# label: (file content, line named, words of the Dutch message)
HOSTILE_PB = {
    "cost of 10^26": (_pb(GOOD, "2;40;", f"2;{10**26};"), 9, "meer dan 10.000.000"),
    "cost just over the bound": (_pb(GOOD, "2;40;", "2;10000000.01;"), 9, "meer dan 10.000.000"),
    "cost past the int limit": (_pb(GOOD, "2;40;", "2;" + "9" * 5000 + ";"), 9, "40 tekens"),
    "budget of 10^26": (_pb(GOOD, "budget;100", f"budget;{10**26}"), 4, "budget: meer dan"),
    "arabic-indic digits": (_pb(GOOD, "2;40;", "2;٤٠;"), 9, "alleen de cijfers 0-9"),
    "extended arabic-indic digits": (_pb(GOOD, "2;40;", "2;۴۰;"), 9, "alleen de cijfers 0-9"),
    "devanagari digits": (_pb(GOOD, "2;40;", "2;४०;"), 9, "alleen de cijfers 0-9"),
    "fullwidth digits": (_pb(GOOD, "2;40;", "2;４０;"), 9, "alleen de cijfers 0-9"),
    "unicode digits in the budget": (_pb(GOOD, "budget;100", "budget;١٠٠"), 4, "0-9"),
    "unicode digits in points": (_pb(CUMULATIVE, "v3;3;1", "v3;3;١"), 15, "0-9"),
    "negative points": (_pb(CUMULATIVE, "v3;3;1", "v3;3;-1"), 15, "0 of meer"),
    "points with decimals": (_pb(CUMULATIVE, "v3;3;1", "v3;3;0.5"), 15, "hele getallen"),
    "too many points": (_pb(CUMULATIVE, "v3;3;1", "v3;3;10001"), 15, "meer dan 10.000 punten"),
    "max_sum_points of 10^30": (
        _pb(CUMULATIVE, "vote_type;cumulative", f"vote_type;cumulative\nmax_sum_points;{10**30}"),
        6,
        "max_sum_points",
    ),
    "max_sum_points in unicode digits": (
        _pb(CUMULATIVE, "vote_type;cumulative", "vote_type;cumulative\nmax_sum_points;٣"),
        6,
        "max_sum_points",
    ),
    "nul in a name": (_pb(GOOD, "Bankjes", "Bank\x00jes"), 9, "NUL-teken"),
    "escape sequence in a name": (_pb(GOOD, "Bankjes", "\x1b[2JBankjes"), 9, "U+001B"),
    "nul in a quoted description": (
        _pb(GOOD, "description;Testdorp 2024", 'description;"Test\ndorp\x00"'),
        4,
        "NUL-teken",
    ),
    "project id too long": (
        _pb(GOOD, "Taalcafé\n", "Taalcafé\n" + "4" * 41 + ";1;Lang\n"),
        11,
        "40",
    ),
    "empty file": ("", 1, "de sectie META ontbreekt"),
    "only blank lines": ("\n\n  \n", 1, "de sectie META ontbreekt"),
    "latin-1": (GOOD.encode("latin-1"), 10, "geen tekst in UTF-8"),
    "utf-16": (GOOD.encode("utf-16"), 1, "geen tekst in UTF-8"),
    "utf-16 without bom": (GOOD.replace("é", "e").encode("utf-16-le"), 1, "NUL-teken"),
    "binary": (bytes(range(256)), 3, "geen tekst in UTF-8"),
}


def _store_counts():
    return BudgetRound.objects.count(), Initiative.objects.count(), Ballot.objects.count()


@pytest.mark.parametrize("label", list(HOSTILE_PB))
def test_hostile_pb_files_get_the_same_dutch_error_from_cli_and_api(
    label, world, api_client_for, tmp_path
):
    content, line, words = HOSTILE_PB[label]
    data = content if isinstance(content, bytes) else content.encode()
    path = tmp_path / "ronde.pb"
    path.write_bytes(data)
    for command in (["check", str(path)], ["allocate", str(path), "--rule", "mes"]):
        out, err = io.StringIO(), io.StringIO()
        assert run_cli(command, stdout=out, stderr=err) == 2, err.getvalue()
        assert out.getvalue() == ""
        assert err.getvalue().startswith(f"{path}:{line}: ") and words in err.getvalue()

    before = _store_counts()
    client = api_client_for(world.users["coordinator"])
    response = client.post(
        reverse("api:budget-round-import"),
        {"file": upload(data), "area": world.areas.buurt.code},
        format="multipart",
    )
    assert response.status_code == 400, response.content
    message = field_errors(response)["file"][0]
    if data:
        assert message.startswith(f"regel {line}: ") and words in message
    else:  # REST framework's FileField refuses an empty upload before the reader sees it
        assert message == "Het verstuurde bestand is leeg."
    assert _store_counts() == before


def test_the_bounds_themselves_are_accepted_by_cli_and_api(world, api_client_for, tmp_path):
    text = _pb(_pb(GOOD, "budget;100", "budget;10000000"), "2;40;", "2;10000000.00;")
    text = _pb(text, "3;30;", "3;" + "0" * 30 + "30;")  # long, but within 40 characters
    path = tmp_path / "grens.pb"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    assert run_cli(["allocate", str(path), "--rule", "greedy"], stdout=out) == 0
    assert out.getvalue().splitlines()[1].startswith("Budget 10.000.000, besteed 90 ")
    response = api_client_for(world.users["coordinator"]).post(
        reverse("api:budget-round-import"),
        {"file": upload(text), "area": world.areas.buurt.code},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    round = BudgetRound.objects.get(pk=response.json()["id"])
    assert round.amount == pbinput.MAX_AMOUNT
    assert round.initiatives.get(pabulib_id="2").cost == pbinput.MAX_AMOUNT


def test_money_is_exact_at_any_size():
    assert money(10**26) == "100.000.000.000.000.000.000.000.000"
    assert money(Fraction(10**400)).startswith("10.000.000.")
    assert money(Fraction(12345, 100)) == "123,45" and money(Decimal("-0.5")) == "-0,50"
    assert money(2.0) == "2" and money(1e309) == "inf"


def test_the_reader_and_the_model_fields_keep_the_same_bounds():
    """What `kwartier pb` and the import accept, the forms and the API accept, and no more."""
    for model, name in ((BudgetRound, "amount"), (Initiative, "cost")):
        field = model._meta.get_field(name)
        field.run_validators(pbinput.MAX_AMOUNT)
        with pytest.raises(ValidationError):
            field.run_validators(pbinput.MAX_AMOUNT + Decimal("0.01"))
    points = BudgetRound._meta.get_field("points")
    points.run_validators(pbinput.MAX_POINTS)
    with pytest.raises(ValidationError):
        points.run_validators(pbinput.MAX_POINTS + 1)
    assert Initiative._meta.get_field("pabulib_id").max_length == pbinput.MAX_PROJECT_ID
