"""Tasks: the work of a leaf section, with the units responsible for it.

A leaf section becomes a task when it carries a responsibility clause, a target or a
deadline.  A section with several clauses gives one task per clause (each covering
the text since the previous clause).  Responsibility statements outside any leaf
section become tasks of their own sentence.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable, Sequence

from extract.headings import leaf_sections, path_at
from extract.model import Deadline, Provenance, Role, Section, Target, Task, UnitRef
from extract.tables import Row, Table, row_path
from extract.unit_names import is_verb_phrase, looks_like_unit, make_unit, split_unit_list
from extract.units import Clause


def build_tasks(
    text: str,
    key: str,
    sections: Sequence[Section],
    clauses: Sequence[Clause],
    targets: Sequence[Target],
    deadlines: Sequence[Deadline],
) -> tuple[Task, ...]:
    """Assemble tasks from sections and the facts found inside them.

    Parameters
    ----------
    text
        The document text (quotes are cut from it).
    key
        Document key.
    sections
        All sections.
    clauses
        Responsibility clauses and subject sentences, in document order.
    targets, deadlines
        Facts that make a leaf section without a clause a task.

    Returns
    -------
    tuple of Task
        In document order.
    """
    tasks: list[Task] = []
    used: set[int] = set()
    clause_starts = [c.start for c in clauses]
    fact_starts = sorted([t.source.start for t in targets] + [d.source.start for d in deadlines])
    for section in leaf_sections(sections):
        first = bisect.bisect_left(clause_starts, section.start)
        last = bisect.bisect_left(clause_starts, section.end)
        inside = list(clauses[first:last])
        begin = section.start
        for clause in inside:
            used.add(id(clause))
            source = Provenance(key, section.path, clause.start, clause.end,
                                text[clause.start : clause.end])
            end = max(clause.end, begin)
            tasks.append(Task(section.path, text[begin:end], clause.units, begin, end, source))
            begin = end
        if inside:
            continue
        at = bisect.bisect_left(fact_starts, section.start)
        if at < len(fact_starts) and fact_starts[at] < section.end:
            stop = _first_sentence_end(text, section)
            source = Provenance(key, section.path, section.start, stop, text[section.start : stop])
            tasks.append(Task(section.path, text[section.start : section.end], (), section.start,
                              section.end, source))
    for clause in clauses:
        if id(clause) in used:
            continue
        path = path_at(sections, clause.start)
        source = Provenance(key, path, clause.start, clause.end, text[clause.start : clause.end])
        tasks.append(Task(path, source.quote, clause.units, clause.start, clause.end, source))
    tasks.sort(key=lambda t: t.start)
    return tuple(tasks)


def _first_sentence_end(text: str, section: Section) -> int:
    body = text[section.start : section.end]
    stops = [i for i in (body.find("。"), body.find("\n")) if i >= 0]
    return section.start + (min(stops) + (1 if stops and body[min(stops)] == "。" else 0) if stops else len(body))


def table_tasks(
    text: str, key: str, tables: Sequence[Table], sections: Sequence[Section],
) -> tuple[list[Task], list[Section]]:
    """One task per table row, under the path of the plan item the row refers to.

    Returns
    -------
    (tasks, row sections)
        The row sections (not part of the document's outline) give facts read inside a
        row the row's path.
    """
    tasks: list[Task] = []
    rows: list[Section] = []
    for table in tables:
        for index, row in enumerate(table.rows, start=1):
            number = row.cells.get("number")
            path = row_path(row, sections, number.text.strip() if number else str(index))
            units = _row_units(text, row, table.first_unit_leads)
            quote = text[row.start : row.end]
            rows.append(Section(path, path, 9, quote[:40], row.start, row.end, "table"))
            if units:
                tasks.append(Task(path, quote, units, row.start, row.end,
                                  Provenance(key, path, row.start, row.end, quote)))
    return tasks, rows


def _row_units(text: str, row: Row, first_leads: bool) -> tuple[UnitRef, ...]:
    units: list[UnitRef] = []
    seen: set[str] = set()
    has_lead = "lead" in row.cells
    for role_key in ("lead", "units", "co"):
        cell = row.cells.get(role_key)
        if cell is None:
            continue
        for s, e in _cell_items(text, cell.start, cell.end):
            # "市发改委（牵头）" / "市发改委牵头" / "市财政局配合" inside a cell mark the role.
            marker = _ROLE_MARK.search(text, s, e)
            e = marker.start() if marker and marker.start() > s else e
            raw = text[s:e]
            if not looks_like_unit(raw) and (is_verb_phrase(raw) or len(raw) > 15):
                continue
            role: Role = "lead" if role_key == "lead" else "co"
            if role_key == "units" and not has_lead and first_leads and not units:
                role = "lead"
            if marker:
                role = "lead" if "牵头" in marker.group(0) else "co"
            unit = make_unit(raw, role)
            if unit.name not in seen:
                seen.add(unit.name)
                units.append(unit)
    return tuple(units)


_ROLE_MARK = re.compile(r"\s*[(（]?\s*(?:牵头|配合|参与)\s*[)）]?$")


def _cell_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Units of a cell: a list split at 、,; and at spaces between names."""
    items: list[tuple[int, int]] = []
    for s, e in split_unit_list(text[start:end], start):
        begin = s
        for gap in re.finditer(r"\s+", text[s:e]):
            items.append((begin, s + gap.start()))
            begin = s + gap.end()
        items.append((begin, e))
    return [(s, e) for s, e in items if e > s]


def merge_by_path(text: str, tasks: Sequence[Task],
                  secondary: Callable[[Task], bool] = lambda task: False) -> tuple[Task, ...]:
    """One task per path: units of every task under a path, in order, without repeats.

    The store keeps one task per (document, path); a section with several clauses,
    or a plan item and the table rows that refer to it, become one task.  Adjacent
    spans are joined; a distant one (a table row) only adds its units.  A task for
    which ``secondary`` is true (a subject sentence) yields the lead place and the
    source to the others (the responsibility clause).
    """
    merged: dict[str, Task] = {}
    for task in sorted(tasks, key=lambda t: (secondary(t), t.start)):
        first = merged.get(task.path)
        if first is None:
            merged[task.path] = task
            continue
        names = {u.name for u in first.units}
        extra = tuple(u for u in task.units if u.name not in names)
        start, end = first.start, first.end
        if task.start <= end + 2 and task.end >= start - 2:
            start, end = min(start, task.start), max(end, task.end)
        merged[task.path] = dataclasses.replace(first, units=first.units + extra, start=start,
                                                end=end, text=text[start:end])
    return tuple(sorted(merged.values(), key=lambda t: t.start))


def spread_group_clauses(tasks: Sequence[Task], sections: Sequence[Section],
                         text: str) -> list[Task]:
    """A clause closing a run of numbered items covers each item of the run.

    "以上…责任单位:…" after items, or a responsibility clause alone on its own line
    after the last of several numbered items (1. / (1)) none of which names a unit.
    """
    by_path = {t.path: t for t in tasks}
    leaves = leaf_sections(sections)
    result = list(tasks)
    for task in tasks:
        if not task.units:
            continue
        quote = task.source.quote
        line_start = text.rfind("\n", 0, task.source.start) + 1
        alone = not text[line_start : task.source.start].strip()
        # "以上…责任单位:…" or "以上工作由X负责" on the line closing the run.
        explicit = (quote.lstrip("(（ ").startswith("以上")
                    or text[line_start : task.source.start].lstrip(" \t(（").startswith("以上"))
        section = next((s for s in leaves if s.path == task.path), None)
        if section is None or not (explicit or (alone and section.level >= 3)):
            continue
        siblings = [s for s in leaves if s.level == section.level
                    and s.path[: -len(s.label)] == section.path[: -len(section.label)]
                    and s.start < section.start]
        run: list[Section] = []
        for sibling in reversed(siblings):
            owner = by_path.get(sibling.path)
            if owner is not None and owner.units:
                break
            run.append(sibling)
        for sibling in run:
            body = text[sibling.start : sibling.end]
            result.append(Task(sibling.path, body, task.units, sibling.start, sibling.end,
                               task.source))
    return result


def standing_tasks(text: str, key: str, sections: Sequence[Section],
                   standing: Sequence[tuple[int, tuple[UnitRef, ...]]],
                   listed: set[str]) -> list[Task]:
    """Tasks giving "以下均需X落实,不再列出" units to every later item of the plan that has
    a unit list of its own (``listed`` paths): the clause stands in for those lists."""
    tasks: list[Task] = []
    leaves = leaf_sections(sections)
    for position, units in standing:
        part = next((s.part for s in reversed(sections) if s.start <= position), "")
        source = Provenance(key, path_at(sections, position), position, position, "")
        for leaf in leaves:
            if leaf.end > position and leaf.part == part and leaf.path in listed:
                tasks.append(Task(leaf.path, text[leaf.start : leaf.end], units, leaf.start,
                                  leaf.end, source))
    return tasks
