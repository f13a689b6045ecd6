"""Lineage: which documents a document cites and implements, and which of its targets
the documents implementing it take up.

A citation (``《…》(浙委发〔2018〕3号)``) is linked when it builds the graph
(:func:`graph.build.build_graph`): to the stored document with the same 文号 in any
spelling (:func:`store.fingerprint.normalised_number`), else, for a citation without a
number, to the one with the same title; otherwise to a stub node (not loaded yet).  A
citation introduced by 根据 / 贯彻 / 落实 (``extract/data/implements_words.txt``) is of kind
``implements`` and, when linked, also an IMPLEMENTS edge.

The rule for targets
--------------------
A target of document A is *implemented* by a task of a document B that implements A
when the task speaks of the target's metric: its text, or the metric of one of its own
targets, contains the metric up to small differences — rapidfuzz's ``partial_ratio``
(the best-matching stretch of the longer text against the shorter) of at least
:data:`THRESHOLD` (80 of 100).  So 山海协作产业项目到位资金 is found in 全市每年实现
山海协作产业项目到位资金不少于40亿元 (100), 9个生态旅游文化产业园计划总投资 in a task
planning 5个生态旅游文化产业园计划总投资 (94), while 海洋经济合作示范区 matches no
task of a city document about 山海协作 (44 at best).  A target without a metric cannot
be matched and counts as unimplemented.  Numbers are not compared: a city's share is
smaller than the province's total by design.

Examples
--------
>>> speaks_of("山海协作产业项目到位资金", ["全市每年实现山海协作产业项目到位资金不少于40亿元"])
True
>>> speaks_of("海洋经济合作示范区", ["推动山海协作职业技能实训基地建设"])
False
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
from rapidfuzz import fuzz

from graph.build import HAS_TARGET
from graph.edges import CITES, IMPLEMENTS
from graph.kinds import of_document

__all__ = ["THRESHOLD", "Cite", "TargetImplementation", "cited_by", "cites", "implemented_by",
           "implements", "speaks_of", "target_implementation"]

THRESHOLD = 80.0
"""The least ``partial_ratio`` (0–100) at which a task speaks of a target's metric."""


@dataclass(frozen=True)
class Cite:
    """One citation of a document: as written, and the stored document it names."""

    number: str | None
    title: str | None
    kind: str  # cites / implements
    document: str | None  # the cited Document node, None while it is not loaded


@dataclass(frozen=True)
class TargetImplementation:
    """A target and the tasks (of documents implementing its own) that take it up."""

    target: str  # Target node
    tasks: tuple[str, ...]  # Task nodes, in document and text order


def speaks_of(metric: str, texts: Iterable[str], *, threshold: float = THRESHOLD) -> bool:
    """Whether one of ``texts`` speaks of ``metric`` (see the module's rule)."""
    wanted = metric.strip()
    if not wanted:
        return False
    return any(fuzz.partial_ratio(wanted, text) >= threshold for text in texts if text)


def cites(graph: nx.MultiDiGraph, document: str) -> list[Cite]:
    """The citations of ``document``, in text order."""
    edges = sorted(((d.get("source_start") or 0, v, d) for _, v, k, d in
                    graph.out_edges(document, keys=True, data=True) if k == CITES),
                   key=lambda e: e[0])
    return [Cite(number=d.get("cited_number", graph.nodes[v].get("number")),
                 title=d.get("cited_title", graph.nodes[v].get("title")),
                 kind=d.get("citation") or "cites",
                 document=None if graph.nodes[v].get("stub") else v)
            for _, v, d in edges]


def cited_by(graph: nx.MultiDiGraph, document: str) -> list[str]:
    """The stored documents citing ``document``, by node id."""
    return sorted({u for u, _, k in graph.in_edges(document, keys=True) if k == CITES},
                  key=_order)


def implements(graph: nx.MultiDiGraph, document: str) -> list[str]:
    """The stored documents ``document`` implements."""
    return sorted({v for _, v, k in graph.out_edges(document, keys=True) if k == IMPLEMENTS},
                  key=_order)


def implemented_by(graph: nx.MultiDiGraph, document: str) -> list[str]:
    """The stored documents implementing ``document``."""
    return sorted({u for u, _, k in graph.in_edges(document, keys=True) if k == IMPLEMENTS},
                  key=_order)


def target_implementation(graph: nx.MultiDiGraph, document: str, *,
                          threshold: float = THRESHOLD) -> list[TargetImplementation]:
    """Every target of ``document`` with the tasks implementing it (none: unimplemented).

    Parameters
    ----------
    graph
        A built graph.
    document
        A stored Document node.
    threshold
        The least ``partial_ratio`` at which a task speaks of a metric.

    Returns
    -------
    list of TargetImplementation
        In the document's text order of targets.
    """
    lower = implemented_by(graph, document)
    db_ids = {graph.nodes[d]["db_id"] for d in lower}
    tasks = sorted((n for db_id in db_ids for n in of_document(graph, "Task", db_id)),
                   key=lambda n: (graph.nodes[n]["document_id"], graph.nodes[n]["start"], n))
    # what each task says: its text and its own targets' metrics
    said = {task: [graph.nodes[task].get("text") or "",
                   *(graph.nodes[v].get("metric") or "" for _, v, k in
                     graph.out_edges(task, keys=True) if k == HAS_TARGET)]
            for task in tasks}
    own_id = graph.nodes[document]["db_id"]
    targets = sorted(of_document(graph, "Target", own_id),
                     key=lambda n: (graph.nodes[n].get("source_start") or 0, n))
    return [TargetImplementation(target, tuple(
        task for task in tasks
        if speaks_of(graph.nodes[target].get("metric") or "", said[task], threshold=threshold)))
        for target in targets]


def _order(node: str) -> tuple[int, str]:
    kind, _, number = node.partition(":")
    return (int(number), kind) if number.isdigit() else (0, node)
