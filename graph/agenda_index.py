"""The agenda index: a snapshot's obligation instances in due order, built once.

Every list and count of obligations reads one expansion of the snapshot's obligations
through :func:`~graph.obligations.planning_year` (no open-ended recurrence runs past it,
so it holds every instance a question about any year may show), sorted by (due date,
path, id), with each unit's and each task's instances beside it and the tallies a total
is counted from without a walk (:mod:`graph.counts`).  It is built once per snapshot,
under a lock, and kept on ``graph.graph["agenda_index"]``: at province scale an
expansion takes seconds.

Examples
--------
>>> from graph.sample import sample_graph
>>> index = agenda_index(sample_graph())
>>> [ob.path for ob in index.by_unit["unit:3"]]  # 市商务局's one target
['二(三)4']
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.cancel import checkpoint
from graph.dues import Dues, DuesOf
from graph.grouped import by_task as tasks_of
from graph.grouped import tally_of
from graph.memo import YearCache, year_cache
from graph.obligations import Obligation, expand, planning_year
from graph.tally import DueTally


@dataclass(frozen=True)
class AgendaIndex:
    """The agenda index: one snapshot's expansion, in due order, with each unit's and
    task's share and their due dates (views of them, :mod:`graph.dues`, so a date range is
    found with :mod:`bisect`).  Made by :func:`agenda_index`, read by :mod:`graph.agenda`,
    :mod:`graph.pages` and :mod:`graph.counts`.
    The thousands of per-unit and per-task ones are tuples: a list built by appending
    keeps up to an eighth more slots than it holds, for as long as the snapshot serves."""

    through_year: int
    expanded: list[Obligation]
    by_unit: dict[str, tuple[Obligation, ...]]
    by_task: dict[str, tuple[Obligation, ...]]
    # For counts without a walk (graph.counts.count): every instance's due date by issue
    # day, the open-ended ones' again by their year (a question about an earlier year
    # leaves them out), the few whose document ends (withdrawn, superseded) in due
    # order, and the instances of no task by node (a reported id's instance is found
    # through its task's list, else here).
    tally: DueTally = field(default_factory=lambda: DueTally.of(()))
    open_tallies: dict[int, DueTally] = field(default_factory=dict)
    ending: tuple[Obligation, ...] = ()
    taskless: dict[str, tuple[Obligation, ...]] = field(default_factory=dict)

    # The due dates bisect reads, read from the instances rather than kept beside them.
    @property
    def dues(self) -> Dues:
        return Dues(self.expanded)

    @property
    def unit_dues(self) -> DuesOf:
        return DuesOf(self.by_unit)

    @property
    def task_dues(self) -> DuesOf:
        return DuesOf(self.by_task)


_BUILDING = threading.Lock()


def agenda_index(graph: nx.MultiDiGraph) -> AgendaIndex:
    """The agenda index of ``graph``: the snapshot's one expansion through
    :func:`~graph.obligations.planning_year`, which holds every instance (no open-ended
    recurrence runs past it), so a question about any year reads it and leaves out the
    open-ended instances after that year.

    Built once per graph under a lock: at province scale an expansion takes seconds, and
    concurrent first requests would each build their own copy.

    Parameters
    ----------
    graph
        A built graph (a snapshot's, which never changes).

    Returns
    -------
    AgendaIndex
        Kept on ``graph.graph["agenda_index"]`` by planning year, for as long as the
        graph serves.

    Examples
    --------
    >>> from graph.sample import sample_graph
    >>> graph = sample_graph()
    >>> index = agenda_index(graph)
    >>> index.through_year, [ob.id for ob in index.expanded[:2]]
    (2023, ['deadline:000/二(二)1/1', 'deadline:000/三(二)/1@2019'])
    >>> agenda_index(graph) is index  # built once per graph
    True
    """
    key = planning_year(graph)
    cache: YearCache[AgendaIndex] = year_cache(graph, "agenda_index")
    found = cache.get(key)
    if found is not None:
        return found
    with _BUILDING:
        found = cache.get(key)
        if found is None:
            expanded = expand(graph, through_year=key)
            by_unit: dict[str, list[Obligation]] = {}
            for n, ob in enumerate(expanded):
                if n % 10_000 == 0:
                    checkpoint()  # an abandoned request stops here, not after the build
                for owner in {o.unit for o in ob.owners}:
                    by_unit.setdefault(owner, []).append(ob)
            units = {u: tuple(found) for u, found in by_unit.items()}
            # a list per task, freed once made a tuple, left its blocks free for good
            tasks = tasks_of(expanded)
            found = AgendaIndex(key, expanded, units, tasks, **_counted(expanded))
            # The planning year's index serves every question: kept for good.
            cache.put(key, found, pin=True)
    return found


def _counted(expanded: list[Obligation]) -> dict[str, Any]:
    """The index's fields for counts (see :class:`AgendaIndex`)."""
    # instances, not an (issued, due) pair each: graph.grouped
    open_years: dict[int, list[Obligation]] = {}
    taskless: dict[str, list[Obligation]] = {}
    for ob in expanded:
        if ob.open_ended and ob.year is not None:
            open_years.setdefault(ob.year, []).append(ob)
        if ob.task is None:
            taskless.setdefault(ob.node, []).append(ob)
    return {"tally": tally_of(expanded),
            "open_tallies": {y: tally_of(found) for y, found in open_years.items()},
            "ending": tuple(ob for ob in expanded if ob.ends_on is not None),
            "taskless": {node: tuple(found) for node, found in taskless.items()}}


def warm(graph: nx.MultiDiGraph) -> None:
    """Build the shared index now (at snapshot build) rather than in the first request."""
    agenda_index(graph)
