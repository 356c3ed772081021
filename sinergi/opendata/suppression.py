"""Small-cell suppression of a published table, so that no business or cooperative can be singled out.

The table is region rows × category columns, with row totals (when there is more than one column),
column totals and the grand total. Each cell carries its value and the number of units (businesses,
cooperatives) behind it.

* Primary: a cell with 1 to 4 units is suppressed (``THRESHOLD``); an empty cell (0) is not.
* Complementary: in every line — a row with its row total, a column with its column total, the totals
  row with the grand total — a single suppressed entry could be recomputed as the total minus the parts
  (or the total as the sum of the parts). So while some line has exactly one suppressed entry, the
  smallest other entry of that line (a part before a total, a non-zero before a zero) is suppressed too.
  Suppressions only grow, so this ends; at the end every line has none or at least two suppressed.

This protects against the "total minus parts" subtraction on each line, the attack the issue names; it is
the classic rule of statistical offices for two-way tables of counts (not an optimal-cost solver).
"""

from __future__ import annotations

from dataclasses import dataclass

THRESHOLD = 5


@dataclass(slots=True)
class Entry:
    value: float
    units: int
    suppressed: bool = False
    is_total: bool = False


@dataclass(slots=True)
class Grid:
    """``cells[i][j]`` with, when ``row_totals``, column ``-1`` the row total; the last row the column totals."""

    cells: list[list[Entry]]
    row_totals: bool

    def lines(self) -> list[list[Entry]]:
        rows = self.cells
        out: list[list[Entry]] = []
        if self.row_totals:
            out.extend(rows)  # each row with its total, the totals row with the grand total
        width = len(rows[0]) if rows else 0
        out.extend([row[j] for row in rows] for j in range(width))
        return out


def build_grid(parts: list[list[tuple[float, int]]]) -> Grid:
    """The grid of ``parts`` (rows × columns of (value, units)) with its totals added."""
    width = len(parts[0]) if parts else 0
    row_totals = width > 1
    cells: list[list[Entry]] = []
    for row in parts:
        line = [Entry(value=v, units=u) for v, u in row]
        if row_totals:
            line.append(Entry(value=sum(v for v, _u in row), units=sum(u for _v, u in row), is_total=True))
        cells.append(line)
    n = len(cells[0]) if cells else 0
    totals = [
        Entry(value=sum(r[j].value for r in cells), units=sum(r[j].units for r in cells), is_total=True)
        for j in range(n)
    ]
    cells.append(totals)
    return Grid(cells=cells, row_totals=row_totals)


def suppress(grid: Grid, *, threshold: int = THRESHOLD) -> int:
    """Mark the entries to withhold (primary, then complementary); the number of entries withheld."""
    for row in grid.cells:
        for entry in row:
            if 0 < entry.units < threshold:
                entry.suppressed = True
    lines = grid.lines()
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [e for e in line if e.suppressed]
            if len(hidden) != 1:
                continue
            others = [e for e in line if not e.suppressed]
            if not others:
                continue
            pick = min(others, key=lambda e: (e.is_total, e.value == 0, e.value))
            pick.suppressed = True
            changed = True
    return sum(e.suppressed for row in grid.cells for e in row)
