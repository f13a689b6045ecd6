"""Tables written as text: one row per line, cells separated by a tab or 2+ spaces.

A 任务分工表 / 责任分解表 has a header row naming its columns (序号, 重点任务, 牵头单位,
配合单位, 完成时限 …); every later row is a task.  A cell spanning several rows is written
once and left empty in the rows below it, so empty cells take the value above them.
Column names are data (``extract/data/table_columns.txt``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from pathlib import Path

from extract.model import Section
from extract.numerals import to_int

_DATA = Path(__file__).with_name("data") / "table_columns.txt"
_TAB_ROW = re.compile(r"\t")
_SPACED = re.compile(r"\S(?:\s{2,}|\u3000+)\S")
_CELL_SPLIT = re.compile(r"\t| {2,}|\u3000+")


@dataclass(frozen=True)
class Cell:
    """A cell's text and its span (the span of the cell it was filled down from, if empty)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Row:
    """One table row: its line span and its cells keyed by column role."""

    start: int
    end: int
    cells: dict[str, Cell]


@dataclass(frozen=True)
class Table:
    """A table: span, column roles in order, and its rows (cells filled down)."""

    start: int
    end: int
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    first_unit_leads: bool  # a note says the first responsible unit is the lead


@cache
def column_roles() -> tuple[tuple[str, str], ...]:
    """(role, header word) pairs from the data file, longest words first.

    >>> dict((w, r) for r, w in column_roles())["牵头单位"]
    'lead'
    """
    pairs: list[tuple[str, str]] = []
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        role, words = line.split(":", 1)
        pairs.extend((role.strip(), w.strip()) for w in words.split(",") if w.strip())
    return tuple(sorted(pairs, key=lambda p: -len(p[1])))


def column_role(header: str) -> str | None:
    """The role of a header cell (``number``, ``task``, ``lead``, ``co``, ``units``,
    ``deadline``, ``target``, ``ignore``), or None.

    >>> column_role("完成时限"), column_role("主要责任单位"), column_role("任务来源")
    ('deadline', 'units', 'ignore')
    """
    name = re.sub(r"\s+", "", header)
    for role, word in column_roles():
        if word in name:
            return role
    return None


def _cells(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    begin = start
    for sep in _CELL_SPLIT.finditer(folded, start, end):
        spans.append((begin, sep.start()))
        begin = sep.end()
    spans.append((begin, end))
    return [(s + len(folded[s:e]) - len(folded[s:e].lstrip()), s + len(folded[s:e].rstrip()))
            for s, e in spans]


def _is_row(line: str) -> bool:
    return bool(_TAB_ROW.search(line.strip("\t "))) or len(_SPACED.findall(line)) >= 2


def find_tables(folded: str) -> list[tuple[int, int]]:
    """Spans of tables: a header row naming known columns and the rows below it.

    >>> t = "标题\\n序号\\t重点任务\\t牵头单位\\n1\\t建设\\t市发改委\\n正文。"
    >>> [t[s:e] for s, e in find_tables(t)]
    ['序号\\t重点任务\\t牵头单位\\n1\\t建设\\t市发改委']
    """
    return [(t.start, t.end) for t in read_tables(folded)]


def read_tables(folded: str) -> list[Table]:
    """Read every table of ``folded`` (the document, masked and folded).

    Returns
    -------
    list of Table
        Rows keep their line spans; empty cells are filled from the row above.
    """
    return list(_read_tables(folded))


@lru_cache(maxsize=4)  # the anatomy and the pipeline ask for the same text's tables
def _read_tables(folded: str) -> tuple[Table, ...]:
    tables: list[Table] = []
    lines: list[tuple[int, int]] = []
    offset = 0
    for line in folded.split("\n"):
        lines.append((offset, offset + len(line)))
        offset += len(line) + 1
    index = 0
    while index < len(lines):
        s, e = lines[index]
        header = _header(folded, s, e)
        if header is None:
            index += 1
            continue
        rows: list[Row] = []
        previous: dict[str, Cell] = {}
        last = e
        index += 1
        while index < len(lines):
            rs, re_ = lines[index]
            if not folded[rs:re_].strip():
                index += 1
                continue
            if not _is_row(folded[rs:re_]) and not _continues(folded, rs, re_):
                break
            row = _row(folded, rs, re_, header, previous)
            rows.append(row)
            previous = row.cells
            last = re_
            index += 1
        if rows:
            note = folded[last : last + 200]
            leads = bool(re.search(r"第一个?(?:单位)?为牵头单位|排(?:在)?第一(?:位)?的?为牵头", note))
            tables.append(Table(s, last, tuple(header), tuple(rows), leads))
    return tuple(tables)


def _continues(folded: str, start: int, end: int) -> bool:
    """A row with a single cell (its other cells empty) still has a leading tab."""
    return "\t" in folded[start:end]


def _header(folded: str, start: int, end: int) -> list[str] | None:
    line = folded[start:end]
    if not _is_row(line):
        return None
    roles = [column_role(folded[s:e]) or "ignore" for s, e in _cells(folded, start, end)]
    known = [r for r in roles if r != "ignore"]
    # A header names the work and who does it (or a number and the work).
    if "task" in known and ({"lead", "units", "co"} & set(known) or "number" in known):
        return roles
    return None


def _row(folded: str, start: int, end: int, header: list[str], previous: dict[str, Cell]) -> Row:
    spans = _cells(folded, start, end)
    filled = [i for i, (s, e) in enumerate(spans) if e > s]
    last = filled[-1] if filled else -1
    cells: dict[str, Cell] = {}
    keys: list[str] = []
    for position, role in enumerate(header):
        key = role if role not in keys else f"{role}{position}"
        keys.append(key)
        if position < len(spans) and spans[position][1] > spans[position][0]:
            s, e = spans[position]
            cells[key] = Cell(folded[s:e], s, e)
        elif key in previous and position < last:
            # A cell spanning rows applies to each; an empty cell at the row's end is
            # just empty (a row with no 配合单位).
            cells[key] = previous[key]
    return Row(start, end, cells)


def row_path(row: Row, sections: Sequence[Section], fallback: str) -> str:
    """The path of the plan item a row refers to: by its text, else by its 序号.

    Parameters
    ----------
    row
        A table row.
    sections
        The plan's sections.
    fallback
        The row's 序号 (``表/<序号>`` is returned when nothing matches).

    Examples
    --------
    >>> s = [Section("一", "一", 1, "加快园区建设", 0, 9), Section("二", "二", 1, "优化服务", 10, 20)]
    >>> row = Row(30, 40, {"number": Cell("2", 30, 31), "task": Cell("优化政务服务", 32, 38)})
    >>> row_path(row, s, "2")
    '二'
    >>> row_path(Row(0, 1, {"number": Cell("9", 0, 1)}), s, "9")
    '表/9'
    """
    # Every text column is tried (重点任务 names a group, 具体措施 the item); the best
    # match wins, and on a tie the deeper item.
    best: tuple[float, int, str] | None = None
    for cell_role, cell in row.cells.items():
        if not cell_role.startswith("task"):
            continue
        wanted = _bare(cell.text)
        for section in sections:
            score = _similarity(wanted, _bare(section.heading))
            if score >= 0.6 and (best is None or (score, section.level) > best[:2]):
                best = (score, section.level, section.path)
    if best is not None:
        return best[2]
    number = row.cells.get("number")
    if number is not None:
        value = to_int(number.text.strip())
        if value is not None:
            for section in sections:
                if to_int(section.label.strip("()")) == value and section.level == _top(sections):
                    return section.path
    return f"表/{fallback}"


def _top(sections: Sequence[Section]) -> int:
    return min((s.level for s in sections), default=1)


def _bare(value: str) -> str:
    return re.sub(r"^[\s\d一二三四五六七八九十()、.]+|[\s,。;:、\"“”]", "", value)


def _similarity(wanted: str, heading: str) -> float:
    """Share of the row's words found in the heading (longest common block, both ways)."""
    if not wanted or not heading:
        return 0.0
    matcher = SequenceMatcher(None, wanted, heading, autojunk=False)
    common = sum(block.size for block in matcher.get_matching_blocks())
    if len(heading) >= 4 and heading in wanted:
        return 0.9  # the item's heading, written out in the row with more words
    if len(wanted) <= len(heading):
        return common / len(wanted) if len(wanted) >= 4 else 0.0
    return common / len(heading) if len(heading) >= 6 else 0.0
