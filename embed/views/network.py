"""The responsibility network of a unit, a place, a document or the whole corpus.

Nodes are units, tasks, targets and places; a node's colour is the worst status of the
obligations it carries on the day asked about.  The same nodes and positions feed the SVG
(:func:`embed.svg.network.network_svg`) and the interactive cytoscape page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from embed.svg.network import NetEdge, NetNode, layout_network
from graph.asof import AsOfContext
from graph.build import CONCERNS, HAS_TARGET, MEMBER_OF, RESPONSIBLE_FOR
from graph.kinds import of_kind
from graph.quotes import quote_of
from graph.rows import assessed_rows, worst
from graph.selection import Selection, place_tasks, place_units, resolve_selection
from graph.status import Status


@dataclass(frozen=True)
class Network:
    """Nodes and edges of the picture."""

    nodes: list[NetNode]
    edges: list[NetEdge]


def _tasks_in(context: AsOfContext, selection: Selection) -> set[str]:
    graph = context.graph
    tasks = set(of_kind(graph, "Task"))
    if selection.unit is not None:
        tasks &= {v for _, v, k in graph.out_edges(selection.unit, keys=True)
                  if k == RESPONSIBLE_FOR}
    if selection.place is not None:
        units = place_units(graph, selection.place)
        owned = {v for u in units for _, v, k in graph.out_edges(u, keys=True)
                 if k == RESPONSIBLE_FOR}
        tasks &= place_tasks(graph, selection.place) | owned
    if selection.document is not None:
        doc_id = graph.nodes[selection.document]["db_id"]
        tasks &= {t for t in tasks if graph.nodes[t]["document_id"] == doc_id}
    return tasks


def responsibility_network(context: AsOfContext, *, unit: str | None = None,
                           place: str | None = None, document: str | None = None,
                           jurisdiction: str | None = None) -> Network:
    """Units ↔ tasks/targets ↔ places around the selection, coloured by status.

    Raises
    ------
    graph.names.UnknownName
        When a filter names nothing known.
    """
    graph = context.graph
    selection = resolve_selection(graph, unit=unit, place=place, document=document,
                                  jurisdiction=jurisdiction)
    tasks = _tasks_in(context, selection)
    statuses: dict[str, list[Status]] = defaultdict(list)
    for a in assessed_rows(context):
        if a.obligation.task in tasks:
            statuses[a.obligation.task].append(a.status)
            for o in a.obligation.owners:
                statuses[o.unit].append(a.status)
            for t in a.obligation.targets:
                statuses[t].append(a.status)
    edges: list[NetEdge] = []
    keep: set[str] = set(tasks)
    for task in sorted(tasks):
        for u, _, k, d in graph.in_edges(task, keys=True, data=True):
            if k == RESPONSIBLE_FOR:
                keep.add(u)
                edges.append(NetEdge(u, task, k, strong=d.get("role") == "lead"))
        for _, v, k in graph.out_edges(task, keys=True):
            if k in (HAS_TARGET, CONCERNS):
                keep.add(v)
                edges.append(NetEdge(task, v, k))
    for node in sorted(keep):  # collectives reach the places they stand for
        if graph.nodes[node]["kind"] == "Unit":
            for p, _, k in graph.in_edges(node, keys=True):
                if k == MEMBER_OF:
                    keep.add(p)
                    edges.append(NetEdge(node, p, k))
    if selection.place is not None:
        keep.add(selection.place)
    documents = sorted({graph.nodes[t]["document_id"] for t in tasks})
    nodes = []
    for nid in sorted(keep, key=lambda n: (graph.nodes[n]["kind"], graph.nodes[n]["label"], n)):
        data = graph.nodes[nid]
        label = data["label"]
        if data["kind"] == "Task" and len(documents) > 1:
            # Two documents may both have a 三(一): suffix the document's short number (文1,
            # 文2 in store order) - a full number would run into the target column.
            label = f"{data['path']}·文{documents.index(data['document_id']) + 1}"
        status = worst(statuses.get(nid, []))
        title = quote_of(graph, data) or data.get("text") or data["label"]
        if data["kind"] == "Task":
            number = data.get("document_number") or f"document {data['document_id']}"
            title = f"{number} {data['path']}: {title}"
        nodes.append(NetNode(id=nid, kind=data["kind"], label=label,
                             status=status.value if status else None, title=str(title)[:200]))
    return Network(nodes=nodes, edges=edges)


def cytoscape_elements(network: Network, *, width: int = 900) -> list[dict[str, Any]]:
    """The network as cytoscape.js elements with preset positions (same layout as the SVG)."""
    positions, _ = layout_network(network.nodes, network.edges, width=width)
    elements: list[dict[str, Any]] = []
    for n in network.nodes:
        x, y = positions[n.id]
        elements.append({"group": "nodes", "data": {"id": n.id, "label": n.label, "kind": n.kind,
                                                    "status": n.status or "", "title": n.title},
                         "position": {"x": x, "y": y}})
    for i, e in enumerate(network.edges):
        elements.append({"group": "edges", "data": {"id": f"e{i}", "source": e.source,
                                                    "target": e.target, "kind": e.kind,
                                                    "strong": e.strong}})
    return elements
