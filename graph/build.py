"""Build the knowledge graph (a NetworkX ``MultiDiGraph``) from the store.

Node ids are ``"<kind>:<database id>"`` (``"unit:12"``, ``"task:3"``); obligations are
``"obligation:deadline:17"`` or ``"obligation:target:5"`` (see :mod:`graph.obligation_ids`).
Every node has ``kind`` (Document, Section, Task, Target, Obligation, Unit, Place) and
``label`` (a Document's is its 文号, title or first line, :mod:`store.labels`; a stored
Document also has ``withdrawn_on`` / ``superseded_on``, dates or ``None``, on which its
open obligations end); edges are keyed by their type so two nodes may be joined by
several types.

Edge directions (``u → v``):

=================  =============================================================
PART_OF            Section → Section/Document, Task → Section
RESPONSIBLE_FOR    Unit → Task (``role``: lead / co, ``position``)
HAS_TARGET         Task → Target, Obligation → Target (same sentence)
DUE_BY             Task → Obligation
CONCERNS           Task (or Document) → Place
PAIRED_WITH        Place → Place, both ways (``confidence``, ``source``)
CITES              Document → Document (``citation``: cites / implements; the cited
                   one by normalised 文号 or exact title, a stub node when absent)
IMPLEMENTS         Document → stored Document it implements (根据 / 贯彻 / 落实 …)
MEMBER_OF          Place → collective Unit (each paired county inside its jurisdiction)
=================  =============================================================

Beside the nodes, ``graph.graph`` keeps ``jurisdictions`` (id → record) and
``successions`` (:class:`graph.successions.Step` values, which hand a predecessor's
obligations to its successor; :mod:`graph.lineage` reads the CITES / IMPLEMENTS edges).

The graph is built once per data version and its nodes and edges are never changed
afterwards, so readers can share them without locks (:mod:`graph.state` swaps whole
graphs): :func:`build_graph` returns it frozen (:func:`networkx.freeze`), so adding or
removing a node or an edge raises.  Before freezing it, :func:`graph.compact.compact`
shares equal values and edge data (the edge data dicts are then read-only), and
:func:`graph.sides.fold` moves each node's neighbour mappings into its record
(``graph._succ`` and ``graph._pred`` then read them there).
``graph.graph`` does gain values after the build, each on first use and
written whole: caches derived from the nodes (the planning year, document horizons,
list sizes, the expansions and the agenda index, :mod:`graph.memo`).  The time rules it
is judged with (recurrence years, progress and collective rules) are stamped on
``graph.graph`` by :func:`build_graph` from the settings its caller passes.
"""

from __future__ import annotations

import networkx as nx
from sqlmodel import Session

from graph.compact import compact
from graph.document_nodes import add_documents
from graph.edges import (
    CONCERNS,
    DUE_BY,
    HAS_TARGET,
    MEMBER_OF,
    PAIRED_WITH,
    PAIRING_MARK,
    PART_OF,
    RESPONSIBLE_FOR,
    add_edge,
    add_shared_node,
    node_id,
    source_attrs,
)
from graph.implied import implied_out
from graph.quotes import spanned
from graph.shared_values import BUILD_SHARE, Interner
from graph.sides import fold
from graph.successions import Step
from settings import GraphSettings
from store import graph_rows as rows_of
from store.crud.documents import data_version


def build_graph(session: Session, *, rules: GraphSettings | None = None) -> nx.MultiDiGraph:
    """Read every fact from the store into a new graph.

    Parameters
    ----------
    session
        An open session; about a dozen ``SELECT`` statements are issued, none per row.
    rules
        The time rules the graph is judged with (recurrence years, progress and
        collective rules), stamped on ``graph.graph``; the defaults when ``None``.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes and typed edges as described in the module docstring; ``graph.graph``
        holds ``version`` (the store's :class:`store.tables.DataVersion`).  Frozen:
        its nodes and edges cannot change (``graph.graph`` caches still can).
    """
    graph = nx.MultiDiGraph()
    graph.graph["version"] = data_version(session=session)
    chosen = rules or GraphSettings()
    graph.graph["recurrence_years"] = chosen.recurrence_years
    graph.graph["progress_rule"] = chosen.progress_rule
    graph.graph["collective_rule"] = chosen.collective_rule
    share = graph.graph[BUILD_SHARE] = Interner()  # until compact: graph.edges.add_edge
    _add_jurisdictions(graph, session)
    add_documents(graph, session, share)
    _add_units(graph, session, share)
    _add_successions(graph, session)
    _add_tasks(graph, session, share)
    _add_targets_and_deadlines(graph, session, share)
    _add_places(graph, session, share)
    compact(graph, share)  # last: renaming the obligations copied their attribute dicts
    graph.graph.pop(BUILD_SHARE, None)
    fold(graph)  # one id-keyed table instead of three: graph.sides
    return nx.freeze(graph)


def _add_jurisdictions(graph: nx.MultiDiGraph, session: Session) -> None:
    """Jurisdictions are kept beside the graph, not in it: as nodes they would join every
    unit of a government and make paths and centrality meaningless."""
    graph.graph["jurisdictions"] = {
        j.id: {"id": j.id, "code": j.code, "name": j.name, "full_name": j.full_name,
               "level": j.level, "parent_id": j.parent_id}
        for j in rows_of.all_jurisdictions(session=session)}


def _add_units(graph: nx.MultiDiGraph, session: Session, share: Interner) -> None:
    aliases: dict[int, list[str]] = {}
    for a in rows_of.all_unit_aliases(session=session):
        aliases.setdefault(a.unit_id, []).append(a.alias)
    for u in rows_of.all_units(session=session):
        add_shared_node(graph, share, node_id("unit", u.id or 0), kind="Unit", label=u.name, db_id=u.id,
                       name=u.name, level=u.level, collective=u.collective,
                       aliases=tuple(aliases.get(u.id or 0, ())),
                       jurisdiction_id=u.jurisdiction_id)


def _add_successions(graph: nx.MultiDiGraph, session: Session) -> None:
    """Successions beside the graph (:mod:`graph.successions` hands obligations over)."""
    graph.graph["successions"] = tuple(
        Step(node_id("unit", s.predecessor_id), node_id("unit", s.successor_id), s.kind,
             s.effective_on, s.note)
        for s in rows_of.all_successions(session=session))


def _add_tasks(graph: nx.MultiDiGraph, session: Session, share: Interner) -> None:
    by_path = graph.graph["section_by_path"]
    numbers: dict[int, object] = {}  # per document, not looked up again per task
    for task in rows_of.all_tasks(session=session):
        nid = node_id("task", task.id or 0)
        number = numbers.get(task.document_id, numbers)
        if number is numbers:
            number = numbers[task.document_id] = graph._node[
                node_id("document", task.document_id)].get("number")
        attrs = {"kind": "Task", "label": task.path, "db_id": task.id, "path": task.path,
                 "text": task.text, "document_id": task.document_id,
                 "document_number": number, "start": task.start, "end": task.end,
                 **source_attrs(task)}
        # the clause quoted is a span of the text: graph.quotes cuts it when read (and
        # shared before it is left out, it was freed at the build's end among the
        # snapshot's strings of its size)
        add_shared_node(graph, share, nid, **implied_out(spanned(attrs, attrs)))
        section = by_path.get((task.document_id, task.path))
        add_edge(graph, nid, section or node_id("document", task.document_id), PART_OF)
    links = rows_of.all_task_links(session=session)
    for link in links:
        add_edge(graph, node_id("unit", link.unit_id), node_id("task", link.task_id),
                 RESPONSIBLE_FOR, share=share, role=share(link.role), position=link.position,
                 raw=share(link.raw))


def _add_targets_and_deadlines(graph: nx.MultiDiGraph, session: Session, share: Interner) -> None:
    from graph.obligation_ids import natural_ids  # it imports this module
    from graph.obligations import link_obligations

    names: tuple[str, ...] = ()
    for target in rows_of.all_targets(session=session):
        nid = node_id("target", target.id or 0)
        task = graph._node.get(node_id("task", target.task_id)) if target.task_id else None
        # every column by name, the names read once: a row's mapping makes its keys anew
        names = names or target._fields
        add_shared_node(graph, share, nid, **implied_out(spanned(
            {"kind": "Target", "label": f"{target.value:g}{target.unit}",
             **dict(zip(names, target, strict=True))}, task)))
        if target.task_id is not None:
            add_edge(graph, node_id("task", target.task_id), nid, HAS_TARGET)
    # named by their stable ids from the start (graph.obligation_ids): renaming them
    # afterwards would copy each one's attributes and edges into plain dicts
    keys = {d["db_id"]: d["key"] for _, d in graph.nodes(data=True)
            if d["kind"] == "Document" and d.get("db_id") is not None}
    natural = natural_ids(((i, document_id, path, start, raw, i) for i, document_id, path,
                           start, raw in rows_of.deadline_places(session=session)),
                          keys, "deadline")
    names = ()
    for deadline in rows_of.all_deadlines(session=session):
        nid = node_id("obligation", natural[deadline.id or 0])
        names = names or deadline._fields
        task = graph._node.get(node_id("task", deadline.task_id)) if deadline.task_id else None
        # most deadlines' sentence is a span of the task's text: graph.quotes cuts it
        add_shared_node(graph, share, nid, **implied_out(spanned(
            {"kind": "Obligation", "label": deadline.raw, "basis": "deadline",
             **dict(zip(names, deadline, strict=True))}, task)))
        if deadline.task_id is not None:
            add_edge(graph, node_id("task", deadline.task_id), nid, DUE_BY)
    # Obligation nodes for targets that carry their own time bound are added by
    # graph.obligations.link_obligations, which also decides same-sentence merges.
    link_obligations(graph)


def _add_places(graph: nx.MultiDiGraph, session: Session, share: Interner) -> None:
    for p in rows_of.all_places(session=session):
        add_shared_node(graph, share, node_id("place", p.id or 0), kind="Place", label=p.name, db_id=p.id,
                       name=p.name, place_kind=p.kind, parent=p.parent, full_name=p.full_name,
                       code=p.code, jurisdiction_id=p.jurisdiction_id)
    for m in rows_of.all_place_mentions(session=session):
        owner = node_id("task", m.task_id) if m.task_id else node_id("document", m.document_id)
        add_edge(graph, owner, node_id("place", m.place_id), CONCERNS, share=share, **source_attrs(m, share))
    paired: set[str] = set()
    for pair in rows_of.all_pairings(session=session):
        a, b = node_id("place", pair.developed_id), node_id("place", pair.accelerated_id)
        attrs = {"confidence": pair.confidence, "source": pair.source, "since": pair.since}
        add_edge(graph, a, b, PAIRED_WITH, share=share, **attrs)
        add_edge(graph, b, a, PAIRED_WITH, share=share, **attrs)
        paired.update((a, b))
    # A collective unit of the pairing (结对县(市、区)党委、政府) stands for every paired
    # county, both sides, of its own government: 温州市's collective never has 杭州's
    # counties.  One whose government is unknown keeps every paired county, as nothing
    # tells them apart.  Other collectives (各县(市、区)人民政府) get no members: the
    # pairings table says nothing about them.
    collectives = [n for n, d in graph.nodes(data=True)
                   if d["kind"] == "Unit" and d["collective"] and PAIRING_MARK in d["name"]]
    jurisdictions = graph.graph.get("jurisdictions", {})
    for unit in collectives:
        home = graph.nodes[unit].get("jurisdiction_id")
        placed = home in jurisdictions and jurisdictions[home].get("code") is not None
        for place in sorted(paired):
            inside = within(jurisdictions, graph.nodes[place].get("jurisdiction_id"), home)
            if inside or not placed:
                add_edge(graph, place, unit, MEMBER_OF)


def within(jurisdictions: dict[int, dict[str, object]], inner: int | None,
           outer: int | None) -> bool:
    """Whether jurisdiction ``inner`` is ``outer`` or lies inside it (ids of
    ``graph.graph["jurisdictions"]``).

    >>> tree = {1: {"parent_id": None}, 2: {"parent_id": 1}, 3: {"parent_id": 2}}
    >>> within(tree, 3, 1), within(tree, 1, 3), within(tree, None, 1)
    (True, False, False)
    """
    seen: set[int] = set()
    while inner is not None and inner not in seen:
        if inner == outer:
            return True
        seen.add(inner)
        parent = jurisdictions.get(inner, {}).get("parent_id")
        inner = parent if isinstance(parent, int) else None
    return False
