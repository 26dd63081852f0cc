"""Tests for the matching engine: feasibility, capacity, optimality, reasons, input, CLI.

Optimality is checked against oracles written independently of the engine (pure-Python
feasibility and score): an exhaustive search on many small seeded random instances, and a
linear-programming bound (a flow LP, hence integral) on medium instances.
"""

from __future__ import annotations

import copy
import itertools
import json
import math
import random

import numpy as np
import pytest
from scipy.optimize import linprog
from scipy.sparse import csr_array

from kwartier.support import matching
from kwartier.support.cli import run_cli
from kwartier.support.matching import (
    DEFAULT_WEIGHTS,
    MatchingInputError,
    Offer,
    Request,
    Weights,
    match,
    parse,
    to_json,
)

BASE = (52.1561, 5.3878)
R_KM = matching.EARTH_RADIUS_KM


def north(km: float, east: float = 0.0) -> dict:
    """Coordinates `km` north (and `east` km east) of BASE; exact along the meridian."""
    lat = BASE[0] + math.degrees(km / R_KM)
    lon = BASE[1] + math.degrees(east / (R_KM * math.cos(math.radians(BASE[0]))))
    return {"lat": lat, "lon": lon}


def req(id="r1", **fields) -> dict:
    record = {
        "id": id,
        "category": "boodschappen",
        "slots": ["ma-ochtend"],
        **north(0),
        "requires_vog": False,
    }
    record.update(fields)
    return record


def off(id="o1", **fields) -> dict:
    record = {
        "id": id,
        "categories": ["boodschappen"],
        "slots": ["ma-ochtend"],
        **north(0.5),
        "radius_km": 3,
        "capacity": 1,
    }
    record.update(fields)
    return record


def run(requests: list[dict], offers: list[dict], weights: Weights = DEFAULT_WEIGHTS) -> dict:
    return to_json(match(*parse({"requests": requests, "offers": offers}), weights))


def pairs_of(out: dict) -> dict:
    return {m["request"]: m["offer"] for m in out["matches"]}


def codes_of(out: dict) -> dict:
    return {u["request"]: u["code"] for u in out["unmatched"]}


# --------------------------------------------------------------------------------------------
# Feasibility: each rule on both sides


@pytest.mark.parametrize(
    ("code", "allowed", "forbidden"),
    [
        (
            "categorie",
            ({}, {"categories": ["tuin", "boodschappen"]}),
            ({}, {"categories": ["tuin"]}),
        ),
        (
            "dagdeel",
            ({"slots": ["di-avond", "ma-ochtend"]}, {}),
            ({"slots": ["di-avond"]}, {"slots": ["ma-ochtend", "ma-middag"]}),
        ),
        ("afstand", ({}, {**north(1.99), "radius_km": 2}), ({}, {**north(2.01), "radius_km": 2})),
        (
            "taal",
            ({"languages": ["tr", "nl"]}, {"languages": ["nl"]}),
            ({"languages": ["tr", "ar"]}, {"languages": ["nl", "pl"]}),
        ),
        ("vog", ({"requires_vog": True}, {"vog": True}), ({"requires_vog": True}, {"vog": False})),
        ("uitgesloten", ({"exclude": ["o2"]}, {}), ({"exclude": ["o1"]}, {})),
    ],
)
def test_each_rule_allows_and_forbids(code, allowed, forbidden):
    assert pairs_of(run([req(**allowed[0])], [off(**allowed[1])])) == {"r1": "o1"}
    out = run([req(**forbidden[0])], [off(**forbidden[1])])
    assert out["matches"] == []
    assert codes_of(out) == {"r1": code}


def test_reach_includes_the_radius_itself_and_zero_radius_the_same_spot():
    assert pairs_of(run([req()], [off(**north(2.0), radius_km=2)])) == {"r1": "o1"}
    assert pairs_of(run([req()], [off(**north(0), radius_km=0)])) == {"r1": "o1"}


def test_languages_are_optional_on_the_request_but_then_anyone_qualifies():
    assert pairs_of(run([req(languages=[])], [off(languages=[])])) == {"r1": "o1"}
    assert pairs_of(run([req()], [off(languages=["pl"])])) == {"r1": "o1"}
    assert codes_of(run([req(languages=["tr"])], [off()])) == {"r1": "taal"}


def test_vog_is_only_required_when_asked():
    assert pairs_of(run([req(requires_vog=False)], [off(vog=False)])) == {"r1": "o1"}


def test_unknown_ids_in_exclude_and_network_are_ignored():
    out = run([req(exclude=["gone"], network=["gone", 17])], [off()])
    assert pairs_of(out) == {"r1": "o1"}


def test_great_circle_distance_is_reported_in_reasons():
    out = run([req()], [off(**north(1.234))])
    assert out["matches"][0]["reasons"][0] == "afstand 1,2 km"


# --------------------------------------------------------------------------------------------
# Capacity and current load


def test_capacity_minus_active_is_the_number_of_new_requests():
    requests = [req(f"r{i}") for i in range(4)]
    assert len(run(requests, [off(capacity=3)])["matches"]) == 3
    assert len(run(requests, [off(capacity=3, active=1)])["matches"]) == 2
    out = run(requests, [off(capacity=3, active=3)])
    assert out["matches"] == []
    assert set(codes_of(out).values()) == {"vol"}


def test_overloaded_helper_takes_nothing_and_is_not_an_error():
    out = run([req()], [off(capacity=1, active=5)])
    assert out["unmatched"] == [
        {"request": "r1", "reason": "de enige geschikte helper zit al vol", "code": "vol"}
    ]


def test_each_request_gets_at_most_one_helper():
    out = run([req()], [off("o1", capacity=3), off("o2", capacity=3)])
    assert len(out["matches"]) == 1


def test_capacity_reason_when_places_went_to_others():
    out = run([req("a", waiting_days=50), req("b", waiting_days=1)], [off(capacity=1)])
    assert pairs_of(out) == {"a": "o1"}
    (unmatched,) = out["unmatched"]
    assert unmatched["code"] == "capaciteit"
    assert unmatched["reason"] == (
        "er is 1 geschikte helper, maar de plaatsen gingen naar andere hulpvragen"
    )


# --------------------------------------------------------------------------------------------
# The objective: cardinality first, then the score


def test_cardinality_beats_any_score():
    # r1 strongly prefers o1 (network, next door, first language); r2 can only use o1.
    requests = [
        req("r1", network=["o1"], languages=["tr", "nl"], waiting_days=365),
        req("r2", **north(3.0)),
    ]
    offers = [
        off("o1", **north(2.0), languages=["tr", "nl"]),
        off("o2", **north(-2.9), languages=["nl"], radius_km=3),
    ]
    assert pairs_of(run(requests, offers)) == {"r1": "o2", "r2": "o1"}


def test_longest_waiting_request_gets_the_scarce_place():
    out = run([req("new", waiting_days=2), req("old", waiting_days=40)], [off()])
    assert pairs_of(out) == {"old": "o1"}


@pytest.mark.parametrize(
    ("request_fields", "better", "worse"),
    [
        ({}, north(0.4), north(0.9)),  # shorter distance
        ({"network": ["best"]}, {}, {}),  # already in the resident's network
        ({"languages": ["tr", "nl"]}, {"languages": ["tr"]}, {"languages": ["nl"]}),
        ({}, {"active": 0, "capacity": 3}, {"active": 2, "capacity": 3}),  # the freer helper
    ],
)
def test_score_prefers(request_fields, better, worse):
    offers = [off("worse", **worse), off("best", **better)]  # "worse" first: order must not help
    assert pairs_of(run([req(**request_fields)], offers)) == {"r1": "best"}


def test_load_is_spread_over_free_helpers():
    offers = [off("o1", capacity=2), off("o2", capacity=2, **north(0.6))]
    out = run([req("r1"), req("r2")], offers)
    assert sorted(pairs_of(out).values()) == ["o1", "o2"]


def test_scores_add_up_to_the_objective_with_load_penalties():
    weights = Weights(per_km=0, network=0, language=0, waiting_per_day=0, load=10)
    out = run([req("r1"), req("r2")], [off(capacity=3, active=1)], weights)
    # the helper carries 1, then 2 others: penalties 10 and 20
    assert sorted(m["score"] for m in out["matches"]) == [-20.0, -10.0]


# --------------------------------------------------------------------------------------------
# Independent oracle: pure-Python feasibility and score


def haversine(a: dict, b: dict) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * R_KM * math.asin(math.sqrt(h))


def feasible(r: dict, o: dict) -> bool:
    languages = r.get("languages", [])
    return (
        r["category"] in o["categories"]
        and bool(set(r["slots"]) & set(o["slots"]))
        and haversine(r, o) <= o["radius_km"]
        and (not languages or bool(set(languages) & set(o.get("languages", []))))
        and (not r["requires_vog"] or o.get("vog", False))
        and o["id"] not in r.get("exclude", [])
    )


def points(r: dict, o: dict, w: Weights) -> float:
    languages = r.get("languages", [])
    return (
        w.network * (o["id"] in r.get("network", []))
        + w.language * (not languages or languages[0] in o.get("languages", []))
        + w.waiting_per_day * min(r.get("waiting_days", 0), w.waiting_cap_days)
        - w.per_km * haversine(r, o)
    )


def free(o: dict) -> int:
    return max(0, o["capacity"] - o.get("active", 0))


def objective(assignment: dict, requests: list[dict], offers: list[dict], w: Weights) -> float:
    by_id = {o["id"]: o for o in offers}
    by_req = {r["id"]: r for r in requests}
    total = sum(points(by_req[r], by_id[o], w) for r, o in assignment.items())
    for o in offers:
        taken = sum(1 for v in assignment.values() if v == o["id"])
        total -= sum(w.load * (o.get("active", 0) + k) for k in range(taken))
    return total


def brute_force(requests, offers, w) -> tuple[int, float]:
    """Lexicographic optimum (matched, objective) by trying every assignment."""
    options = [[None] + [o for o in offers if free(o) and feasible(r, o)] for r in requests]
    best = (-1, -math.inf)
    for choice in itertools.product(*options):
        used = [o["id"] for o in choice if o is not None]
        if any(used.count(o["id"]) > free(o) for o in offers):
            continue
        assignment = {
            r["id"]: o["id"] for r, o in zip(requests, choice, strict=True) if o is not None
        }
        value = (len(assignment), objective(assignment, requests, offers, w))
        best = max(best, value)
    return best


def random_instance(rng: random.Random, n_requests: int, n_offers: int, spread_km: float):
    def spot():
        return north(rng.uniform(-spread_km, spread_km), rng.uniform(-spread_km, spread_km))

    slots = ["ma-ochtend", "ma-middag", "di-avond"]
    languages = ["nl", "tr", "ar"]
    offers = [
        {
            "id": f"o{j}",
            "categories": rng.sample(["a", "b"], rng.randint(1, 2)),
            "slots": rng.sample(slots, rng.randint(1, 3)),
            **spot(),
            "radius_km": rng.uniform(0.5, 3.0),
            "capacity": rng.randint(0, 3),
            "active": rng.choice([0, 0, 0, 1, 2, 4]),
            "vog": rng.random() < 0.6,
            "languages": rng.sample(languages, rng.randint(0, 2)),
        }
        for j in range(n_offers)
    ]
    ids = [o["id"] for o in offers]
    requests = [
        {
            "id": f"r{i}",
            "category": rng.choice(["a", "a", "b"]),
            "slots": rng.sample(slots, rng.randint(1, 2)),
            **spot(),
            "requires_vog": rng.random() < 0.3,
            "languages": rng.sample(languages, rng.choice([0, 0, 1, 2])),
            "waiting_days": rng.randint(0, 60),
            "exclude": rng.sample(ids, 1) if rng.random() < 0.15 else [],
            "network": rng.sample(ids, 1) if rng.random() < 0.3 else [],
        }
        for i in range(n_requests)
    ]
    return requests, offers


def check_valid(out: dict, requests: list[dict], offers: list[dict]) -> None:
    by_id = {o["id"]: o for o in offers}
    by_req = {r["id"]: r for r in requests}
    assignment = pairs_of(out)
    assert len(assignment) == len(out["matches"])  # one helper per request
    for r, o in assignment.items():
        assert feasible(by_req[r], by_id[o])
    for o in offers:
        assert sum(v == o["id"] for v in assignment.values()) <= free(o)
    assert set(assignment) | set(codes_of(out)) == set(by_req)
    assert not set(assignment) & set(codes_of(out))


WEIGHT_VARIANTS = [
    DEFAULT_WEIGHTS,
    Weights(per_km=20, network=0, language=0, waiting_per_day=0, load=0),
    Weights(per_km=1, network=100, language=50, waiting_per_day=3, waiting_cap_days=30, load=40),
]


@pytest.mark.parametrize("seed", range(300))
def test_optimal_against_exhaustive_search(seed):
    rng = random.Random(seed)
    requests, offers = random_instance(rng, rng.randint(1, 8), rng.randint(1, 5), 1.0)
    weights = WEIGHT_VARIANTS[seed % len(WEIGHT_VARIANTS)]
    out = run(requests, offers, weights)
    check_valid(out, requests, offers)
    best_count, best_value = brute_force(requests, offers, weights)
    ours = objective(pairs_of(out), requests, offers, weights)
    assert len(out["matches"]) == best_count
    # the engine rounds each pair's score to 0.001 point
    assert ours == pytest.approx(best_value, abs=1e-3 * max(1, best_count))
    assert sum(m["score"] for m in out["matches"]) == pytest.approx(ours, abs=1e-3 * best_count)


def lp_optimum(requests, offers, w) -> tuple[int, float]:
    """Maximum matched count, and maximum objective at that count, from a flow LP.

    Both LPs are min-cost flow problems (supply = count), whose constraint matrix is totally
    unimodular, so their optima equal the integer optima.
    """
    pairs = [
        (i, j)
        for i, r in enumerate(requests)
        for j, o in enumerate(offers)
        if free(o) and feasible(r, o)
    ]
    places = [(j, k) for j, o in enumerate(offers) for k in range(free(o))]
    n_x, n_y = len(pairs), len(places)
    rows, cols, vals = [], [], []
    for e, (i, j) in enumerate(pairs):
        rows += [i, len(requests) + j]
        cols += [e, e]
        vals += [1, 1]
    for p, (j, _) in enumerate(places):
        rows.append(len(requests) + j)
        cols.append(n_x + p)
        vals.append(-1)
    constraints = csr_array((vals, (rows, cols)), shape=(len(requests) + len(offers), n_x + n_y))
    one_each, balance = constraints[: len(requests)], constraints[len(requests) :]
    count = np.r_[np.ones(n_x), np.zeros(n_y)]

    def maximise(gain: np.ndarray, matched: int | None = None) -> float:
        equal, target = balance.toarray(), np.zeros(len(offers))
        if matched is not None:
            equal, target = np.vstack([equal, count]), np.r_[target, matched]
        lp = linprog(
            -gain,
            A_ub=one_each,
            b_ub=np.ones(len(requests)),
            A_eq=equal,
            b_eq=target,
            bounds=(0, 1),
            method="highs",
        )
        assert lp.status == 0
        return -lp.fun

    k = round(maximise(count))
    gain = [points(requests[i], offers[j], w) for i, j in pairs]
    gain += [-w.load * (offers[j].get("active", 0) + k_) for j, k_ in places]
    return k, maximise(np.asarray(gain), matched=k)


@pytest.mark.parametrize("seed", range(4))
def test_optimal_against_flow_lp_on_medium_instances(seed):
    rng = random.Random(1000 + seed)
    requests, offers = random_instance(rng, 120, 40, 4.0)
    out = run(requests, offers)
    check_valid(out, requests, offers)
    count, value = lp_optimum(requests, offers, DEFAULT_WEIGHTS)
    assert len(out["matches"]) == count
    ours = objective(pairs_of(out), requests, offers, DEFAULT_WEIGHTS)
    assert ours == pytest.approx(value, abs=1e-3 * max(1, count))


def test_optimal_when_neither_requests_nor_places_can_all_be_matched():
    # r3 and r4 compete for o1's single place, while o2 and o3 have three places for r1 and r2:
    # both parts of the solver's split are needed here (o1 must be filled from r3, r4; r1 and
    # r2 must be matched). r1 must leave o1 to r4 (who waited longer).
    requests = [
        req("r1", **north(1.0)),
        req("r2", **north(3.0)),
        req("r3", **north(-0.5)),
        req("r4", **north(0.5), waiting_days=10),
    ]
    offers = [
        off("o1", **north(0), radius_km=1.5),
        off("o2", **north(2.5), radius_km=1.6, capacity=2),
        off("o3", **north(2.5), radius_km=1.6),
    ]
    out = run(requests, offers)
    assigned = pairs_of(out)
    assert assigned["r4"] == "o1"
    assert {assigned["r1"], assigned["r2"]} == {"o2", "o3"}  # spread, not both on o2
    assert codes_of(out) == {"r3": "capaciteit"}


def test_separate_neighbourhoods_are_all_solved_completely():
    # three neighbourhoods 50 km apart: three independent groups, all matched
    requests, offers = [], []
    for town in range(3):
        for i in range(4):
            requests.append(req(f"r{town}{i}", **north(50 * town + 0.1 * i)))
        offers.append(off(f"o{town}", **north(50 * town), capacity=3))
    out = run(requests, offers)
    assert len(out["matches"]) == 9
    assert all(m["offer"][1] == m["request"][1] for m in out["matches"])


def test_huge_score_range_still_gives_maximum_cardinality():
    # 20,000 km of reach at 1,000 points per km forces the coarser score unit
    weights = Weights(per_km=1000)
    requests = [req(f"r{i}", **north(0, east=5000 * i)) for i in range(3)]
    offers = [off(f"o{j}", **north(0, east=5000 * j + 1), radius_km=20000) for j in range(3)]
    out = run(requests, offers, weights)
    assert len(out["matches"]) == 3


# --------------------------------------------------------------------------------------------
# Determinism


def test_same_input_same_output_regardless_of_order():
    rng = random.Random(42)
    requests, offers = random_instance(rng, 40, 12, 2.0)
    expected = run(requests, offers)
    assert run(copy.deepcopy(requests), copy.deepcopy(offers)) == expected
    for _ in range(3):
        rng.shuffle(requests)
        rng.shuffle(offers)
        assert run(requests, offers) == expected


def test_exact_ties_are_broken_the_same_way_every_time():
    requests = [req(f"r{i}") for i in range(3)]
    offers = [off(f"o{j}", **north(0.5)) for j in range(2)]
    outcomes = {json.dumps(run(requests[::s], offers[::t])) for s in (1, -1) for t in (1, -1)}
    assert len(outcomes) == 1


def test_output_is_in_request_id_order_ints_before_strings():
    out = run([req("b"), req(7), req("a"), req(3)], [off(capacity=4)])
    assert [m["request"] for m in out["matches"]] == [3, 7, "a", "b"]


# --------------------------------------------------------------------------------------------
# Reasons


def test_match_reasons_in_dutch():
    request = req(languages=["tr", "nl"], network=["o1"], waiting_days=34)
    out = run([request], [off(**north(1.2), languages=["nl", "tr"], capacity=3)])
    assert out["matches"][0]["reasons"] == [
        "afstand 1,2 km",
        "staat al in het netwerk",
        "spreekt Turks",
        "wacht 34 dagen",
        "helper heeft nog 2 plaatsen",
    ]


def test_match_reasons_singular_and_full():
    out = run([req(waiting_days=1, languages=["ar", "nl"])], [off(languages=["nl"])])
    assert out["matches"][0]["reasons"][1:] == [
        "spreekt Nederlands",
        "wacht 1 dag",
        "helper zit hiermee vol",
    ]


@pytest.mark.parametrize(
    ("request_fields", "offer_fields", "code", "reason"),
    [
        ({"category": "tuin"}, {}, "categorie", "geen enkele helper biedt hulp bij 'tuin'"),
        (
            {"slots": ["zo-avond"], **north(30)},  # slot comes before distance
            {},
            "dagdeel",
            "wel 1 helper voor 'boodschappen', maar geen op een gevraagd dagdeel",
        ),
        (
            {**north(4.0), "languages": ["pl"]},  # distance comes before language
            {"radius_km": 2},
            "afstand",
            "geen helper binnen bereik: de dichtstbijzijnde helper voor deze categorie en "
            "dagdelen zit op 3,5 km en komt niet zo ver",
        ),
        (
            {"languages": ["tr", "ar"], "requires_vog": True},  # language before VOG
            {},
            "taal",
            "geen helper binnen bereik spreekt Turks of Arabisch",
        ),
        (
            {"requires_vog": True, "exclude": ["o1"]},  # VOG before exclusion
            {},
            "vog",
            "deze hulpvraag vraagt een VOG, maar geen helper binnen bereik heeft er een",
        ),
        (
            {"exclude": ["o1"]},
            {"capacity": 0},  # exclusion before capacity
            "uitgesloten",
            "alle geschikte helpers (1) zijn voor deze hulpvraag uitgesloten",
        ),
    ],
)
def test_unmatched_reason_names_the_first_binding_rule(request_fields, offer_fields, code, reason):
    out = run([req(**request_fields)], [off(**offer_fields)])
    assert out["unmatched"] == [{"request": "r1", "reason": reason, "code": code}]


def test_unmatched_reason_counts_all_helpers_and_handles_no_helpers_at_all():
    out = run([req(slots=["zo-avond"])], [off("o1"), off("o2"), off("o3", categories=["tuin"])])
    assert codes_of(out) == {"r1": "dagdeel"}
    assert "wel 2 helpers" in out["unmatched"][0]["reason"]
    assert codes_of(run([req()], [])) == {"r1": "categorie"}


def test_reasons_of_the_full_and_of_the_taken():
    offers = [off("o1", capacity=2, active=2), off("o2", capacity=2, active=3)]
    out = run([req()], offers)
    assert out["unmatched"][0]["reason"] == "alle 2 geschikte helpers zitten al vol"
    out = run([req("a", waiting_days=9), req("b")], [off("o1", capacity=1), off("o2", capacity=0)])
    assert out["unmatched"][0]["reason"].startswith("er zijn 2 geschikte helpers, maar")


# --------------------------------------------------------------------------------------------
# Bad input


def bad(requests=None, offers=None) -> str:
    with pytest.raises(MatchingInputError) as caught:
        parse({"requests": requests or [req()], "offers": offers or [off()]})
    return str(caught.value)


def without(record: dict, key: str) -> dict:
    return {k: v for k, v in record.items() if k != key}


@pytest.mark.parametrize(
    ("requests", "offers", "message"),
    [
        ([req(), req(), req(), without(req("r4"), "lat")], None, "requests[3].lat: ontbreekt"),
        ([req(lat=91)], None, "requests[0].lat: moet tussen -90 en 90 liggen"),
        ([req(lon=-180.5)], None, "requests[0].lon: moet tussen -180 en 180 liggen"),
        ([req(lat=float("nan"))], None, "requests[0].lat: moet tussen -90 en 90 liggen"),
        ([req(lat="52.1")], None, "requests[0].lat: moet een getal zijn"),
        ([req(lat=True)], None, "requests[0].lat: moet een getal zijn"),
        ([without(req(), "requires_vog")], None, "requests[0].requires_vog: ontbreekt"),
        ([req(requires_vog="ja")], None, "requests[0].requires_vog: moet true of false zijn"),
        ([req(waiting_days=2.5)], None, "requests[0].waiting_days: moet een geheel getal zijn"),
        ([req(slots="ma-ochtend")], None, "requests[0].slots: moet een lijst zijn"),
        (
            [req(slots=["ma-ochtend", "maandag"])],
            None,
            "requests[0].slots[1]: onbekend dagdeel 'maandag' (verwacht bijvoorbeeld 'ma-ochtend')",
        ),
        ([req(id=None)], None, "requests[0].id: ontbreekt"),
        ([req(id=1.5)], None, "requests[0].id: moet een tekst of een geheel getal zijn"),
        ([req(id=" ")], None, "requests[0].id: mag niet leeg zijn"),
        ([req(category=3)], None, "requests[0].category: moet een tekst zijn"),
        ([req(exclude=[None])], None, "requests[0].exclude[0]: moet een tekst of een geheel"),
        ([req("x"), req("y"), req("x")], None, "requests[2].id: dubbele id 'x' (ook requests[0])"),
        (None, [off(capacity=-1)], "offers[0].capacity: mag niet negatief zijn"),
        (None, [off(active=-2)], "offers[0].active: mag niet negatief zijn"),
        (None, [off(radius_km=-1)], "offers[0].radius_km: moet tussen 0 en"),
        (None, [off(categories="tuin")], "offers[0].categories: moet een lijst zijn"),
        (None, [off(), off()], "offers[1].id: dubbele id 'o1' (ook offers[0])"),
        ([["not", "an", "object"]], None, "requests[0]: moet een object zijn"),
    ],
)
def test_bad_input_names_the_path(requests, offers, message):
    assert message in bad(requests, offers)


def test_all_problems_are_reported_together():
    with pytest.raises(MatchingInputError) as caught:
        parse({"requests": [without(req(), "lat"), req(lon=500)], "offers": [off(capacity=-1)]})
    assert [path for path, _ in caught.value.errors] == [
        "requests[0].lat",
        "requests[1].lon",
        "offers[0].capacity",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], r"^\(invoer\): moet een JSON-object zijn$"),
        ({"offers": []}, "^requests: ontbreekt$"),
        ({"requests": {}, "offers": []}, "^requests: moet een lijst zijn$"),
    ],
)
def test_bad_top_level(data, message):
    with pytest.raises(MatchingInputError, match=message):
        parse(data)


def test_match_rejects_duplicate_ids_from_python_callers_too():
    request = Request("r1", "boodschappen", frozenset({"ma-ochtend"}), 52.0, 5.0, False)
    with pytest.raises(MatchingInputError, match=r"requests\[1\]\.id: dubbele id"):
        match([request, request], [])


def test_python_callers_get_normalised_fields():
    request = Request("r1", " Boodschappen ", ["MA-ochtend"], *BASE, False, languages=["TR"])
    offer = Offer("o1", ["boodschappen"], ["ma-ochtend"], *BASE, 1, 1, languages={"tr"})
    assert match([request], [offer]).matches[0].offer == "o1"


def test_weights_must_be_non_negative():
    with pytest.raises(ValueError, match="gewicht load"):
        Weights(load=-1)


# --------------------------------------------------------------------------------------------
# CLI


@pytest.fixture
def city(tmp_path):
    path = tmp_path / "city.json"
    data = {"requests": [req("r1"), req("r2", category="tuin")], "offers": [off()]}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path, data


def test_cli_round_trip_through_files(city, tmp_path, capsys):
    path, data = city
    target = tmp_path / "out.json"
    assert run_cli([str(path), "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == run(data["requests"], data["offers"])
    assert "1 van 2 hulpvragen gekoppeld" in capsys.readouterr().err


@pytest.mark.parametrize("extra", [[], ["-o", "-"], ["--output=-"]])
def test_cli_writes_to_stdout(city, capsys, extra):
    path, data = city
    assert run_cli([str(path), *extra]) == 0
    assert json.loads(capsys.readouterr().out) == run(data["requests"], data["offers"])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "geef precies één invoerbestand op"),
        (["a.json", "b.json"], "geef precies één invoerbestand op"),
        (["--weird"], "onbekende optie --weird"),
        (["{path}", "-o"], "-o verwacht een bestandsnaam"),
        (["{missing}"], "invoerbestand niet gevonden"),
        (["{broken}"], "is geen geldige JSON (regel 1, kolom 2)"),
        (["{invalid}"], "requests[0].lat: ontbreekt"),
        (["{path}", "-o", "{nodir}"], "kan "),
    ],
)
def test_cli_errors_in_dutch_with_exit_2(city, tmp_path, capsys, argv, message):
    path, _ = city
    (tmp_path / "broken.json").write_text("{]")
    (tmp_path / "invalid.json").write_text(
        json.dumps({"requests": [without(req(), "lat")], "offers": []})
    )
    names = {
        "path": path,
        "missing": tmp_path / "nope.json",
        "broken": tmp_path / "broken.json",
        "invalid": tmp_path / "invalid.json",
        "nodir": tmp_path / "no" / "such" / "dir.json",
    }
    assert run_cli([a.format(**names) for a in argv]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.err.startswith("kwartier match: ")
    assert captured.out == ""


def test_cli_help(capsys):
    assert run_cli(["--help"]) == 0
    assert capsys.readouterr().out.startswith("gebruik: kwartier match")
