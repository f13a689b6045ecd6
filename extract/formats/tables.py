"""Rendering a table grid as text: one row per line, cells separated by tabs."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A cell this long, or with this many lines, is page layout (a table holding the whole
# article), not a table of the document: its lines are kept as they are.
_LAYOUT_CHARS = 1000
_LAYOUT_LINES = 8


@dataclass
class Cell:
    """One cell as written: its text and how many rows and columns it covers."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def cell_line(text: str) -> str:
    """A cell's text on one line: its lines joined by a space, tabs made spaces.

    >>> cell_line(" 县财政局\\n县商务局 \\t")
    '县财政局 县商务局'
    """
    return re.sub(r"[ \t\u3000\xa0]*\n[ \t\u3000\xa0\n]*", " ", text.strip()).replace("\t", " ")


def render_rows(rows: list[list[Cell]], *, layout: bool = False) -> list[str]:
    """Lines for a table: spans expanded into empty cells, layout rows kept as blocks.

    >>> render_rows([[Cell("序号"), Cell("任务"), Cell("牵头单位")],
    ...              [Cell("1", rowspan=2), Cell("修路"), Cell("县交通局", rowspan=2)],
    ...              [Cell("建桥")]])
    ['序号\\t任务\\t牵头单位', '1\\t修路\\t县交通局', '\\t建桥\\t']
    >>> render_rows([[Cell("合计", colspan=2), Cell("3")]])
    ['合计\\t\\t3']
    """
    lines: list[str] = []
    covered: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    for row in rows:
        grid: list[str] = []
        spanned_into = 0

        def passes(column: int) -> bool:
            """Whether the column is covered from above (and, if so, use up one row of it)."""
            if covered.get(column, 0) > 0:
                covered[column] -= 1
                return True
            return False

        for cell in row:
            while passes(len(grid)):
                grid.append("")
                spanned_into += 1
            column = len(grid)
            grid.append(cell.text)
            grid.extend("" for _ in range(cell.colspan - 1))
            if cell.rowspan > 1:
                for spanned in range(column, column + cell.colspan):
                    covered[spanned] = cell.rowspan - 1
        last = max((c for c, rows_left in covered.items() if rows_left > 0), default=-1)
        while len(grid) <= last:
            spanned_into += passes(len(grid))
            grid.append("")
        # A row of one cell is layout or a caption: its lines stand alone.
        lines.extend(_row_lines(grid, alone=layout or (len(row) == 1 and not spanned_into)))
    return lines


def _labelled(grid: list[str]) -> list[str] | None:
    """A row of label/value pairs (``发布机构：`` | ``青湖县人民政府``) as one line per pair.

    Page metadata tables are laid out so; each pair reads as the ``key：value`` line it is.

    >>> _labelled(["索引号：", "001", "发布机构：", "青湖县人民政府"])
    ['索引号：001', '发布机构：青湖县人民政府']
    >>> _labelled(["序号", "任务"]) is None
    True
    >>> _labelled(["标题：", "关于修路的通知", "", ""])
    ['标题：关于修路的通知']
    """
    if len(grid) < 2 or len(grid) % 2:
        return None
    pairs = [(cell_line(label), cell_line(value)) for label, value in zip(grid[0::2], grid[1::2],
                                                                         strict=True)]
    pairs = [(label, value) for label, value in pairs if label or value]
    if not pairs or not all(label.endswith((":", "：")) for label, _ in pairs):
        return None
    return [label + value for label, value in pairs]


def _row_lines(grid: list[str], *, alone: bool) -> list[str]:
    if not any(text.strip() for text in grid):
        return []
    labelled = _labelled(grid)
    if labelled is not None:
        return labelled
    filled = [text for text in grid if text.strip()]
    if alone or any(
        len(text) > _LAYOUT_CHARS or text.count("\n") >= _LAYOUT_LINES for text in filled
    ):
        return [line for text in filled for line in text.strip().split("\n")]
    return ["\t".join(cell_line(text) for text in grid)]
