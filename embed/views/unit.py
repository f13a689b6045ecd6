"""The unit card: a unit's obligations with status lights, its tasks and its targets'
progress, each list one page long.

A unit of a province-wide corpus answers for hundreds of tasks and thousands of
obligation instances: the card shows one page of each list (:mod:`embed.paging`,
``?first=`` rows from ``?offset=``, ``?tasksOffset=``, ``?targetsOffset=``) with its
total, and builds rows (headings, quotes, owners, progress) for that page only.  The
status lights count the whole list: every instance of the unit is judged (cheap) from
the index's per-unit list, only the page's become rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from embed.paging import FIRST_PAGE, Shown, Window
from graph.analysis import tasks_of
from graph.asof import AsOfContext, UrgeLine
from graph.build import HAS_TARGET, RESPONSIBLE_FOR
from graph.names import jurisdiction_of, resolve_unit
from graph.obligations import task_heading
from graph.rows import ObligationRow, TargetRow, assessed_rows, document_label, obligation_row
from graph.target_progress import progress_rows, targets_by_path


@dataclass(frozen=True)
class TaskLine:
    """A task the unit is responsible for, with its role there."""

    path: str
    document: str
    role: str  # lead / co
    heading: str = ""  # what the task is


@dataclass(frozen=True)
class Pages:
    """Where each of the card's lists starts (the page size is shared)."""

    obligations: Window = FIRST_PAGE
    tasks: Window = FIRST_PAGE
    targets: Window = FIRST_PAGE


ALL_FIRST_PAGES = Pages()
"""Every list on its first page, :data:`embed.paging.DEFAULT_FIRST` rows long."""


@dataclass(frozen=True)
class UnitCard:
    """What the unit card shows: a page of each list and where it lies."""

    name: str
    aliases: tuple[str, ...]
    level: str
    tasks: list[TaskLine]
    obligations: list[ObligationRow]
    targets: list[TargetRow]
    counts: dict[str, int]  # status value → number of obligation instances (the whole list)
    urges: tuple[UrgeLine, ...] = ()  # its latest urges (催办), newest first
    tasks_shown: Shown | None = None
    obligations_shown: Shown | None = None
    targets_shown: Shown | None = None
    lead_tasks: int = 0  # of all its tasks, those it leads
    jurisdiction: str = ""  # its government's full name: links name the unit unambiguously


def unit_card(context: AsOfContext, name: str, jurisdiction: str | None = None,
              urges_of: Callable[[int], Sequence[UrgeLine]] | None = None,
              pages: Pages = ALL_FIRST_PAGES) -> UnitCard:
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
    pages
        The page of each list to show.

    Returns
    -------
    UnitCard
        Obligations it owns directly, in due-date order; its tasks by document and path;
        the targets of its tasks by path: a page of each, with the totals.

    Raises
    ------
    graph.names.UnknownName
        With the closest unit names.
    """
    graph = context.graph
    node = resolve_unit(graph, name, jurisdiction)  # ?jurisdiction= when two governments share it
    data = graph.nodes[node]
    tasks = tasks_of(graph, node)
    roles = {task: graph.edges[node, task, RESPONSIBLE_FOR].get("role", "co") for task in tasks}
    ordered = sorted(tasks, key=lambda task: (
        document_label(graph, f"document:{graph.nodes[task]['document_id']}"),
        graph.nodes[task]["path"]))
    task_page = ordered[pages.tasks.offset:pages.tasks.stop]
    lines = [TaskLine(path=graph.nodes[task]["path"], role=roles[task],
                      document=document_label(graph, f"document:{graph.nodes[task]['document_id']}"),
                      heading=task_heading(graph, task)) for task in task_page]
    assessed = assessed_rows(context, unit=node)  # judged whole: the lights count every one
    ob_page = assessed[pages.obligations.offset:pages.obligations.stop]
    targets = targets_by_path(graph, (v for task in tasks
                                      for _, v, k in graph.out_edges(task, keys=True)
                                      if k == HAS_TARGET))
    target_page = targets[pages.targets.offset:pages.targets.stop]
    return UnitCard(name=data["name"], aliases=tuple(data.get("aliases", ())),
                    level=data.get("level", "unknown"), tasks=lines,
                    obligations=[obligation_row(graph, a) for a in ob_page],
                    targets=progress_rows(context, target_page),
                    counts=dict(Counter(a.status.value for a in assessed)),
                    urges=tuple(urges_of(int(data["db_id"]))) if urges_of else (),
                    tasks_shown=Shown.of(pages.tasks, total=len(ordered), on_page=len(lines)),
                    obligations_shown=Shown.of(pages.obligations, total=len(assessed),
                                               on_page=len(ob_page)),
                    targets_shown=Shown.of(pages.targets, total=len(targets),
                                           on_page=len(target_page)),
                    lead_tasks=sum(1 for role in roles.values() if role == "lead"),
                    jurisdiction=(jurisdiction_of(graph, node) or {}).get("full_name", ""))
