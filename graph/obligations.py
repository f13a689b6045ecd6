"""Obligations: every deadline-bound item, expanded into dated instances.

An obligation is based on a deadline (``"deadline:17"``) or, when no deadline was read
from the same sentence, on a target with its own time bound (a yearly target, or one
with a due date: ``"target:5"``).  A target read from the same sentence as a deadline is
attached to that deadline's obligation instead of making a second one.

Recurring obligations (``每年10月底前``, ``当年5月底前``, a yearly target) give one
instance per year, ``"deadline:17@2019"``, from the document's first year (its issue
year, else the earliest year among its dated deadlines) through the horizon (the
deadline's own, or a ``到2020年`` / ``2020年前`` phrase in the same task) or, with none,
through the year asked about.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import networkx as nx

from graph.build import DUE_BY, HAS_TARGET, RESPONSIBLE_FOR, add_edge, node_id

_HORIZON = re.compile(r"(?:到|至)\s*(\d{4})\s*年|(\d{4})\s*年\s*(?:前|以前|底前)")
_YEAR = re.compile(r"(\d{4})\s*年")


@dataclass(frozen=True)
class Owner:
    """A unit responsible for an obligation's task, with its role there."""

    unit: str  # graph node id
    name: str
    role: str


@dataclass(frozen=True)
class Obligation:
    """One dated instance of a deadline-bound item."""

    id: str  # "deadline:17", "deadline:17@2019", "target:5@2020"
    node: str  # the Obligation node in the graph
    due: dt.date
    year: int | None  # the instance's year for recurring obligations
    raw: str  # the deadline phrase, or the target's value for target-based ones
    path: str
    text: str  # the sentence it was read from
    document: str  # graph node id
    task: str | None  # graph node id
    owners: tuple[Owner, ...]
    targets: tuple[str, ...]  # graph node ids of the targets it carries
    start: int
    end: int


def _overlaps(a: dict, b: dict) -> bool:
    return bool(a["source_start"] < b["source_end"] and b["source_start"] < a["source_end"]) or (
        bool(a["source_quote"]) and a["source_quote"] == b["source_quote"])


def link_obligations(graph: nx.MultiDiGraph) -> None:
    """Attach targets to same-sentence deadline obligations; add target-based ones.

    Called by :func:`graph.build.build_graph` after targets and deadline obligations
    are in the graph.
    """
    for tid, target in list(graph.nodes(data=True)):
        if target["kind"] != "Target":
            continue
        task = node_id("task", target["task_id"]) if target.get("task_id") else None
        same_sentence = [
            ob for _, ob, key in graph.out_edges(task, keys=True)
            if key == DUE_BY and graph.nodes[ob].get("basis") == "deadline"
            and _overlaps(graph.nodes[ob], target)
        ] if task else []
        if same_sentence:
            add_edge(graph, same_sentence[0], tid, HAS_TARGET)
            continue
        if target["period"] != "yearly" and target.get("due") is None:
            continue  # no time bound: a target, but not an obligation
        nid = node_id("obligation", f"target:{target['id']}")
        fields = {k: target[k] for k in ("id", "document_id", "task_id", "path", "due",
                                         "source_path", "source_start", "source_end",
                                         "source_quote")}
        graph.add_node(nid, kind="Obligation", basis="target", label=target["label"],
                       raw=target["label"], recurrence="yearly" if target["period"] == "yearly"
                       else "once", month=None, day=None, horizon=None, **fields)
        add_edge(graph, nid, tid, HAS_TARGET)
        if task:
            add_edge(graph, task, nid, DUE_BY)


def first_year(graph: nx.MultiDiGraph, document: str) -> int | None:
    """The document's issue year, else the earliest year among its dated deadlines."""
    issued = graph.nodes[document].get("issued_on")
    if issued:
        return int(issued.year)
    years = [d["due"].year for _, d in graph.nodes(data=True)
             if d["kind"] == "Obligation" and d.get("document_id") == graph.nodes[document]["db_id"]
             and d.get("basis") == "deadline" and d.get("due")]
    return min(years) if years else None


def _task_horizon(graph: nx.MultiDiGraph, task: str | None) -> int | None:
    if task is None:
        return None
    for _, ob, key in graph.out_edges(task, keys=True):
        data = graph.nodes[ob]
        if key == DUE_BY and data.get("basis") == "deadline" and data["recurrence"] == "once":
            match = _HORIZON.search(data["raw"])
            if match:
                return int(match.group(1) or match.group(2))
    return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def owners_of(graph: nx.MultiDiGraph, task: str | None) -> tuple[Owner, ...]:
    """The units responsible for ``task``, lead first, then in clause order."""
    if task is None:
        return ()
    links = [(d.get("role", "co") != "lead", d.get("position", 0), u, d["role"])
             for u, _, key, d in graph.in_edges(task, keys=True, data=True)
             if key == RESPONSIBLE_FOR]
    return tuple(Owner(u, graph.nodes[u]["name"], role) for _, _, u, role in sorted(links))


def expand(graph: nx.MultiDiGraph, *, through_year: int) -> list[Obligation]:
    """Every obligation instance, recurring ones up to their horizon or ``through_year``.

    Parameters
    ----------
    graph
        A graph from :func:`graph.build.build_graph`.
    through_year
        The last year to expand recurring obligations without a horizon into.

    Returns
    -------
    list of Obligation
        Sorted by due date, then path and id.
    """
    result: list[Obligation] = []
    for nid, data in graph.nodes(data=True):
        if data["kind"] != "Obligation":
            continue
        task = node_id("task", data["task_id"]) if data.get("task_id") else None
        targets = tuple(v for _, v, k in graph.out_edges(nid, keys=True) if k == HAS_TARGET)
        yearly_target = any(graph.nodes[v]["period"] == "yearly" for v in targets)
        base = {"node": nid, "raw": data["raw"], "path": data["path"],
                "text": data["source_quote"], "document": node_id("document", data["document_id"]),
                "task": task, "owners": owners_of(graph, task), "targets": targets,
                "start": data["source_start"], "end": data["source_end"]}
        ob_id = nid.removeprefix("obligation:")
        if data["recurrence"] != "yearly" and not yearly_target:
            if data.get("due"):
                result.append(Obligation(id=ob_id, due=data["due"], year=None, **base))
            continue
        start = first_year(graph, base["document"])
        if start is None:
            continue
        horizon = data["horizon"].year if data.get("horizon") else None
        if horizon is None and data["recurrence"] != "yearly":
            # a once deadline carrying a yearly target (2020年前…每年完成…) bounds it
            match = _YEAR.search(data["raw"])
            horizon = int(match.group(1)) if match else (data["due"].year if data.get("due") else None)
        horizon = horizon or _task_horizon(graph, task) or through_year
        for year in range(start, horizon + 1):
            if data["recurrence"] == "yearly" and data.get("month"):
                day = data.get("day")
                due = dt.date(year, data["month"], day) if day else _month_end(year, data["month"])
            else:
                due = dt.date(year, 12, 31)
            result.append(Obligation(id=f"{ob_id}@{year}", due=due, year=year, **base))
    result.sort(key=lambda o: (o.due, o.path, o.id))
    return result
