"""The document outline: sections → tasks → units → deadlines."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.asof import AsOfContext
from graph.build import PART_OF
from graph.kinds import of_document
from graph.obligations import owners_of
from graph.quotes import quote_of
from graph.rows import ObligationRow, assessed_rows, document_label, obligation_row
from graph.selection import resolve_document


@dataclass(frozen=True)
class OutlineTask:
    """A task in the outline: its owners (lead first) and its obligation instances."""

    path: str
    text: str
    quote: str
    owners: list[tuple[str, str]]  # (name, role)
    obligations: list[ObligationRow]


@dataclass
class OutlineSection:
    """A heading and what hangs under it."""

    path: str
    heading: str
    level: int
    tasks: list[OutlineTask] = field(default_factory=list)
    children: list[OutlineSection] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentOutline:
    """What the outline widget shows."""

    label: str
    key: str
    number: str | None
    title: str | None
    issued_on: str | None
    sections: list[OutlineSection]
    loose_tasks: list[OutlineTask]  # tasks not under any section (rare)
    task_count: int


def _set_levels(sections: list[OutlineSection], level: int) -> None:
    """Nesting depth from the tree (the graph keeps no level on Section nodes)."""
    for section in sections:
        section.level = level
        _set_levels(section.children, level + 1)


def document_outline(context: AsOfContext, name: str) -> DocumentOutline:
    """The outline of the document with this key, number or title.

    Raises
    ------
    graph.names.UnknownName
        With the closest keys and numbers.
    """
    graph = context.graph
    doc = resolve_document(graph, name)
    data = graph.nodes[doc]
    by_task: dict[str, list[ObligationRow]] = {}
    for a in assessed_rows(context):
        if a.obligation.document == doc and a.obligation.task:
            by_task.setdefault(a.obligation.task, []).append(obligation_row(graph, a))
    sections: dict[str, OutlineSection] = {}
    for nid in of_document(graph, "Section", data["db_id"]):
        d = graph.nodes[nid]
        sections[nid] = OutlineSection(path=d["path"], heading=d["heading"], level=1)
    roots: list[OutlineSection] = []
    loose: list[OutlineTask] = []
    # Sections were added in text order, so children come out in reading order.
    for nid, section in sections.items():
        parent = next((v for _, v, k in graph.out_edges(nid, keys=True) if k == PART_OF), None)
        (sections[parent].children if parent in sections else roots).append(section)
    _set_levels(roots, 1)
    tasks = sorted(of_document(graph, "Task", data["db_id"]), key=lambda n: graph.nodes[n]["start"])
    for task in tasks:
        d = graph.nodes[task]
        line = OutlineTask(path=d["path"], text=d["text"], quote=quote_of(graph, d),
                           owners=[(o.name, o.role) for o in owners_of(graph, task)],
                           obligations=by_task.get(task, []))
        parent = next((v for _, v, k in graph.out_edges(task, keys=True) if k == PART_OF), None)
        (sections[parent].tasks if parent in sections else loose).append(line)
    return DocumentOutline(label=document_label(graph, doc), key=data["key"],
                           number=data.get("number"), title=data.get("title"),
                           issued_on=data["issued_on"].isoformat() if data.get("issued_on") else None,
                           sections=roots, loose_tasks=loose, task_count=len(tasks))
