"""Tasks: the work of a leaf section, with the units responsible for it.

A leaf section becomes a task when it carries a responsibility clause, a target or a
deadline.  A section with several clauses gives one task per clause (each covering
the text since the previous clause).  Responsibility statements outside any leaf
section become tasks of their own sentence.
"""

from __future__ import annotations

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
    leaves = leaf_sections(sections)
    for section in leaves:
        inside = [c for c in clauses if section.start <= c.start < section.end]
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
        has_fact = any(section.start <= t.source.start < section.end for t in targets) or any(
            section.start <= d.source.start < section.end for d in deadlines)
        if has_fact:
            first = _first_sentence_end(text, section)
            source = Provenance(key, section.path, section.start, first, text[section.start : first])
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
