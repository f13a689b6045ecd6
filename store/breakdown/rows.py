"""The rows of a 责任分解表 grid, typed: find the header (one or two rows, under a title),
skip blank rows, follow section rows (一、… / (二)…), and read each task row's cells.

Column headings are vocabulary (``headings.tsv`` beside this module), matched after
:func:`store.progress.cells.normalise_header` (``完成时限（年月）`` is 完成时限).  A
two-row header has group headings (责任单位) over sub-columns (牵头单位 | 配合单位): a
sub-column's heading wins over its group's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from store.breakdown.cells import split_units
from store.breakdown.read import BreakdownFormatError, Grid
from store.progress.cells import normalise_header

HEADER_SEARCH_ROWS = 6  # title rows above the header
FACT_FIELDS = ("lead", "co", "units", "deadline", "target")
_NUMERAL = "一二三四五六七八九十"
_TOP = re.compile(rf"^([{_NUMERAL}]+)[、.．]")
_SECOND = re.compile(rf"^[(（]([{_NUMERAL}]+)[)）]")


@cache
def headings() -> dict[str, str]:
    """Normalised heading → field, from ``headings.tsv``."""
    out: dict[str, str] = {}
    for line in (Path(__file__).with_name("headings.tsv")).read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            heading, name = line.split("\t")
            out[normalise_header(heading)] = name.strip()
    return out


@dataclass(frozen=True)
class BreakdownRow:
    """One task row as written: its row number, the section it sits under, its cells."""

    row: int
    section: str  # the labels of the section rows above it: 二(二)
    seq: str = ""
    path: str = ""
    document: str = ""
    task: str = ""
    lead: tuple[str, ...] = ()
    co: tuple[str, ...] = ()
    deadlines: str = ""
    targets: str = ""


def _fields(cells: list[str]) -> dict[int, str]:
    known = headings()
    return {i: known[h] for i, c in enumerate(cells) if (h := normalise_header(c)) in known}


def find_header(grid: Grid) -> tuple[int, dict[int, str]]:
    """Index of the last header row in ``grid`` and column → field.

    Raises
    ------
    BreakdownFormatError
        When none of the first rows names a task column and a unit column.
    """
    for index, (_number, cells) in enumerate(grid[:HEADER_SEARCH_ROWS]):
        columns = _fields(cells)
        if "task" not in columns.values() and "path" not in columns.values():
            continue
        if index + 1 < len(grid):
            below = _fields(grid[index + 1][1])
            # A second header row: its cells are headings too (the sub-columns).
            if below and set(below.values()) & {"lead", "co", "units", "deadline", "target"}:
                columns.update(below)
                index += 1
        if "units" in columns.values() and {"lead", "co"} & set(columns.values()):
            columns = {i: f for i, f in columns.items() if f != "units"}  # a group heading
        if not set(columns.values()) & set(FACT_FIELDS):
            raise BreakdownFormatError(f"第{grid[index][0]}行表头没有责任单位、时限或目标列 "
                                       "(the header has no unit, deadline or target column)")
        return index, columns
    raise BreakdownFormatError("前几行中没有含 工作任务/重点任务 列的表头 "
                               "(no header row with a task column in the first rows)")


def section_label(text: str, current: str) -> str | None:
    """The section path a section row opens, given the one above; ``None`` if it is none.

    >>> section_label("二、主要任务", ""), section_label("(二)建好新平台", "二(一)")
    ('二', '二(二)')
    >>> section_label("推进产业项目合作", "二") is None
    True
    """
    text = text.strip()
    if match := _TOP.match(text):
        return match.group(1)
    if match := _SECOND.match(text):
        top = re.match(rf"[{_NUMERAL}]+", current)
        return (top.group(0) if top else "") + f"({match.group(1)})"
    return None


def parse_table(grids: list[Grid]) -> list[BreakdownRow]:
    """The rows of the first grid with a header (a .docx may hold other tables first).

    Raises
    ------
    BreakdownFormatError
        When no grid has a header (the first grid's reason).
    """
    first: BreakdownFormatError | None = None
    for grid in grids:
        try:
            return parse_rows(grid)
        except BreakdownFormatError as error:
            first = first or error
    raise first or BreakdownFormatError("no table found (表格为空)")


def parse_rows(grid: Grid) -> list[BreakdownRow]:
    """The task rows below the header, each with the section it is under."""
    index, columns = find_header(grid)
    out: list[BreakdownRow] = []
    section = ""
    for number, cells in grid[index + 1:]:
        value = {f: (cells[i] if i < len(cells) else "") for i, f in columns.items()}
        filled = {v for v in cells if v}
        if not filled:
            continue
        facts = any(value.get(f) for f in FACT_FIELDS)
        opener = next((v for v in (value.get("seq", ""), value.get("task", ""), *cells) if v), "")
        label = section_label(opener, section)
        # A merged section row repeats one text in every cell, facts columns included.
        if len(filled) == 1 or (not facts and label is not None):
            section = label if label is not None else section  # a section or a note row
            continue
        lead, co = split_units(value.get("lead", "")), split_units(value.get("co", ""))
        if "units" in value:  # one 责任单位 column: the first named leads, as in the texts
            named = split_units(value["units"])
            lead, co = named[:1], named[1:]
        out.append(BreakdownRow(
            row=number, section=section, seq=value.get("seq", ""), path=value.get("path", ""),
            document=value.get("document", ""), task=value.get("task", ""), lead=tuple(lead),
            co=tuple(co), deadlines=value.get("deadline", ""), targets=value.get("target", "")))
    return out
