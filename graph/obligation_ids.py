"""Obligation ids and the obligations built from targets, linked into the graph.

An obligation is based on a deadline or, when no deadline was read from the same
sentence, on a target with its own time bound (a yearly target, or one with a due date).
A target read from the same sentence as a deadline is attached to that deadline's
obligation instead of making a second one.

Obligation ids are natural keys, stable across re-ingest (progress reports, alert state
and silences refer to them, and re-ingesting a document rewrites its rows with new
database ids)::

    {basis}:{document key}/{section path}/{ordinal}[@{instance}]
    deadline:000_a92242b81cc0d015/二(二)1/1       a once deadline
    deadline:000_a92242b81cc0d015/三(二)/1@2019   the 2019 instance of a yearly one
    deadline:17_pingtan/一/2@2016-Q3             a quarterly one's third quarter of 2016
    deadline:17_pingtan/二/1@2016-05             a monthly one's May 2016 instance
    deadline:17_pingtan/三/1@2016-H1             a half-yearly one's first half of 2016
    target:003_e159d8715f3bd95b/三(一)/2@2013     a yearly target's 2013 instance

``basis`` is ``deadline`` or ``target``; the document key is the file stem it was
ingested from; the ordinal counts the deadlines (or targets) read in that section, in
text order, from 1.  An id therefore changes only when the document's file name, the
section numbering, or the number of deadlines before it in the same section changes.
The Obligation node of the graph is ``"obligation:" + id`` (without the year).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

import networkx as nx

from graph.build import DUE_BY, HAS_TARGET, add_edge, node_id
from graph.edges import mark_node
from graph.horizons import is_validity
from graph.implied import implied_out
from graph.quotes import quote_of

__all__ = ["RECURRING", "link_obligations", "natural_ids"]

T = TypeVar("T")

#: Recurrences that expand into dated instances ("ongoing" work has none; "once" one).
RECURRING = ("yearly", "half-yearly", "quarterly", "monthly")


def _overlaps(graph: nx.MultiDiGraph, a: dict, b: dict) -> bool:
    return bool(a["source_start"] < b["source_end"] and b["source_start"] < a["source_end"]) or (
        bool(quote := quote_of(graph, a)) and quote == quote_of(graph, b))


def link_obligations(graph: nx.MultiDiGraph) -> None:
    """Attach targets to same-sentence deadline obligations; add target-based ones.

    Called by :func:`graph.build.build_graph` after targets and deadline obligations
    are in the graph, the deadline obligations already named by their stable ids.
    """
    _mark_horizons(graph)
    target_ids = _natural_ids(graph, "Target", "target")
    nodes = graph._node
    for tid, target in list(nodes.items()):
        if target["kind"] != "Target":
            continue
        task = node_id("task", target["task_id"]) if target.get("task_id") else None
        # the task's own neighbour mapping, in out_edges' order: no view made per target
        same_sentence = [
            ob for ob, keys in graph._succ[task].items()
            if DUE_BY in keys and nodes[ob].get("basis") == "deadline"
            and not nodes[ob].get("validity") and _overlaps(graph, nodes[ob], target)
        ] if task else []
        if same_sentence:
            add_edge(graph, _carrier(graph, same_sentence, target), tid, HAS_TARGET)
            continue
        if target["period"] != "yearly" and target.get("due") is None:
            continue  # no time bound: a target, but not an obligation
        nid = node_id("obligation", target_ids[tid])
        fields = {k: target[k] for k in ("id", "document_id", "task_id", "path", "due")}
        fields["source_path"] = target.get("source_path", target["path"])  # graph.implied
        fields["source_start"], fields["source_end"] = target["source_start"], target["source_end"]
        fields["source_quote"] = quote_of(graph, target)
        graph.add_node(nid, **implied_out({
            "kind": "Obligation", "basis": "target", "label": target["label"],
            "raw": target["label"], "recurrence": "yearly" if target["period"] == "yearly"
            else "once", "month": None, "day": None, "horizon": None, **fields}))
        add_edge(graph, nid, tid, HAS_TARGET)
        if task:
            add_edge(graph, task, nid, DUE_BY)


def _mark_horizons(graph: nx.MultiDiGraph) -> None:
    """Mark the once deadlines that are no work of their own: a validity phrase
    (``validity``), and a horizon phrase ending a recurrence of the same sentence
    (``2020年前`` of ``2020年前全市每年完成…``: ``horizon_of`` the recurring one)."""
    for node, data in graph.nodes(data=True):
        if data["kind"] != "Obligation" or data["recurrence"] != "once":
            continue
        if is_validity(data, quote_of(graph, data)):
            mark_node(graph, node, validity=True)
            continue
        task = node_id("task", data["task_id"]) if data.get("task_id") else None
        if task is None or data.get("due") is None:
            continue
        for ob, keys in graph._succ[task].items():
            other = graph._node[ob]
            if (DUE_BY in keys and other.get("recurrence") in RECURRING
                    and other.get("horizon") == data["due"]
                    and other.get("source_start") == data.get("source_start")):
                mark_node(graph, node, horizon_of=ob)
                break


def _carrier(graph: nx.MultiDiGraph, candidates: list[str], target: dict) -> str:
    """The deadline obligation of the same sentence a target belongs to: a recurring one
    for a yearly target, never a horizon phrase, else one due when the target is."""
    def rank(ob: str) -> tuple[bool, bool, bool, int]:
        data = graph.nodes[ob]
        recurring = data["recurrence"] in RECURRING
        return (bool(data.get("horizon_of")),
                recurring != (target["period"] == "yearly"),
                data.get("due") != target.get("due"),
                data["source_start"])
    best = min(candidates, key=rank)
    return str(graph.nodes[best].get("horizon_of") or best)


def _natural_ids(graph: nx.MultiDiGraph, kind: str, basis: str,
                 nodes: list[str] | None = None) -> dict[str, str]:
    """``{node: "basis:key/path/ordinal"}`` for the nodes of ``kind`` (see module doc)."""
    chosen = nodes if nodes is not None else [n for n, d in graph.nodes(data=True)
                                              if d["kind"] == kind]
    keys = {d["db_id"]: d["key"] for _, d in graph.nodes(data=True)
            if d["kind"] == "Document" and d.get("db_id") is not None}
    data = graph.nodes
    return natural_ids(((n, data[n]["document_id"], data[n]["path"], data[n]["source_start"],
                         data[n].get("raw", ""), data[n]["id"]) for n in chosen), keys, basis)


def natural_ids(items: Iterable[tuple[T, int, str, int, str, int]], keys: Mapping[int, str],
                basis: str) -> dict[T, str]:
    """``{handle: "basis:key/path/ordinal"}`` for ``(handle, document id, section path,
    start, raw phrase, row id)`` items, ``keys`` giving each document's key: the ordinal
    counts the items of a section in text order (the row id only breaks ties between
    identical spans).  :func:`graph.build.build_graph` names deadline obligations with it
    before adding them, so they are never renamed.

    >>> natural_ids([("b", 1, "二", 40, "年底前", 8), ("a", 1, "二", 12, "6月底前", 9)],
    ...             {1: "000_ab"}, "deadline")
    {'a': 'deadline:000_ab/二/1', 'b': 'deadline:000_ab/二/2'}
    """
    groups: dict[tuple[int, str], list[tuple[int, str, int, T]]] = {}
    for handle, document_id, path, start, raw, row_id in items:
        groups.setdefault((document_id, path), []).append((start, raw, row_id, handle))
    result: dict[T, str] = {}
    for (document_id, path), members in groups.items():
        members.sort(key=lambda m: (m[0], m[1], m[2]))
        for ordinal, (*_, handle) in enumerate(members, start=1):
            result[handle] = f"{basis}:{keys[document_id]}/{path}/{ordinal}"
    return result
