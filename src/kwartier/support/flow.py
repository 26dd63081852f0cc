"""Exact solver for the matching engine: most matches first, then the best total score.

Pure numpy; the loops are compiled by numba when it is installed (the same code runs as plain
Python without it, correct but much slower, fine for a handful of requests). The proof that
the result is optimal is in docs/matching.md ("Why the result is optimal"); in short:

1. `_max_matching`: a maximum number of matches, helper places as capacities (greedy, then
   breadth-first augmenting paths; a failed search marks its region dead for good).
2. `_alternating_reach`: the Dulmage–Mendelsohn split of that matching. Requests reachable
   from an unmatched request by alternating paths (X) only have edges to offers reachable the
   same way (U), and every maximum matching fills all places of U with requests of X and
   matches every request outside X to an offer outside U; edges between the two parts are in
   no maximum matching. So the lexicographic problem falls apart into two min-cost problems
   in which the number of matches is fixed: no big-M weight is needed.
3. Part B (every request of it matched, convex load penalties) is solved by
   `_successive_shortest_paths`: one unit at a time along a shortest augmenting path
   (Dijkstra on reduced costs with node potentials), which keeps the flow of minimum cost
   after every step. The load penalty is a convex cost on each offer's places (its k-th new
   request costs `base + step·k`), handled at the offer node itself, so offers are never
   expanded into place columns.
4. Part A (every place of its offers filled, so the load penalty is a constant there) is a
   transportation problem, solved by the ε-scaling auction of `auction.fill_places`; should
   it ever give up, the same shortest paths solve it instead.

All arithmetic is in int64, so the solver compares exact integers.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from kwartier.support.auction import fill_places

_INF = np.iinfo(np.int64).max // 4
# Costs and potentials stay below this, so no sum the solver forms can overflow int64; the
# caller coarsens the unit if a solve would exceed it (it never does at realistic weights).
LIMIT = 2**58


@njit(cache=True)
def _max_matching(req_start, edge_offer, capacity, order, offer_degree):
    """A maximum matching of requests to offers with `capacity` places each.

    Greedy start (requests in `order`, each to the free offer with the fewest candidates),
    then augmenting paths. Returns (offer per request or -1, used places per offer, the
    requests of each offer as slots `slot_start[o] .. slot_start[o] + used[o]`).
    """
    n_req = len(req_start) - 1
    n_off = len(capacity)
    slot_start = np.zeros(n_off + 1, dtype=np.int64)
    for o in range(n_off):
        slot_start[o + 1] = slot_start[o] + capacity[o]
    slot = np.full(slot_start[n_off], -1, dtype=np.int64)
    used = np.zeros(n_off, dtype=np.int64)
    partner = np.full(n_req, -1, dtype=np.int64)
    for r in order:
        pick = -1
        for e in range(req_start[r], req_start[r + 1]):
            o = edge_offer[e]
            if used[o] < capacity[o] and (pick < 0 or offer_degree[o] < offer_degree[pick]):
                pick = o
        if pick >= 0:
            slot[slot_start[pick] + used[pick]] = r
            used[pick] += 1
            partner[r] = pick

    # Breadth-first search for an augmenting path from each unmatched request. If none
    # exists, every offer the search reached is full and its requests lead only back into
    # the same region, which no later augmentation can change: the region is dead for good.
    dead_req = np.zeros(n_req, dtype=np.bool_)
    dead_off = np.zeros(n_off, dtype=np.bool_)
    seen_req = np.full(n_req, -1, dtype=np.int64)
    seen_off = np.full(n_off, -1, dtype=np.int64)
    reached_by = np.empty(n_off, dtype=np.int64)  # request that reached the offer
    queue = np.empty(n_req, dtype=np.int64)
    offers_seen = np.empty(n_off, dtype=np.int64)
    for root in order:
        if partner[root] >= 0 or dead_req[root]:
            continue
        seen_req[root] = root
        queue[0], head, tail, n_seen = root, 0, 1, 0
        found = -1
        while head < tail and found < 0:
            r = queue[head]
            head += 1
            for e in range(req_start[r], req_start[r + 1]):
                o = edge_offer[e]
                if o == partner[r] or dead_off[o] or seen_off[o] == root:
                    continue
                seen_off[o] = root
                reached_by[o] = r
                offers_seen[n_seen] = o
                n_seen += 1
                if used[o] < capacity[o]:
                    found = o
                    break
                for s in range(slot_start[o], slot_start[o] + used[o]):
                    q = slot[s]
                    if seen_req[q] != root and not dead_req[q]:
                        seen_req[q] = root
                        queue[tail] = q
                        tail += 1
        if found < 0:
            for i in range(tail):
                dead_req[queue[i]] = True
            for i in range(n_seen):
                dead_off[offers_seen[i]] = True
            continue
        # Walk back: each request on the path moves to the offer that reached it.
        o = found
        while True:
            r = reached_by[o]
            old = partner[r]
            slot[slot_start[o] + used[o]] = r
            used[o] += 1
            partner[r] = o
            if old < 0:
                break
            _remove_slot(slot, slot_start[old], used, old, r)
            o = old
    return partner, used, slot_start, slot


@njit(cache=True)
def _remove_slot(slot, start, used, o, r):
    last = start + used[o] - 1
    for s in range(start, last + 1):
        if slot[s] == r:
            slot[s] = slot[last]
            break
    used[o] -= 1


@njit(cache=True)
def _alternating_reach(req_start, edge_offer, partner, slot_start, slot, used):
    """Requests and offers reachable from unmatched requests by alternating paths."""
    n_req = len(req_start) - 1
    in_x = np.zeros(n_req, dtype=np.bool_)
    in_u = np.zeros(len(used), dtype=np.bool_)
    queue = np.empty(n_req, dtype=np.int64)
    tail = 0
    for r in range(n_req):
        if partner[r] < 0:
            in_x[r] = True
            queue[tail] = r
            tail += 1
    head = 0
    while head < tail:
        r = queue[head]
        head += 1
        for e in range(req_start[r], req_start[r + 1]):
            o = edge_offer[e]
            if o == partner[r] or in_u[o]:
                continue
            in_u[o] = True
            for s in range(slot_start[o], slot_start[o] + used[o]):
                q = slot[s]
                if not in_x[q]:
                    in_x[q] = True
                    queue[tail] = q
                    tail += 1
    return in_x, in_u


@njit(cache=True)
def _heap_push(keys, items, size, key, item):
    i = size
    while i > 0:
        parent = (i - 1) >> 1
        if keys[parent] <= key:
            break
        keys[i], items[i] = keys[parent], items[parent]
        i = parent
    keys[i], items[i] = key, item
    return size + 1


@njit(cache=True)
def _heap_pop(keys, items, size):
    """Remove the smallest entry (returned by the caller reading index 0 first)."""
    size -= 1
    key, item = keys[size], items[size]
    i = 0
    while True:
        child = 2 * i + 1
        if child >= size:
            break
        if child + 1 < size and keys[child + 1] < keys[child]:
            child += 1
        if key <= keys[child]:
            break
        keys[i], items[i] = keys[child], items[child]
        i = child
    keys[i], items[i] = key, item
    return size


@njit(cache=True)
def _successive_shortest_paths(
    left_start, edge_right, edge_cost, supply, capacity, base, step, sources
):
    """Minimum-cost flow in which every unit of `supply` must be routed.

    Left node `l` sends `supply[l]` units over its edges `left_start[l] .. left_start[l+1]`
    (cheapest first; right node `edge_right[e]`, cost `edge_cost[e]`, at most one unit per
    edge); right node `j` takes at most `capacity[j]` units, its k-th costing
    `base[j] + step[j]·k` (convex).
    Left nodes are taken in the order `sources`. Returns the flow (0/1) per edge; raises
    ValueError if some unit cannot be routed.

    Invariant: with potentials `h`, every residual arc has reduced cost c + h(tail) − h(head)
    >= 0 (the sink's potential stays 0), so the flow is of minimum cost for the units routed
    so far. Each unit follows a shortest path to the sink, found by Dijkstra from its left node
    that stops once the sink distance D is settled; then every node reached at a distance
    d < D has its potential lowered by D − d, which keeps the invariant and makes the path's
    arcs tight. Arcs that would end at D or beyond are not even followed, and right nodes
    with a single way on (the sink when empty, the left node of their one unit when full) are
    passed through rather than queued, so a search costs what it explores, not the size of
    the graph.
    """
    n_left = len(left_start) - 1
    n_right = len(capacity)
    n_edges = len(edge_right)
    edge_left = np.empty(n_edges, dtype=np.int64)
    for l in range(n_left):  # noqa: E741
        edge_left[left_start[l] : left_start[l + 1]] = l
    slot_start = np.zeros(n_right + 1, dtype=np.int64)
    for j in range(n_right):
        slot_start[j + 1] = slot_start[j] + capacity[j]
    slot = np.empty(slot_start[n_right], dtype=np.int64)  # edges carrying flow into j
    used = np.zeros(n_right, dtype=np.int64)
    flow = np.zeros(n_edges, dtype=np.int8)

    h_left = np.zeros(n_left, dtype=np.int64)
    h_right = np.zeros(n_right, dtype=np.int64)
    dist = np.full(n_left + n_right, _INF, dtype=np.int64)  # left l, then right n_left + j
    pred = np.empty(n_left + n_right, dtype=np.int64)  # edge by which a node was reached
    touched = np.empty(n_left + n_right, dtype=np.int64)
    heap_keys = np.empty(n_edges + slot_start[n_right] + 2, dtype=np.int64)
    heap_items = np.empty(n_edges + slot_start[n_right] + 2, dtype=np.int64)
    lowest = 0

    for source in sources:
        if supply[source] == 0:
            continue
        # Fresh node: the potential that makes all its arcs' reduced costs >= 0.
        best = -_INF
        for e in range(left_start[source], left_start[source + 1]):
            best = max(best, h_right[edge_right[e]] - edge_cost[e])
        h_left[source] = best if best > -_INF else 0
        for _ in range(supply[source]):
            touched[0], n_touched = source, 1
            dist[source] = 0
            size = _heap_push(heap_keys, heap_items, 0, 0, source)
            sink_dist, sink_from = _INF, -1
            while size > 0:
                d, node = heap_keys[0], heap_items[0]
                size = _heap_pop(heap_keys, heap_items, size)
                if d >= sink_dist:
                    break
                if d > dist[node]:
                    continue  # stale entry
                if node < n_left:
                    for e in range(left_start[node], left_start[node + 1]):
                        # Edges come cheapest first and h_right <= 0 (potentials start at 0
                        # and only decrease): no later edge can end below the sink either.
                        if d + edge_cost[e] + h_left[node] >= sink_dist:
                            break
                        if flow[e]:
                            continue
                        j = edge_right[e]
                        nd = d + edge_cost[e] + h_left[node] - h_right[j]
                        if nd >= sink_dist or nd >= dist[n_left + j]:
                            continue
                        if dist[n_left + j] == _INF:
                            touched[n_touched] = n_left + j
                            n_touched += 1
                        dist[n_left + j] = nd
                        pred[n_left + j] = e
                        if used[j] == 0:  # its only way on is the sink
                            if capacity[j] > 0:
                                nd += base[j] + h_right[j]
                                if nd < sink_dist:
                                    sink_dist, sink_from = nd, j
                        elif used[j] == 1 and capacity[j] == 1:
                            # Full with one unit: its only way on is back to that unit's
                            # left node, so pass through without queueing j itself.
                            back = slot[slot_start[j]]
                            q = edge_left[back]
                            nd += h_right[j] - edge_cost[back] - h_left[q]
                            if nd < sink_dist and nd < dist[q]:
                                if dist[q] == _INF:
                                    touched[n_touched] = q
                                    n_touched += 1
                                dist[q] = nd
                                pred[q] = back
                                size = _heap_push(heap_keys, heap_items, size, nd, q)
                        else:
                            size = _heap_push(heap_keys, heap_items, size, nd, n_left + j)
                else:
                    j = node - n_left
                    if used[j] < capacity[j]:  # the arc to the sink: its next place
                        nd = d + base[j] + step[j] * used[j] + h_right[j]
                        if nd < sink_dist:
                            sink_dist, sink_from = nd, j
                    for s in range(slot_start[j], slot_start[j] + used[j]):
                        e = slot[s]
                        q = edge_left[e]
                        nd = d - edge_cost[e] + h_right[j] - h_left[q]
                        if nd >= sink_dist or nd >= dist[q]:
                            continue
                        if dist[q] == _INF:
                            touched[n_touched] = q
                            n_touched += 1
                        dist[q] = nd
                        pred[q] = e
                        size = _heap_push(heap_keys, heap_items, size, nd, q)
            if sink_from < 0:
                raise ValueError("no augmenting path: the supplies cannot all be routed")
            for i in range(n_touched):  # potentials only ever decrease
                node = touched[i]
                if dist[node] < sink_dist:
                    if node < n_left:
                        h_left[node] += dist[node] - sink_dist
                        lowest = min(lowest, h_left[node])
                    else:
                        h_right[node - n_left] += dist[node] - sink_dist
                        lowest = min(lowest, h_right[node - n_left])
                dist[node] = _INF
            if lowest < -LIMIT or sink_dist > LIMIT:
                raise OverflowError("costs too large for exact int64 arithmetic")
            # Augment: walk back from the right node that reached the sink.
            j = sink_from
            slot[slot_start[j] + used[j]] = pred[n_left + j]
            used[j] += 1
            while True:
                e = pred[n_left + j]
                flow[e] = 1
                q = edge_left[e]
                if q == source:
                    break
                back = pred[q]  # q leaves the right node it was sending to
                flow[back] = 0
                j = edge_right[back]
                for s in range(slot_start[j], slot_start[j] + used[j]):
                    if slot[s] == back:
                        slot[s] = pred[n_left + j]
                        break
    return flow


def _cheapest_first(owner: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Edge order by owner, then cost: one argsort of a combined key when it fits in int64."""
    if len(cost) == 0:
        return np.zeros(0, dtype=np.int64)
    low = int(cost.min())
    span = int(cost.max()) - low + 1
    if int(owner.max()) * span + span < 2**62:
        return np.argsort(owner * span + (cost - low), kind="stable")
    return np.lexsort((cost, owner))


def _min_cost_part(left, right, cost, supply, capacity, base, step) -> np.ndarray:
    """Route every unit of `supply` at minimum cost; True for the edges that carry flow.

    Left nodes with the fewest edges go first: their searches are the cheapest while the
    graph is still empty (the result is optimal in any order).
    """
    n_left = len(supply)
    by_left = _cheapest_first(left, cost)
    degree = np.bincount(left, minlength=n_left)
    flow = _successive_shortest_paths(
        np.concatenate(([0], np.cumsum(degree))),
        right[by_left],
        cost[by_left],
        supply,
        capacity,
        base,
        step,
        np.argsort(degree, kind="stable"),
    )
    carries = np.zeros(len(left), dtype=bool)
    carries[by_left[flow == 1]] = True
    return carries


def optimal_assignment(
    request: np.ndarray,
    offer: np.ndarray,
    gain: np.ndarray,
    capacity: np.ndarray,
    base: np.ndarray,
    step: np.ndarray,
    n_requests: int,
) -> np.ndarray:
    """Offer per request (-1 if unmatched): most matches, then the highest total score.

    Edges `(request[e], offer[e])` sorted by request, each with an integer `gain`; offer `o`
    takes at most `capacity[o]` requests, its k-th new one costing `base[o] + step[o]·k`
    (non-decreasing in k). The total score is Σ gain − Σ those costs.
    """
    request = np.asarray(request, dtype=np.int64)
    offer = np.asarray(offer, dtype=np.int64)
    gain = np.asarray(gain, dtype=np.int64)
    n_offers = len(capacity)
    # A helper never needs more places than it has candidate requests.
    offer_degree = np.bincount(offer, minlength=n_offers)
    capacity = np.minimum(capacity, offer_degree).astype(np.int64)
    base, step = np.asarray(base, dtype=np.int64), np.asarray(step, dtype=np.int64)
    if max(np.abs(gain).max(initial=0), (base + step * capacity).max(initial=0)) > LIMIT // 4:
        raise OverflowError("costs too large for exact int64 arithmetic")
    req_start = np.concatenate(([0], np.cumsum(np.bincount(request, minlength=n_requests))))
    request_degree = np.diff(req_start)
    partner, used, slot_start, slot = _max_matching(
        req_start, offer, capacity, np.argsort(request_degree, kind="stable"), offer_degree
    )
    in_x, in_u = _alternating_reach(req_start, offer, partner, slot_start, slot, used)
    assigned = np.full(n_requests, -1, dtype=np.int64)

    # Part B: requests outside X are matched in every maximum matching, to offers outside U,
    # whose load penalty depends on how many they get.
    part = np.flatnonzero(~in_x[request] & ~in_u[offer])
    carries = _min_cost_part(
        request[part],
        offer[part],
        -gain[part],
        (~in_x).astype(np.int64),
        np.where(in_u, 0, capacity),
        base,
        step,
    )
    assigned[request[part[carries]]] = offer[part[carries]]

    # Part A: every place of U is filled by a request of X in every maximum matching, so the
    # load penalty is fixed there and only the gains count: an auction fills the places.
    part = np.flatnonzero(in_x[request] & in_u[offer])
    places = np.where(in_u, capacity, 0)
    filled = fill_places(request[part], offer[part], gain[part], places)
    if filled is not None:
        requests, offers = filled
        assigned[requests] = offers
    else:  # the auction gave up (it should not): successive shortest paths, exact but slower
        zeros = np.zeros(n_requests, dtype=np.int64)
        carries = _min_cost_part(
            offer[part], request[part], -gain[part], places, in_x.astype(np.int64), zeros, zeros
        )
        assigned[request[part[carries]]] = offer[part[carries]]
    return assigned


def _load_machine_code() -> None:
    """Solve a one-pair problem, so numba loads (or first compiles) the loops at import.

    A solver compiled ahead of time is ready once imported, as OR-Tools' C++ library is;
    without this, the first `optimal_assignment` of every process would pay the ~0.4 s it
    takes numba to load the cached machine code. The toy problem passes the same argument
    types as real ones, so it loads exactly the specialisations a real solve uses.
    """
    one, zero = np.ones(1, dtype=np.int64), np.zeros(1, dtype=np.int64)
    optimal_assignment(zero, zero, zero, one, zero, zero, 1)


_load_machine_code()
