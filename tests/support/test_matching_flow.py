"""Tests for the matching engine's exact solver (kwartier.support.flow) against brute force.

The solver is tested on its own, on random abstract instances (no geography): integer gains,
helper capacities and a convex load penalty, with hypothesis generating the cases. The oracle
enumerates every assignment. Each case also runs the pure-Python version of the compiled
loops (`py_func`, the Python source numba compiles), which must give the same result.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kwartier.support import auction, flow


@st.composite
def instances(draw, max_requests=5, max_offers=4):
    n = draw(st.integers(1, max_requests))
    m = draw(st.integers(1, max_offers))
    edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, m - 1)), max_size=n * m))
    edges = sorted(set(edges))
    gain = draw(st.lists(st.integers(-60, 60), min_size=len(edges), max_size=len(edges)))
    capacity = draw(st.lists(st.integers(0, 3), min_size=m, max_size=m))
    base = draw(st.lists(st.integers(0, 30), min_size=m, max_size=m))
    step = draw(st.lists(st.integers(0, 20), min_size=m, max_size=m))
    return n, edges, gain, capacity, base, step


def value(assignment, n, edges, gain, capacity, base, step):
    """(matched, score) of an assignment {request: offer}, or None if it breaks a capacity."""
    load = np.bincount(list(assignment.values()), minlength=len(capacity))
    if np.any(load > capacity):
        return None
    points = dict(zip(edges, gain, strict=True))
    score = sum(points[(r, o)] for r, o in assignment.items())
    score -= sum(base[o] * c + step[o] * c * (c - 1) // 2 for o, c in enumerate(load))
    return len(assignment), score


def brute_force(n, edges, gain, capacity, base, step):
    options = [[None] + [o for r_, o in edges if r_ == r] for r in range(n)]
    best = (0, 0)
    for choice in itertools.product(*options):
        assignment = {r: o for r, o in enumerate(choice) if o is not None}
        found = value(assignment, n, edges, gain, capacity, base, step)
        if found is not None:
            best = max(best, found)
    return best


def solve(n, edges, gain, capacity, base, step):
    request = np.array([r for r, _ in edges], dtype=np.int64)
    offer = np.array([o for _, o in edges], dtype=np.int64)
    assigned = flow.optimal_assignment(
        request,
        offer,
        np.array(gain, dtype=np.int64),
        np.array(capacity, dtype=np.int64),
        np.array(base, dtype=np.int64),
        np.array(step, dtype=np.int64),
        n,
    )
    return {r: int(o) for r, o in enumerate(assigned) if o >= 0}


@pytest.fixture
def pure_python(monkeypatch):
    """Run the solver's loops as the plain Python that numba compiles."""
    compiled = {
        flow: (
            "_max_matching",
            "_remove_slot",
            "_alternating_reach",
            "_heap_push",
            "_heap_pop",
            "_successive_shortest_paths",
        ),
        auction: ("_auction", "_sift_down", "_insert"),
    }
    for module, names in compiled.items():
        for name in names:
            function = getattr(module, name)
            monkeypatch.setattr(module, name, getattr(function, "py_func", function))


def check(case):
    n, edges, gain, capacity, base, step = case
    assignment = solve(*case)
    assert all((r, o) in set(edges) for r, o in assignment.items())
    assert value(assignment, *case) == brute_force(*case)
    return assignment


@settings(max_examples=400, deadline=None)
@given(instances())
def test_most_matches_then_best_score(case):
    check(case)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(instances(max_requests=4, max_offers=3))
def test_pure_python_loops_give_the_same_optimum(pure_python, case):
    check(case)


@settings(max_examples=150, deadline=None)
@given(instances(max_requests=7, max_offers=3))
def test_scarce_places_and_ample_places_at_once(case):
    # More requests than offers: typically some offers must be filled (part A of the split)
    # while other requests must all be matched (part B).
    check(case)


def test_both_parts_of_the_split_occur_in_one_instance():
    # r0, r1 compete for o0's single place (part A: o0 filled, one of them left out);
    # r2 can use o1 or o2, which have room (part B: r2 matched, where the load is lowest).
    edges = [(0, 0), (1, 0), (2, 1), (2, 2)]
    case = (3, edges, [5, 9, 4, 4], [1, 2, 1], [0, 10, 0], [0, 10, 0])
    assert check(case) == {1: 0, 2: 2}


def test_convex_load_fills_the_cheapest_places_first():
    # Three requests, one helper with three places but a steep load penalty, and a second
    # helper that is a little worse for everyone: the optimum splits the requests.
    edges = [(r, o) for r in range(3) for o in range(2)]
    gain = [50, 45] * 3
    assignment = check((3, edges, gain, [3, 3], [0, 0], [20, 0]))
    assert sorted(assignment.values()) == [0, 1, 1]


def test_no_edges_no_matches():
    empty = np.zeros(0, dtype=np.int64)
    assigned = flow.optimal_assignment(empty, empty, empty, np.array([2]), [0], [0], 3)
    assert assigned.tolist() == [-1, -1, -1]


def test_costs_beyond_exact_int64_arithmetic_are_refused():
    with pytest.raises(OverflowError):
        flow.optimal_assignment(
            np.array([0]), np.array([0]), np.array([flow.LIMIT]), np.array([1]), [0], [0], 1
        )
