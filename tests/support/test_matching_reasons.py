"""Reasons for unmatched requests: the fast per-category search against the plain definition.

`matching._unmatched` explains a request without any feasible pair by grouping such requests
per category and running the other rules on that category's offers only, in batches. The
reference below is the definition itself (docs/matching.md, "Unmatched requests"), one
request at a time: start from all offers, apply `RULES` in order, name the first rule that
leaves no candidate (explained with the candidates it was given); a request with feasible
pairs gets the capacity reason. It shares the rules' predicates and texts with the engine
(those are checked against an independent oracle in test_matching.py), so what is compared
here is the choice of rule and its explanation: code and text must be identical.
"""

from __future__ import annotations

import random
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kwartier.support import matching
from kwartier.support.matching import Offer, Request, Unmatched
from tests.support.test_matching import north


def reference_unmatched(ix, pairs, requests: np.ndarray) -> list[Unmatched]:
    out = []
    for r in requests.tolist():
        own = pairs.offer[pairs.request == r]
        if own.size:
            verdict = matching._capacity_reason(own.size, bool((ix.free[own] > 0).any()))
        else:
            candidates = np.arange(len(ix.offers))
            for rule in matching.RULES:
                keep = rule.allows(ix, np.full(candidates.size, r), candidates)
                if not keep.any():
                    verdict = rule.code, rule.explain(ix, r, candidates)
                    break
                candidates = candidates[keep]
            else:
                raise AssertionError(f"request {r} has no feasible pair, yet candidates survive")
        out.append(Unmatched(ix.requests[r].id, *verdict))
    return out


def index(requests: list[Request], offers: list[Offer]):
    ix = matching._Index(
        sorted(requests, key=matching._sort_key), sorted(offers, key=matching._sort_key)
    )
    return ix, matching._feasible(ix)


# --------------------------------------------------------------------------------------------
# Generated towns: few values per field, so that every rule binds, ties and edges occur

CATEGORIES = ["boodschappen", "tuin", "vervoer", "klusjes"]  # klusjes: offered by nobody
SLOTS = ["ma-ochtend", "ma-middag", "di-avond"]
LANGUAGES = ["tr", "ar", "nl", "zaans"]  # "zaans": no Dutch name, shown as given
KM = [0.0, 0.5, 1.0, 2.0, 2.5, 3.0, 3.05, 4.25]  # along a meridian, so radii are hit exactly
RADII = [0.0, 0.5, 1.0, 2.0, 2.5, 3.0]


@st.composite
def spots(draw) -> dict:
    east = draw(st.sampled_from([0.0, 0.0, 0.0, 0.7]))  # mostly on the meridian: exact edges
    return north(draw(st.sampled_from(KM)), east)


@st.composite
def offers(draw, j: int) -> Offer:
    return Offer(
        id=j if draw(st.booleans()) else f"o{j}",
        categories=draw(st.sets(st.sampled_from(CATEGORIES[:3]), min_size=1)),
        slots=draw(st.sets(st.sampled_from(SLOTS), min_size=1)),
        **draw(spots()),
        radius_km=draw(st.sampled_from(RADII)),
        capacity=draw(st.integers(0, 2)),
        active=draw(st.integers(0, 2)),
        vog=draw(st.booleans()),
        languages=draw(st.sets(st.sampled_from(LANGUAGES))),
    )


@st.composite
def towns(draw, max_requests: int = 8, max_offers: int = 7):
    helpers = [draw(offers(j)) for j in range(draw(st.integers(0, max_offers)))]
    known = [o.id for o in helpers] + ["weg"]  # "weg": an offer no longer in the input
    residents = [
        Request(
            id=f"r{i}",
            category=draw(st.sampled_from(CATEGORIES)),
            slots=draw(st.sets(st.sampled_from(SLOTS), min_size=1)),
            **draw(spots()),
            requires_vog=draw(st.booleans()),
            languages=tuple(draw(st.lists(st.sampled_from(LANGUAGES), unique=True, max_size=2))),
            waiting_days=draw(st.integers(0, 40)),
            exclude=draw(st.sets(st.sampled_from(known), max_size=3)),
            network=draw(st.sets(st.sampled_from(known), max_size=1)),
        )
        for i in range(draw(st.integers(1, max_requests)))
    ]
    return residents, helpers


@settings(max_examples=300, deadline=None)
@given(towns(), st.integers(1, 8))
def test_every_request_gets_the_reference_reason(town, pairs_per_batch):
    """All requests, matched or not, and small batches, so batches split categories."""
    ix, pairs = index(*town)
    everyone = np.arange(len(ix.requests))
    with mock.patch.object(matching, "_DIAGNOSE_PAIRS", pairs_per_batch):
        assert matching._unmatched(ix, pairs, everyone) == reference_unmatched(ix, pairs, everyone)


@settings(max_examples=100, deadline=None)
@given(towns())
def test_match_reports_the_reference_reasons(town):
    result = matching.match(*town)
    ix, pairs = index(*town)
    matched = {m.request for m in result.matches}
    unmatched = np.array([r for r, q in enumerate(ix.requests) if q.id not in matched], dtype=int)
    assert list(result.unmatched) == reference_unmatched(ix, pairs, unmatched)


@settings(max_examples=100, deadline=None)
@given(towns())
def test_rules_and_rough_tests_broadcast_over_a_grid_as_over_pairs(town):
    """`_first_empty_rule` runs a rule on a whole grid; a rough test may only ever reject."""
    ix, _ = index(*town)
    ri, oi = np.indices((len(ix.requests), len(ix.offers)))
    for rule in matching.RULES:
        pairwise = rule.allows(ix, ri.ravel(), oi.ravel()).reshape(ri.shape)
        grid = rule.allows(ix, np.arange(len(ix.requests))[:, None], np.arange(len(ix.offers)))
        assert np.array_equal(grid, pairwise)
        if rule.rough is not None:
            assert not np.any(pairwise & ~rule.rough(ix, ri, oi))


# --------------------------------------------------------------------------------------------
# Larger seeded towns: many requests per category, more than 64 categories (two bitset words)


ALL_SLOTS = sorted(matching.SLOTS)


def seeded_town(seed: int, n_categories: int) -> tuple[list[Request], list[Offer]]:
    rng = random.Random(seed)
    categories = [f"c{k}" for k in range(n_categories)]
    offered = categories[:-1]  # the last one: nobody offers it

    def spot():
        return north(rng.uniform(-6, 6), rng.uniform(-6, 6))

    helpers = [
        Offer(
            id=j,
            categories=rng.sample(offered, rng.randint(1, min(3, len(offered)))),
            slots=rng.sample(ALL_SLOTS, rng.randint(1, 4)),
            **spot(),
            radius_km=rng.choice([0.5, 1.0, 2.0, 3.0]),
            capacity=rng.randint(0, 2),
            vog=rng.random() < 0.4,
            languages=rng.sample(LANGUAGES, rng.randint(0, 2)),
        )
        for j in range(150)
    ]
    residents = [
        Request(
            id=f"r{i}",
            category=rng.choice(categories),
            slots=rng.sample(ALL_SLOTS, rng.randint(1, 2)),
            **spot(),
            requires_vog=rng.random() < 0.4,
            languages=rng.sample(LANGUAGES, rng.choice([0, 1, 2])),
            exclude=rng.sample(range(150), 4) if rng.random() < 0.2 else [],
        )
        for i in range(400)
    ]
    return residents, helpers


@pytest.mark.parametrize(("seed", "n_categories"), [(1, 3), (2, 9), (3, 70)])
def test_seeded_towns_give_the_reference_reasons(seed, n_categories):
    ix, pairs = index(*seeded_town(seed, n_categories))
    everyone = np.arange(len(ix.requests))
    expected = reference_unmatched(ix, pairs, everyone)
    assert matching._unmatched(ix, pairs, everyone) == expected
    codes = {u.code for u in expected}
    assert {"categorie", "afstand", "taal", "vog", "capaciteit"} <= codes  # the town covers them
