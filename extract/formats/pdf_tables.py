"""Ruled tables in a PDF page: cells from the drawn borders, text from the characters.

A PDF has no table, only strokes and characters.  Thin rectangles and lines are the
borders; their x positions are the column edges and their y positions the row edges.  A
border missing between two grid cells merges them (a 重点任务 cell spanning several rows);
the merged region's text goes to its top-left cell and the others stay empty, as in the
other formats.  Each character goes to the cell holding its centre, so cells that the
layout analysis ran together on one line come apart; a cell's lines are joined without a
space when the line above reached the cell's right edge (a wrap), else with a space.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from extract.formats.tables import Cell, render_rows

_THIN = 2.0  # points: a rectangle this thin is a border stroke
_TOUCH = 2.5  # points: strokes this close belong to one table


@dataclass(frozen=True)
class Segment:
    """A border stroke: horizontal when ``y0 == y1`` after thinning, else vertical."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) > (self.y1 - self.y0)


@dataclass
class Table:
    """A grid: column edges left to right, row edges top to bottom (PDF y, descending)."""

    xs: list[float]
    ys: list[float]
    segments: list[Segment]
    open_top: bool = False  # the column strokes run above the top border
    open_bottom: bool = False  # … or below the bottom one: the page cut a row

    chars: dict[tuple[int, int], list[tuple[float, float, float, float, str]]] = field(
        default_factory=dict)

    def contains(self, x: float, y: float) -> bool:
        return self.xs[0] - 1 <= x <= self.xs[-1] + 1 and self.ys[-1] - 1 <= y <= self.ys[0] + 1

    def cell_of(self, x: float, y: float) -> tuple[int, int]:
        column = min(max(bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        descending = [-edge for edge in self.ys]
        row = min(max(bisect_right(descending, -y) - 1, 0), len(self.ys) - 2)
        return row, column


def segments(layout: Any) -> list[Segment]:
    """Border strokes of a page: thin rectangles, lines, and the edges of stroked boxes."""
    from pdfminer.layout import LTCurve, LTLine, LTRect

    found = []
    for element in layout:
        if not isinstance(element, (LTRect, LTLine, LTCurve)):
            continue
        x0, y0, x1, y1 = element.bbox
        if (x1 - x0) <= _THIN or (y1 - y0) <= _THIN or isinstance(element, LTLine):
            found.append(Segment(x0, y0, x1, y1))
        elif isinstance(element, LTRect) and element.stroke:
            found += [Segment(x0, y0, x1, y0), Segment(x0, y1, x1, y1),
                      Segment(x0, y0, x0, y1), Segment(x1, y0, x1, y1)]
    return found


def _touch(a: Segment, b: Segment) -> bool:
    return not (a.x1 + _TOUCH < b.x0 or b.x1 + _TOUCH < a.x0
                or a.y1 + _TOUCH < b.y0 or b.y1 + _TOUCH < a.y0)


def _edges(values: list[float]) -> list[float]:
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _TOUCH:
            edges.append(value)
    return edges


def find_tables(strokes: list[Segment]) -> list[Table]:
    """Group touching strokes; a group with at least two column and two row edges is a grid.

    >>> box = [Segment(0, 0, 100, 1), Segment(0, 50, 100, 51), Segment(0, 0, 1, 51),
    ...        Segment(99, 0, 100, 51), Segment(49, 0, 50, 51)]
    >>> [(t.xs, t.ys) for t in find_tables(box)]
    [([0.5, 49.5, 99.5], [50.5, 0.5])]
    """
    groups: list[list[Segment]] = []
    for stroke in strokes:
        joined = [g for g in groups if any(_touch(stroke, other) for other in g)]
        merged = [stroke, *(s for g in joined for s in g)]
        groups = [g for g in groups if g not in joined] + [merged]
    tables = []
    for group in groups:
        xs = _edges([(s.x0 + s.x1) / 2 for s in group if not s.horizontal])
        ys = _edges([(s.y0 + s.y1) / 2 for s in group if s.horizontal])
        verticals = [s for s in group if not s.horizontal]
        if len(xs) < 2 or not ys or not verticals:
            continue
        # A table broken over pages has no border where the page cut it: the column strokes
        # run past the last border, and that strip is a (part) row too.
        top, bottom = max(s.y1 for s in verticals), min(s.y0 for s in verticals)
        open_top, open_bottom = top > ys[-1] + _TOUCH, bottom < ys[0] - _TOUCH
        if open_top:
            ys.append(top)
        if open_bottom:
            ys.insert(0, bottom)
        if len(ys) >= 2:
            tables.append(Table(xs, ys[::-1], group, open_top, open_bottom))
    return tables


def _bordered(table: Table, *, horizontal: bool, at: float, low: float, high: float) -> bool:
    middle = (low + high) / 2
    for s in table.segments:
        if s.horizontal != horizontal:
            continue
        if horizontal and abs((s.y0 + s.y1) / 2 - at) <= _TOUCH and s.x0 - 1 <= middle <= s.x1 + 1:
            return True
        if not horizontal and abs((s.x0 + s.x1) / 2 - at) <= _TOUCH \
                and s.y0 - 1 <= middle <= s.y1 + 1:
            return True
    return False


def _regions(table: Table) -> dict[tuple[int, int], tuple[int, int]]:
    """Each grid cell's region root (its merged region's top-left cell)."""
    rows, columns = len(table.ys) - 1, len(table.xs) - 1
    root = {(r, c): (r, c) for r in range(rows) for c in range(columns)}

    def find(cell: tuple[int, int]) -> tuple[int, int]:
        while root[cell] != cell:
            cell = root[cell]
        return cell

    def union(a: tuple[int, int], b: tuple[int, int]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            root[max(ra, rb)] = min(ra, rb)

    for r in range(rows):
        for c in range(columns):
            if r + 1 < rows and not _bordered(table, horizontal=True, at=table.ys[r + 1],
                                               low=table.xs[c], high=table.xs[c + 1]):
                union((r, c), (r + 1, c))
            if c + 1 < columns and not _bordered(table, horizontal=False, at=table.xs[c + 1],
                                                  low=table.ys[r + 1], high=table.ys[r]):
                union((r, c), (r, c + 1))
    return {cell: find(cell) for cell in root}


def _cell_text(chars: list[tuple[float, float, float, float, str]], right: float) -> str:
    lines: list[list[tuple[float, float, float, float, str]]] = []
    for char in sorted(chars, key=lambda ch: (-round(ch[1] / 3), ch[0])):
        if lines and abs(lines[-1][0][1] - char[1]) <= 0.5 * (char[3] - char[1] or 10):
            lines[-1].append(char)
        else:
            lines.append([char])
    text = ""
    for index, line in enumerate(lines):
        part = "".join(ch[4] for ch in line).strip()
        if index:
            previous = lines[index - 1]
            size = previous[-1][3] - previous[-1][1] or 10
            text += "" if previous[-1][2] >= right - 1.5 * size else " "
        text += part
    return text


def table_lines(table: Table) -> list[tuple[float, str, bool, bool]]:
    """(top y, tab-separated line, open at the top, open at the bottom) for each row.

    A row open at the bottom of one page and one open at the top of the next are the two
    halves of a row the page break cut.
    """
    regions = _regions(table)
    rows, columns = len(table.ys) - 1, len(table.xs) - 1
    texts: dict[tuple[int, int], list[tuple[float, float, float, float, str]]] = {}
    for cell, chars in table.chars.items():
        texts.setdefault(regions[cell], []).extend(chars)
    out = []
    for r in range(rows):
        row = []
        for c in range(columns):
            region = regions[(r, c)]
            if region != (r, c):
                row.append(Cell(""))
                continue
            right = max(table.xs[c2 + 1] for (r2, c2), root in regions.items() if root == region)
            row.append(Cell(_cell_text(texts.get(region, []), right)))
        for line in render_rows([row]):
            out.append((table.ys[r], line, r == 0 and table.open_top,
                        r == rows - 1 and table.open_bottom))
    return out
