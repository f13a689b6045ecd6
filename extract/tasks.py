"""Tasks: the work of a leaf section, with the units responsible for it.

A leaf section becomes a task when it carries a responsibility clause, a target or a
deadline.  A section with several clauses gives one task per clause (each covering
the text since the previous clause).  Responsibility statements outside any leaf
section become tasks of their own sentence.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from extract.headings import leaf_sections, path_at
from extract.model import Deadline, Provenance, Section, Target, Task
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
