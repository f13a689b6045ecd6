"""The unit card: a unit's obligations with status lights and its targets' progress."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from graph.analysis import tasks_of
from graph.asof import AsOfContext, UrgeLine
from graph.build import HAS_TARGET, RESPONSIBLE_FOR
from graph.names import resolve_unit
from graph.obligations import task_heading
from graph.rows import (
    ObligationRow,
    TargetRow,
    assessed_rows,
    document_label,
    obligation_row,
    target_rows,
)


@dataclass(frozen=True)
class TaskLine:
    """A task the unit is responsible for, with its role there."""

    path: str
    document: str
    role: str  # lead / co
    heading: str = ""  # what the task is


@dataclass(frozen=True)
class UnitCard:
    """What the unit card shows."""

    name: str
    aliases: tuple[str, ...]
    level: str
    tasks: list[TaskLine]
    obligations: list[ObligationRow]
    targets: list[TargetRow]
    counts: dict[str, int]  # status value → number of obligation instances
    urges: tuple[UrgeLine, ...] = ()  # its latest urges (催办), newest first


def unit_card(context: AsOfContext, name: str, jurisdiction: str | None = None,
              urges_of: Callable[[int], Sequence[UrgeLine]] | None = None) -> UnitCard:
    """The card of the unit called ``name`` (canonical name or alias).

    Parameters
    ----------
    context
        Graph, day and reports.
    name
        As a person would type it: 市招商局 or 经合办.
    jurisdiction
        Its government, when several have a unit of that name.
    urges_of
        The latest urges of a unit (by id) to list, read by the caller; none without it.

    Returns
    -------
    UnitCard
        Obligations it owns directly, in due-date order; the targets of its tasks.

    Raises
    ------
    graph.names.UnknownName
        With the closest unit names.
    """
    graph = context.graph
    node = resolve_unit(graph, name, jurisdiction)  # ?jurisdiction= when two governments share it
    data = graph.nodes[node]
    tasks = []
    for task in tasks_of(graph, node):
        role = graph.edges[node, task, RESPONSIBLE_FOR].get("role", "co")
        tasks.append(TaskLine(path=graph.nodes[task]["path"], role=role,
                              document=document_label(graph, f"document:{graph.nodes[task]['document_id']}"),
                              heading=task_heading(graph, task)))
    tasks.sort(key=lambda t: (t.document, t.path))
    assessed = assessed_rows(context, unit=node)
    targets = [v for task in tasks_of(graph, node)
               for _, v, k in graph.out_edges(task, keys=True) if k == HAS_TARGET]
    return UnitCard(name=data["name"], aliases=tuple(data.get("aliases", ())),
                    level=data.get("level", "unknown"), tasks=tasks,
                    obligations=[obligation_row(graph, a) for a in assessed],
                    targets=target_rows(context, targets),
                    counts=dict(Counter(a.status.value for a in assessed)),
                    urges=tuple(urges_of(int(data["db_id"]))) if urges_of else ())
