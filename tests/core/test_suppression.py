"""Primary and secondary (complementary) suppression of a table's cells: worked examples
and properties over random tables with row, column and grand totals."""

from hypothesis import given, settings
from hypothesis import strategies as st

from kwartier.core.suppression import (
    MARKER,
    SMALL_CELL,
    complete,
    hidden_cells,
    pins,
    shown,
    tree_lines,
)


def test_the_markers():
    assert [shown(n, hidden=False) for n in (0, 3, 12)] == ["0", "3", "12"]
    assert [shown(3, hidden=True), shown(12, hidden=True)] == ["<5", MARKER]
    assert shown(7, hidden=True, small_cell=10) == "<10"


def test_a_lone_small_buurt_takes_the_smallest_other_with_it():
    # wijk 23 = 3 + 12 + 8: the 3 alone would be 23 - 12 - 8; 8 is the smallest other.
    counts = {"wijk": 23, "a": 3, "b": 12, "c": 8}
    assert hidden_cells(counts, [("wijk", ["a", "b", "c"])]) == {"a", "c"}


def test_two_small_cells_protect_each_other_and_zeros_stay_shown():
    counts = {"wijk": 20, "a": 3, "b": 2, "c": 15, "d": 0}
    assert hidden_cells(counts, [("wijk", ["a", "b", "c", "d"])]) == {"a", "b"}


def test_ties_go_to_the_first_part_and_the_total_comes_last():
    counts = {"total": 17, "a": 1, "b": 8, "c": 8}
    assert hidden_cells(counts, [("total", ["a", "b", "c"])]) == {"a", "b"}
    # Nothing else nonzero in the line: the total goes.
    assert hidden_cells({"total": 3, "a": 3, "b": 0}, [("total", ["a", "b"])]) == {"total", "a"}
    lone = {"total": 9, "a": 2, "b": 7}
    assert hidden_cells(lone, [("total", ["a", "b"])], keep={"b"}) == {"a", "total"}


def test_a_small_cell_next_to_a_companion_of_five_is_not_left_pinned():
    # 6 = "<5" + x: the "<5" is 1..4 and x at least 5, so only 1 + 5 fits: hide the total.
    counts = {"total": 6, "a": 1, "b": 5}
    assert pins(counts, ("total", ["a", "b"]), {"a", "b"})
    assert hidden_cells(counts, [("total", ["a", "b"])]) == {"a", "b", "total"}
    # Two cells of 1 in a line of 2 are pinned too (1 + 1 is the only way).
    ones = {"total": 12, "a": 1, "b": 1, "c": 10}
    assert hidden_cells(ones, [("total", ["a", "b", "c"])]) == {"a", "b", "c"}


def test_hiding_for_one_line_is_followed_through_the_lines_it_touches():
    # gemeente 30 = wijk A 3 + wijk B 27; wijk B 27 = buurt 20 + buurt 7.
    counts = {"gm": 30, "A": 3, "B": 27, "b1": 20, "b2": 7}
    lines = [("gm", ["A", "B"]), ("B", ["b1", "b2"])]
    assert hidden_cells(counts, lines) == {"A", "B", "b2"}


def test_tree_lines():
    assert tree_lines({"gm": ["A", "B"], "A": ["a1"], "a1": []}) == [
        ("gm", ("A", "B")),
        ("A", ("a1",)),
    ]


@st.composite
def tables(draw, small=True):
    """A rows × columns table with its row totals, column totals and grand total."""
    n_rows = draw(st.integers(1, 5))
    n_cols = draw(st.integers(1, 5))
    if small:
        cell = st.one_of(st.integers(0, 6), st.integers(0, 40))
    else:
        cell = st.one_of(st.just(0), st.integers(SMALL_CELL, 40))
    grid = [[draw(cell) for _ in range(n_cols)] for _ in range(n_rows)]
    counts = {(r, c): grid[r][c] for r in range(n_rows) for c in range(n_cols)}
    for r in range(n_rows):
        counts[(r, "total")] = sum(grid[r])
    for c in range(n_cols):
        counts[("total", c)] = sum(grid[r][c] for r in range(n_rows))
    counts[("total", "total")] = sum(sum(row) for row in grid)
    columns = [*range(n_cols), "total"]
    lines = [((r, "total"), [(r, c) for c in range(n_cols)]) for r in [*range(n_rows), "total"]]
    lines += [(("total", c), [(r, c) for r in range(n_rows)]) for c in columns]
    return counts, lines


@settings(max_examples=300, deadline=None)
@given(tables())
def test_no_line_gives_a_hidden_cell_away(table):
    counts, lines = table
    hidden = hidden_cells(counts, lines)
    assert {cell for cell, n in counts.items() if 0 < n < SMALL_CELL} <= hidden
    assert all(counts[cell] > 0 for cell in hidden)  # a zero is never hidden
    for total, parts in lines:
        assert sum(cell in hidden for cell in [total, *parts]) != 1
        if pins(counts, (total, parts), hidden):
            # Only where nothing is left to hide: four "<5" parts under a "<5" total
            # can only be 1 + 1 + 1 + 1 (see the docs, "Kleine aantallen").
            assert all(cell in hidden for cell in [total, *parts] if counts[cell])
            assert counts[total] == len(parts) - sum(counts[p] == 0 for p in parts) == 4
    assert complete(counts, lines, hidden) == hidden  # stable: nothing more to add
    assert hidden_cells(counts, lines) == hidden  # deterministic


@settings(max_examples=100, deadline=None)
@given(tables(small=False))
def test_a_table_without_small_cells_is_shown_whole(table):
    counts, lines = table
    assert hidden_cells(counts, lines) == set()


@st.composite
def trees(draw):
    """A gemeente → wijken → buurten tree whose parents sum their children (one column)."""
    counts, children = {}, {"gm": []}
    for w in range(draw(st.integers(1, 4))):
        wijk = f"wk{w}"
        children["gm"].append(wijk)
        children[wijk] = [f"{wijk}-bu{b}" for b in range(draw(st.integers(1, 5)))]
        for buurt in children[wijk]:
            counts[buurt] = draw(st.one_of(st.integers(0, 6), st.integers(0, 60)))
        counts[wijk] = sum(counts[buurt] for buurt in children[wijk])
    counts["gm"] = sum(counts[wijk] for wijk in children["gm"])
    return counts, tree_lines(children)


@settings(max_examples=300, deadline=None)
@given(trees())
def test_no_parent_gives_a_hidden_child_away(tree):
    counts, lines = tree
    hidden = hidden_cells(counts, lines)
    assert {cell for cell, n in counts.items() if 0 < n < SMALL_CELL} <= hidden
    for total, parts in lines:
        assert sum(cell in hidden for cell in [total, *parts]) != 1
        if pins(counts, (total, parts), hidden):  # only the 1 + 1 + 1 + 1 = 4 case
            assert counts[total] == 4 and sorted(counts[p] for p in parts if counts[p]) == [1] * 4
    assert complete(counts, lines, hidden) == hidden
