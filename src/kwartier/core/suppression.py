"""Which cells of a table to hide so that no small count can be seen or worked back. Pure.

*Primary* suppression hides every count from 1 to SMALL_CELL - 1 ("<5"). That is not
enough where the same page shows a total: with wijk 23 and its buurten 20 and "<5", the
hidden buurt is 3. So tables also get *secondary* (complementary) suppression, as CBS does
for its published tables: a *line* is a total and the parts that add up to it, and in
every line a reader must not be able to work any hidden cell out to a single value.

What the reader knows of a hidden cell: shown as "<5" it is 1..4; shown as the
complementary marker it is nonzero and not small, so at least SMALL_CELL (zeros are never
hidden: 0 reveals nobody). With those bounds and the shown cells of a line, a hidden cell
is *pinned* when its possible values shrink to one. A line with a single hidden cell is
the plain case; "<5" next to one complementary cell with a line sum of 6 is another
(the only way is 1 + 5).

While some line pins a cell, the smallest nonzero cell of that line that is still shown
is hidden as well (parts before the total, then the order given: deterministic), and all
lines are checked again, since a cell hidden for one line can leave another exposed.
Where nothing nonzero is left to hide, a line stays as it is: four "<5" buurten under a
"<5" wijk can only be 1 + 1 + 1 + 1 (docs/privacy.md, "Kleine aantallen", Limits).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence

SMALL_CELL = 5  # fewer than this many people is shown as "<5", so no one is singled out
MARKER = "x"  # a cell hidden so that a small count elsewhere cannot be worked back

Line = tuple[Hashable, Sequence[Hashable]]  # (total, the parts that add up to it)


def is_small(count: int, small_cell: int = SMALL_CELL) -> bool:
    return 0 < count < small_cell


def shown(count: int, hidden: bool, small_cell: int = SMALL_CELL) -> str:
    """A count as text: "<5" for a small one, the marker for a complementary one."""
    if not hidden:
        return str(count)
    return f"<{small_cell}" if count < small_cell else MARKER


def hidden_cells(
    counts: Mapping[Hashable, int],
    lines: Iterable[Line],
    small_cell: int = SMALL_CELL,
    keep: Collection[Hashable] = (),
) -> set[Hashable]:
    """The cells to hide: every small count, plus companions until no line pins a cell.

    `counts` holds every cell of the table; `lines` name the totals shown with their parts;
    cells in `keep` are published elsewhere (say, the number of ballots) and never hidden.
    """
    primary = {cell for cell, n in counts.items() if is_small(n, small_cell)}
    return complete(counts, lines, primary, small_cell, keep)


def complete(
    counts: Mapping[Hashable, int],
    lines: Iterable[Line],
    hidden: Collection[Hashable],
    small_cell: int = SMALL_CELL,
    keep: Collection[Hashable] = (),
) -> set[Hashable]:
    """`hidden` plus the companions the lines need (unchanged when it is already safe)."""
    hidden = set(hidden)
    lines = [(total, tuple(parts)) for total, parts in lines]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if pins(counts, line, hidden, small_cell):
                companion = _companion(counts, line, hidden, keep)
                if companion is not None:
                    hidden.add(companion)
                    changed = True
    return hidden


def _bounds(count: int, small_cell: int) -> tuple[float, float]:
    """What a reader knows of a hidden cell from its marker."""
    return (1, small_cell - 1) if count < small_cell else (small_cell, math.inf)


def pins(
    counts: Mapping[Hashable, int],
    line: Line,
    hidden: Collection[Hashable],
    small_cell: int = SMALL_CELL,
) -> bool:
    """Whether the line, with the shown cells and the markers' bounds, fixes a hidden cell.

    The line says total - sum(parts) = 0; as sum(sign * cell) over the hidden cells it
    equals `known`, the negated sum over the shown ones. For each hidden cell the others'
    bounds give the range it can take; a range of one value (or none) pins it.
    """
    total, parts = line
    terms = [(total, 1)] + [(part, -1) for part in parts]
    unknown = [(cell, sign) for cell, sign in terms if cell in hidden]
    if not unknown:
        return False
    known = -sum(sign * counts[cell] for cell, sign in terms if cell not in hidden)
    for i, (cell, sign) in enumerate(unknown):
        low, high = _bounds(counts[cell], small_cell)
        least = most = 0.0  # range of the other hidden terms' sum
        for j, (other, other_sign) in enumerate(unknown):
            if j != i:
                lo, hi = _bounds(counts[other], small_cell)
                least += lo if other_sign > 0 else -hi
                most += hi if other_sign > 0 else -lo
        # sign * cell = known - others
        if sign > 0:
            low, high = max(low, known - most), min(high, known - least)
        else:
            low, high = max(low, least - known), min(high, most - known)
        if low >= high:
            return True
    return False


def _companion(counts, line: Line, hidden, keep) -> Hashable | None:
    """The smallest nonzero shown cell of the line, parts before the total."""
    total, parts = line
    candidates = [
        (counts[cell], position, cell)
        for position, cell in enumerate([*parts, total])
        if counts[cell] > 0 and cell not in hidden and cell not in keep
    ]
    return min(candidates, key=lambda c: c[:2])[2] if candidates else None


def tree_lines(children: Mapping[Hashable, Sequence[Hashable]]) -> list[Line]:
    """The lines of a hierarchy (a parent is the sum of its children): parent → children."""
    return [(parent, tuple(kids)) for parent, kids in children.items() if kids]


def adding_up(counts: Mapping[Hashable, int], lines: Iterable[Line]) -> list[Line]:
    """The lines whose parts add up to their total.

    For a breakdown that need not cover its whole total (outcomes, where not every ended
    trajectory has one): where it falls short, a reader knows only that the parts are at
    most the total, and with a shortfall of one or more that never pins a hidden part.
    Where it does add up, the reader may assume so, and it is a line.
    """
    return [
        (total, parts)
        for total, parts in lines
        if counts[total] == sum(counts[part] for part in parts)
    ]
