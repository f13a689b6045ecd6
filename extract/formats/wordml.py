"""The body of a .docx (WordprocessingML) as text lines, in document order.

Each paragraph is one line, so a 公文 header laid out as separate paragraphs (发文机关标志,
文号, 标题) stays separate lines.  Text boxes anchored in a paragraph come before it.  A
table is one row per line with tab-separated cells: a cell continuing a vertical merge is
empty, a cell spanning columns is followed by empty cells, so columns stay aligned.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from extract.formats.numbering import Numbering
from extract.formats.tables import Cell, render_rows

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_BOX = f".//{_W}txbxContent"


def body_lines(body: Any, numbering: Numbering | None = None) -> list[str]:
    """Lines of a document body element (``document.element.body``, an lxml element).

    With ``numbering`` (:func:`extract.formats.numbering.read_numbering`), paragraphs
    numbered by Word lists get their printed numbers.
    """
    return list(_block_lines(body, numbering or Numbering()))


def _block_lines(container: Any, numbering: Numbering) -> Iterator[str]:
    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            for box in child.iterfind(_TEXT_BOX):
                yield from _block_lines(box, numbering)
            yield numbering.label(child) + paragraph_text(child)
        elif child.tag == f"{_W}tbl":
            yield from render_rows(_table_rows(child, numbering))
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            inner = child.find(f"{_W}sdtContent") if child.tag == f"{_W}sdt" else child
            if inner is not None:
                yield from _block_lines(inner, numbering)


def paragraph_text(paragraph: Any) -> str:
    """A paragraph's visible text: runs (hyperlinks and fields included).

    A line break is a new line (a title broken by hand, or items a converted page set apart
    only by breaks); a tab is a space, because tabs in the text separate table cells.  Text
    boxes and deleted revisions are left out.
    """
    parts: list[str] = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}txbxContent",
                               f"{_W}del"):
        if _inside(node, paragraph, (f"{_W}txbxContent", f"{_W}del")):
            continue
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append(" ")
        elif node.get(f"{_W}type") != "page":  # a page break is layout
            parts.append("\n")
    return "".join(parts)


def _inside(node: Any, stop: Any, tags: tuple[str, ...]) -> bool:
    current = node
    while current is not None and current is not stop:
        if current.tag in tags:
            return True
        current = current.getparent()
    return False


def _table_rows(table: Any, numbering: Numbering) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for row in table.iterfind(f"{_W}tr"):
        cells = [Cell("") for _ in range(_val(row.find(f"{_W}trPr/{_W}gridBefore"), 0))]
        for cell in row.iterfind(f"{_W}tc"):
            span = _val(cell.find(f"{_W}tcPr/{_W}gridSpan"), 1)
            merge = cell.find(f"{_W}tcPr/{_W}vMerge")
            continues = merge is not None and merge.get(f"{_W}val", "continue") == "continue"
            text = "" if continues else "\n".join(_block_lines(cell, numbering))
            cells.append(Cell(text, colspan=max(1, span)))
        rows.append(cells)
    return rows


def _val(element: Any, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(f"{_W}val"))
    except (TypeError, ValueError):
        return default
