"""Small-cell suppression: no cell under 5 is shown, and none can be recomputed as a total minus parts."""

from __future__ import annotations

import random

from sinergi.opendata.suppression import THRESHOLD, Entry, Grid, build_grid, suppress


def _attack(grid: Grid) -> set[int]:
    """What an attacker learns: repeatedly, on any line with one unknown entry, solve it from the others.
    Returns the ids of suppressed entries so recovered."""
    known = {id(e) for row in grid.cells for e in row if not e.suppressed}
    learned: set[int] = set()
    progress = True
    lines = grid.lines()
    while progress:
        progress = False
        for line in lines:
            unknown = [e for e in line if id(e) not in known]
            if len(unknown) == 1:
                known.add(id(unknown[0]))
                learned.add(id(unknown[0]))
                progress = True
    return learned


def _random_parts(rng: random.Random) -> list[list[tuple[float, int]]]:
    rows, cols = rng.randint(1, 6), rng.randint(1, 5)
    parts = []
    for _r in range(rows):
        line = []
        for _c in range(cols):
            units = rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 15, 40])
            line.append((float(units), units))
        parts.append(line)
    return parts


def test_the_attack_recovers_a_lone_suppressed_cell_without_complementary_suppression():
    # The check below can fail: primary suppression alone leaks the cell through its row total.
    grid = build_grid([[(3, 3), (10, 10)], [(20, 20), (30, 30)]])
    grid.cells[0][0].suppressed = True
    assert _attack(grid) == {id(grid.cells[0][0])}


def test_random_tables_never_leak_a_small_cell():
    rng = random.Random(20260518)
    for _case in range(500):
        grid = build_grid(_random_parts(rng))
        suppress(grid)
        for row in grid.cells:
            for entry in row:
                if 0 < entry.units < THRESHOLD:
                    assert entry.suppressed
        for line in grid.lines():
            assert sum(e.suppressed for e in line) != 1
        assert _attack(grid) == set()


def test_nothing_small_nothing_withheld():
    grid = build_grid([[(10, 10), (0, 0)], [(7, 7), (5, 5)]])
    assert suppress(grid) == 0


def test_complementary_cell_is_the_smallest_part_of_the_line():
    grid = build_grid([[(2, 2), (50, 50), (9, 9)], [(30, 30), (60, 60), (8, 8)]])
    suppress(grid)
    first: list[Entry] = grid.cells[0]
    assert first[0].suppressed
    assert first[2].suppressed
    assert not first[1].suppressed
