"""Filling every helper place with the best requests: an ε-scaling auction.

The larger part of the matching problem (part A of the split in flow.py) is a transportation
problem: each helper `o` must take exactly `places[o]` requests, each request at most one
helper, and the total gain is to be maximal. With one "nobody" helper holding as many places
as there are requests too many (gain 0 for every request), every request gets exactly one
place, which makes it a square assignment problem of requests to places; places of one helper
are alike. Bertsekas' auction solves that: an unassigned request bids for the place of highest
value (gain − price), raising its price by how much better it is than the second best plus ε;
the request holding it before bids again. Prices only rise, and at the end every request is
within ε of its best place (ε-complementary slackness). With the gains multiplied by n + 1
(n requests) and a final ε of 1, the assignment is optimal for the integer gains: any other
assignment is worse by at least n + 1, the auction's assignment by at most n·ε = n. Starting
with a coarse ε and dividing it (ε-scaling) keeps the number of bids small; every phase starts
with all requests unassigned and the previous phase's prices.

Reference: D. P. Bertsekas, "Network Optimization: Continuous and Discrete Models" (Athena
Scientific, 1998), chapter 7 (the auction algorithm, similar objects, ε-scaling).
"""

from __future__ import annotations

import numpy as np
from numba import njit

_NONE = np.iinfo(np.int64).min // 4
THETA = 6  # ε is divided by this between phases
LOOK_BACK = 4  # best helpers a request remembers between its bids
PRICE_LIMIT = 2**60  # prices stay far from int64 overflow; beyond it the auction gives up


@njit(cache=True)
def _sift_down(price, owner, start, size, k):
    """Restore the min-heap of one helper's place prices after its root went up."""
    p, who = price[start + k], owner[start + k]
    while True:
        child = 2 * k + 1
        if child >= size:
            break
        if child + 1 < size and price[start + child + 1] < price[start + child]:
            child += 1
        if p <= price[start + child]:
            break
        price[start + k], owner[start + k] = price[start + child], owner[start + child]
        k = child
    price[start + k], owner[start + k] = p, who


@njit(cache=True)
def _insert(top_value, top_helper, top_worth, v, c, w):
    """Put option (value v, helper c, worth w) into the descending top list (it belongs)."""
    j = len(top_value) - 1
    while j > 0 and top_value[j - 1] < v:
        top_value[j], top_helper[j], top_worth[j] = (
            top_value[j - 1],
            top_helper[j - 1],
            top_worth[j - 1],
        )
        j -= 1
    top_value[j], top_helper[j], top_worth[j] = v, c, w


@njit(cache=True)
def _auction(bid_start, edge_helper, edge_value, slot_start, eps_start, theta, max_bids):
    """Helper (class) per request; the last class is "nobody" (value 0 for every request).

    Request `i` may take a place of helper `edge_helper[e]` for `e` in
    `bid_start[i] .. bid_start[i + 1]`, worth `edge_value[e]`. Helper `c` has the places
    `slot_start[c] .. slot_start[c + 1]`, kept as a min-heap by price (with their holders), so
    the cheapest place of a helper is at its start. The places must number the requests.
    Returns (class per request, True), or (…, False) if the bids exceeded `max_bids` or a price
    the limit: the caller then solves the part another way.

    Look-back: a request remembers its `LOOK_BACK` best helpers from its last full scan and
    the value of the next best (`bound`). Prices only rise, so no other helper can be worth
    more than `bound` now; when the best two remembered ones still are, the bid needs no scan.
    """
    n = len(bid_start) - 1
    nobody = len(slot_start) - 2
    price = np.zeros(slot_start[-1], dtype=np.int64)
    cheapest = np.zeros(nobody + 1, dtype=np.int64)  # price of each helper's cheapest place
    has_nobody = slot_start[nobody + 1] > slot_start[nobody]
    owner = np.empty(slot_start[-1], dtype=np.int64)
    assigned = np.empty(n, dtype=np.int64)
    queue = np.empty(max(n, 1), dtype=np.int64)
    known_helper = np.full((n, LOOK_BACK), -1, dtype=np.int64)
    known_worth = np.zeros((n, LOOK_BACK), dtype=np.int64)
    bound = np.full(n, -_NONE, dtype=np.int64)  # above any value: the first bid scans
    top_value = np.empty(LOOK_BACK + 1, dtype=np.int64)
    top_helper = np.empty(LOOK_BACK + 1, dtype=np.int64)
    top_worth = np.empty(LOOK_BACK + 1, dtype=np.int64)
    bids = 0
    eps = eps_start
    while True:
        owner[:] = -1
        assigned[:] = -1
        for i in range(n):
            queue[i] = i
        head, waiting = 0, n
        while waiting > 0:
            i = queue[head]
            head = head + 1 if head + 1 < n else 0
            waiting -= 1
            bids += 1
            if bids > max_bids:
                return assigned, False
            # Best and second-best value over the cheapest place of each helper.
            best, second, helper, worth = _NONE, _NONE, -1, 0
            for k in range(LOOK_BACK):
                c = known_helper[i, k]
                if c >= 0:
                    v = known_worth[i, k] - cheapest[c]
                    if v > best:
                        second, best, helper, worth = best, v, c, known_worth[i, k]
                    elif v > second:
                        second = v
            if second < bound[i]:  # an unremembered helper may be better: scan them all
                top_value[:] = _NONE
                for e in range(bid_start[i], bid_start[i + 1]):
                    c = edge_helper[e]
                    v = edge_value[e] - cheapest[c]
                    if v > top_value[LOOK_BACK]:
                        _insert(top_value, top_helper, top_worth, v, c, edge_value[e])
                if has_nobody and -cheapest[nobody] > top_value[LOOK_BACK]:
                    _insert(top_value, top_helper, top_worth, -cheapest[nobody], nobody, 0)
                for k in range(LOOK_BACK):
                    known_helper[i, k] = top_helper[k] if top_value[k] > _NONE else -1
                    known_worth[i, k] = top_worth[k]
                bound[i] = top_value[LOOK_BACK]
                best, second = top_value[0], top_value[1]
                helper, worth = known_helper[i, 0], top_worth[0]
            if helper < 0:  # nowhere to go: the places cannot all be filled this way
                return assigned, False
            # The helper's second-cheapest place is an option too.
            start = slot_start[helper]
            size = slot_start[helper + 1] - start
            if size > 1:
                p2 = price[start + 1]
                if size > 2 and price[start + 2] < p2:
                    p2 = price[start + 2]
                if worth - p2 > second:
                    second = worth - p2
            if second == _NONE:  # a single place to go: any price keeps it there
                second = best
            # Bid: the place's price rises to where the second best is worth as much, plus ε.
            new_price = worth - second + eps
            if new_price > PRICE_LIMIT:
                return assigned, False
            previous = owner[start]
            if previous >= 0:
                assigned[previous] = -1
                tail = head + waiting
                queue[tail if tail < n else tail - n] = previous
                waiting += 1
            owner[start] = i
            assigned[i] = helper
            price[start] = new_price
            _sift_down(price, owner, start, size, 0)
            cheapest[helper] = price[start]
        if eps == 1:
            return assigned, True
        eps = max(1, eps // theta)


def fill_places(
    request: np.ndarray, offer: np.ndarray, gain: np.ndarray, places: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """Fill every place at the highest total gain: (requests, offer of each or -1).

    Edges `(request[e], offer[e])` sorted by request, integer `gain`; offer `o` must take
    exactly `places[o]` of its candidates. Returns the distinct requests in order with the
    offer each gets (-1 for a request left out), or None if the auction gave up (it does not
    on a problem where all places can be filled; the caller has an exact fallback).
    """
    first = np.r_[True, request[1:] != request[:-1]] if len(request) else np.zeros(0, bool)
    requests = request[first]
    n = len(requests)
    nobody = n - int(places.sum())
    if nobody < 0:
        return None
    scale = n + 1
    spread = max(int(gain.max(initial=0)), 0) - min(int(gain.min(initial=0)), 0)
    if (spread + 1) * scale * (n + 2) > PRICE_LIMIT:
        return None  # prices could come near int64 overflow
    usable = places[offer] > 0  # a helper without places is no option (and has no heap)
    bidder = (np.cumsum(first) - 1)[usable]
    slot_start = np.concatenate(([0], np.cumsum(np.append(places, nobody)))).astype(np.int64)
    bid_start = np.concatenate(([0], np.cumsum(np.bincount(bidder, minlength=n))))
    helper, ok = _auction(
        bid_start.astype(np.int64, copy=False),
        offer[usable].astype(np.int64, copy=False),
        gain[usable].astype(np.int64, copy=False) * scale,
        slot_start,
        max(1, spread * scale // THETA),
        THETA,
        1000 * n + 10**6,
    )
    if not ok:
        return None
    return requests, np.where(helper < len(places), helper, -1)
