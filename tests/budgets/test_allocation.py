"""Tests for the allocation rules and the `pb` command line.

The rules are checked three ways: against the pabutools reference outcomes in expected.json
(small files only, to keep the suite fast), against a slow exact per-voter implementation on
random elections, and on hand-made elections for tie-breaking, exactness and explanations.
"""

import io
import json
import random
from decimal import Decimal
from fractions import Fraction

import pytest

from kwartier.budgets import pabulib
from kwartier.budgets.allocation import ApprovalProfile, allocate, greedy, mes, mes_add1
from kwartier.budgets.cli import run_cli
from tests.shared_data import SHARED_DATA

DATA = SHARED_DATA / "pabulib"
EXPECTED = json.loads((DATA / "expected.json").read_text()) if DATA.is_dir() else {}
SMALL_FILES = sorted(name for name in EXPECTED if (DATA / name).stat().st_size < 300_000)
needs_data = pytest.mark.skipif(not EXPECTED, reason=f"{DATA} ontbreekt")


def load(name: str):
    election = pabulib.read(DATA / name)
    profile = ApprovalProfile.from_ballots(election.projects, election.approvals())
    return election.costs(), profile, election.budget


# --- reference outcomes ---------------------------------------------------------------------


# How expected.json names the rules a city used officially.
OFFICIAL_RULES = {"greedy": "greedy", "equalshares/add1": "mes-add1"}


@needs_data
@pytest.mark.parametrize("name", SMALL_FILES)
@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-add1"])
def test_matches_expected_outcomes(name, rule):
    reference = EXPECTED[name]
    expected = reference.get(rule.replace("-", "_"))
    if expected is None:
        pytest.skip(f"geen referentie voor {rule}")
    costs, profile, budget = load(name)
    result = allocate(rule, costs, profile, budget)
    assert sorted(result.selected) == expected
    assert result.total_cost == sum(costs[pid] for pid in expected) <= budget
    if OFFICIAL_RULES.get(reference.get("official_rule")) == rule:
        # Wieliczka 2023 (equalshares/add1): the 30 published winners costing 995,079.
        assert sorted(result.selected) == sorted(reference["official_selected"])


def unit_steps(costs, approvals, budget):
    """Add1 by definition: +1 per voter per step, keep the last outcome within budget."""
    n = approvals.n_voters if isinstance(approvals, ApprovalProfile) else len(approvals)
    start, step = Fraction(budget) / n, 0
    last = mes(costs, approvals, budget, per_voter_budget=start)
    while (result := mes(costs, approvals, budget, start + step + 1)).total_cost <= budget:
        last, step = result, step + 1
    return last


@needs_data
@pytest.mark.parametrize(
    "name",
    [
        "netherlands_amsterdam_288_.pb",
        "netherlands_amsterdam_324_.pb",
        "netherlands_amsterdam_523_.pb",
        "poland_gdansk_2020_olszynka.pb",
        "poland_krakow_2018_nowa-huta.pb",
    ],
)
def test_add1_skipping_equals_unit_steps(name):
    costs, profile, budget = load(name)
    fast, slow = mes_add1(costs, profile, budget), unit_steps(costs, profile, budget)
    assert fast.selected == slow.selected
    assert fast.per_voter_budget == slow.per_voter_budget


# --- exact reference implementation on random elections -----------------------------------


def reference_mes(costs, ballots, per_voter):
    """MES per voter in Fractions, straight from the definition (slow, obviously right)."""
    budgets = [Fraction(per_voter)] * len(ballots)
    supporters = {p: [i for i, ballot in enumerate(ballots) if p in ballot] for p in costs}
    selected = [p for p in sorted(costs) if supporters[p] and costs[p] == 0]
    remaining = {p for p in costs if supporters[p] and costs[p] > 0}
    while True:
        best = None
        for p in sorted(remaining):
            money = sorted(budgets[i] for i in supporters[p])
            if sum(money) >= costs[p]:
                rho = equal_share(costs[p], money)
                if best is None or rho / costs[p] < best[0]:
                    best = (rho / costs[p], p, rho)
        if best is None:
            return selected
        _, p, rho = best
        for i in supporters[p]:
            budgets[i] -= min(budgets[i], rho)
        selected.append(p)
        remaining.remove(p)


def equal_share(cost, money):
    """The smallest rho with sum(min(m, rho)) == cost, for ascending `money`."""
    paid = Fraction(0)
    for k, available in enumerate(money):
        rho = (cost - paid) / (len(money) - k)
        if rho <= available:
            return rho
        paid += available
    raise AssertionError("unaffordable")


def reference_add1(costs, ballots, budget):
    supported = [p for p in costs if any(p in ballot for ballot in ballots)]
    if sum(costs[p] for p in supported) <= budget:
        return supported  # no step ever overspends; the limit funds everything supported
    start, step = Fraction(budget, len(ballots)), 0
    outcome = reference_mes(costs, ballots, start)
    while True:
        following = reference_mes(costs, ballots, start + step + 1)
        if sum(costs[p] for p in following) > budget:
            return outcome
        outcome, step = following, step + 1


def random_election(seed):
    rng = random.Random(seed)
    ids = rng.sample(["a", "b", "c", "9", "10", "p1", "p2", "x"], rng.randint(2, 7))
    costs = {pid: rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20]) for pid in ids}
    if rng.random() < 0.8:  # zero-cost projects only now and then
        costs = {pid: cost or 7 for pid, cost in costs.items()}
    ballots = [
        frozenset(rng.sample(ids, rng.randint(0, len(ids)))) for _ in range(rng.randint(1, 9))
    ]
    return costs, ballots, rng.randint(5, 40)


@pytest.mark.parametrize("seed", range(150))
def test_mes_equals_exact_reference(seed):
    costs, ballots, budget = random_election(seed)
    result = mes(costs, ballots, budget)
    assert list(result.selected) == reference_mes(costs, ballots, Fraction(budget, len(ballots)))


@pytest.mark.parametrize("seed", range(150))
def test_mes_add1_equals_exact_reference(seed):
    costs, ballots, budget = random_election(seed)
    assert sorted(mes_add1(costs, ballots, budget).selected) == sorted(
        reference_add1(costs, ballots, budget)
    )


# --- hand-made elections ------------------------------------------------------------------


def test_greedy_orders_by_support_and_breaks_ties_on_id_as_text():
    costs = {"9": 4, "10": 4, "2": 3, "3": 1}
    ballots = [{"9", "10", "2"}, {"9", "10", "2"}, {"3"}]
    result = greedy(costs, ballots, 8)
    assert result.selected == ("10", "2", "3")  # "10" < "2" < "9" as text
    assert result.total_cost == 8
    assert str(result.explanations["9"]) == (
        "overgeslagen omdat er nog maar 1 over was tegen kosten 4"
    )
    assert result.explanations["10"].text == (
        "gefinancierd als nummer 1 met 2 steunbetuigers (kosten 4, daarna nog 4 over)"
    )


def test_mes_exact_tie_goes_to_lowest_id_even_if_floats_differ():
    # Both cost 1/3 per unit for each supporter; in floats 5/3/5 > 1/3/1 by one ulp.
    result = mes({"a": 5, "b": 1}, [{"a", "b"}] * 3, 5)
    assert result.selected == ("a",)


def test_mes_exact_affordability_where_float_sum_falls_short():
    # 7 * float(61/7) == 60.99999999999999, yet the 7 voters can afford exactly 61.
    result = mes({"p": 61}, [{"p"}] * 7, 61)
    assert result.selected == ("p",)
    assert result.total_cost == 61


def test_mes_prefers_lower_price_per_unit_of_cost():
    ballots = [{"big", "small"}] * 2 + [{"big"}] * 2 + [{"small"}]
    result = mes({"big": 40, "small": 10}, ballots, 50)
    assert result.selected == ("big", "small")
    assert result.explanations["big"].text == (
        "gefinancierd in ronde 1 tegen 10 per steunbetuiger (4 steunbetuigers, kosten 40)"
    )
    assert result.explanations["small"].price == pytest.approx(10)  # the poorer two pay 0


def test_mes_explains_unfunded_projects():
    ballots = [{"a"}, {"a"}, {"b"}, {"c"}]
    result = mes({"a": 20, "b": 30, "c": 10, "d": 5}, ballots, 40)
    assert result.selected == ("a", "c")
    assert result.explanations["b"].text == (
        "niet gefinancierd: de enige steunbetuiger had nog 10 over tegen kosten 30; "
        "er ontbrak 20 (ongeveer 2 extra steunbetuigers met elk 10)"
    )
    assert result.explanations["d"].text == "niet gefinancierd: niemand steunde dit project"
    assert not result.explanations["d"].funded


def test_free_projects_are_funded_first_at_no_cost():
    result = mes({"a": 10, "gratis": 0}, [{"a", "gratis"}, {"a"}], 10)
    assert result.selected == ("gratis", "a")
    assert result.explanations["gratis"].price == 0


def test_add1_raises_voter_budgets_until_the_next_step_overspends():
    ballots = [{"a"}, {"a", "b"}, {"b"}, {"c", "d"}]
    costs = {"a": 25, "b": 25, "c": 40, "d": 30}
    assert mes(costs, ballots, 90).selected == ("a", "b")
    # From 30.5 per voter d fits, from 40.5 c ties with d (both 1 per unit) and wins on id,
    # from 70.5 the fourth voter pays for c and d: over budget, so 69.5 is the last step.
    result = mes_add1(costs, ballots, 90)
    assert result.selected == ("a", "b", "c")
    assert result.per_voter_budget == Fraction(139, 2)


def test_add1_funds_everything_supported_when_it_all_fits():
    result = mes_add1({"a": 30, "b": 30, "c": 5}, [{"a"}, {"b"}, {"a", "b"}], 100)
    assert sorted(result.selected) == ["a", "b"]


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-add1"])
def test_decimal_costs_and_no_voters(rule):
    result = allocate(rule, {"a": Decimal("2.5")}, [], Decimal("10"))
    assert result.total_cost == (Fraction(5, 2) if rule == "greedy" else 0)


def test_profile_groups_identical_ballots():
    profile = ApprovalProfile.from_ballots(["b", "a", "c"], [["a"], ["b", "a"], ["a"], []])
    assert profile.project_ids == ("a", "b", "c")
    assert profile.n_voters == 4
    assert sorted(profile.weights.tolist()) == [1, 1, 2]
    assert profile.support.tolist() == [3, 1, 0]
    wider = profile.restricted_to(["a", "b", "c", "d"])
    assert wider.support.tolist() == [3, 1, 0, 0]
    with pytest.raises(ValueError, match="zonder kosten"):
        profile.restricted_to(["b", "c"])


def test_invalid_input_is_rejected():
    with pytest.raises(ValueError, match="onbekend project"):
        mes({"a": 1}, [{"b"}], 1)
    with pytest.raises(ValueError, match="onbekende regel"):
        allocate("loting", {"a": 1}, [{"a"}], 1)


# --- command line -------------------------------------------------------------------------

PB = """META
key;value
budget;100
PROJECTS
project_id;cost;name
a;60;Speeltuin
b;50;Bankjes
c;40;Bomen
VOTES
voter_id;vote
1;a,b
2;a
3;b,c
"""


def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = run_cli(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def pb_file(tmp_path):
    path = tmp_path / "wijk.pb"
    path.write_text(PB, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("rule", "selected", "cost"),
    [("greedy", ["a", "c"], 100), ("mes", ["a"], 60), ("mes-add1", ["a"], 60)],
)
def test_cli_allocate_json(pb_file, rule, selected, cost):
    code, out, err = cli("allocate", str(pb_file), "--rule", rule, "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {"selected": selected, "total_cost": cost, "rule": rule}


def test_cli_allocate_table_in_dutch(pb_file):
    code, out, _ = cli("allocate", str(pb_file), "--rule", "greedy")
    assert code == 0
    assert out.splitlines()[1] == "Budget 100, besteed 100 (100,0%), 2 van 3 projecten gefinancierd"
    assert "Speeltuin" in out and "overgeslagen omdat er nog maar 40 over was" in out


def test_cli_check_summarises(pb_file):
    code, out, _ = cli("check", str(pb_file))
    assert code == 0
    assert f"{pb_file}: geldig Pabulib-bestand" in out
    assert "stemmen:       3 (gemiddeld 1,7 projecten per stem), 0 leeg" in out


def test_cli_reports_parse_errors_with_line(tmp_path):
    path = tmp_path / "kapot.pb"
    path.write_text(PB.replace("3;b,c", "3;b,z"), encoding="utf-8")
    code, out, err = cli("allocate", str(path), "--rule", "mes")
    assert (code, out) == (2, "")
    assert err == f"{path}:13: onbekend project 'z' in stem 3\n"


def test_cli_rejects_missing_files_and_unknown_rules(tmp_path, pb_file):
    assert cli("check", str(tmp_path / "weg.pb"))[0] == 2
    assert cli("allocate", str(pb_file), "--rule", "loting")[0] == 2
