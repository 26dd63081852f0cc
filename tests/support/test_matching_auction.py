"""Tests for the auction that fills every helper place (kwartier.support.auction).

`fill_places` solves a transportation problem: each helper takes exactly its number of
places, each request at most one, the total gain is maximal. Hypothesis generates small
instances that have such an assignment; brute force enumerates them all.
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kwartier.support import auction, flow


def brute_force(n, edges, gain, places):
    """Highest total gain over assignments that fill every place, or None if there is none."""
    options = [[None] + [o for r_, o in edges if r_ == r] for r in range(n)]
    points = dict(zip(edges, gain, strict=True))
    best = None
    for choice in itertools.product(*options):
        load = np.bincount([o for o in choice if o is not None], minlength=len(places))
        if np.array_equal(load, places):
            total = sum(points[(r, o)] for r, o in enumerate(choice) if o is not None)
            best = total if best is None else max(best, total)
    return best


@st.composite
def fillable(draw, max_requests=6, max_offers=3):
    """Instances in which all places can be filled (found by brute force)."""
    n = draw(st.integers(1, max_requests))
    m = draw(st.integers(1, max_offers))
    edges = sorted(set(draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, m - 1))))))
    gain = draw(st.lists(st.integers(-500, 500), min_size=len(edges), max_size=len(edges)))
    places = np.array(draw(st.lists(st.integers(0, 3), min_size=m, max_size=m)))
    best = brute_force(n, edges, gain, places)
    if best is None or not edges:
        places = np.zeros(m, dtype=np.int64)  # nothing to fill is always possible
        best = 0
    return n, edges, gain, places, best


def fill(edges, gain, places):
    request = np.array([r for r, _ in edges], dtype=np.int64)
    offer = np.array([o for _, o in edges], dtype=np.int64)
    return auction.fill_places(request, offer, np.array(gain, dtype=np.int64), places)


@settings(max_examples=300, deadline=None)
@given(fillable())
def test_every_place_filled_at_the_highest_total_gain(case):
    n, edges, gain, places, best = case
    if not edges:
        return
    filled = fill(edges, gain, places)
    assert filled is not None
    requests, filled = filled
    chosen = {int(r): int(o) for r, o in zip(requests, filled, strict=True) if o >= 0}
    assert all((r, o) in set(edges) for r, o in chosen.items())
    assert np.array_equal(np.bincount(list(chosen.values()), minlength=len(places)), places)
    points = dict(zip(edges, gain, strict=True))
    assert sum(points[pair] for pair in chosen.items()) == best


def test_places_of_one_helper_go_to_its_best_candidates():
    # Helper 0 has two places and four candidates; helper 1 one place and two of them.
    edges = [(0, 0), (1, 0), (1, 1), (2, 0), (3, 0), (3, 1)]
    gain = [10, 40, 35, 30, 20, 5]
    requests, filled = fill(edges, gain, np.array([2, 1]))
    # Best: request 1 to helper 1 (35), requests 2 and 3 to helper 0 (30 + 20) = 85;
    # request 1 to helper 0 would leave helper 1 with request 3 (40 + 30 + 5 = 75).
    assert requests.tolist() == [0, 1, 2, 3]
    assert filled.tolist() == [-1, 1, 0, 0]


def test_gives_up_when_places_outnumber_requests():
    assert fill([(0, 0)], [5], np.array([2])) is None


def test_solver_falls_back_to_shortest_paths_when_the_auction_gives_up(monkeypatch):
    monkeypatch.setattr(flow, "fill_places", lambda *args: None)
    # Two requests compete for one place (part A of the split); the higher gain wins.
    assigned = flow.optimal_assignment(
        np.array([0, 1]), np.array([0, 0]), np.array([3, 8]), np.array([1]), [0], [0], 2
    )
    assert assigned.tolist() == [-1, 0]
