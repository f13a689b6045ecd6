"""The compact snapshot: equal values and edge payloads are shared, nothing answers
differently from the graph as read from the store, and no reader writes edge data."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from graph.agenda import assess
from graph.analysis import co_responsibility, neighbours, shortest_path, workload
from graph.attributes import Attributes
from graph.build import PART_OF, RESPONSIBLE_FOR, add_edge, build_graph
from graph.compact import compact
from graph.edges import CITES, IMPLEMENTS
from graph.places import obligations_of_place
from store.db import make_engine
from store.ingest import load_bundled
from tests.graph.plain_build import plain_build

DAYS = [dt.date(2018, 12, 31), dt.date(2019, 6, 30), dt.date(2021, 6, 1)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('compact')}/corpus.db")
    load_bundled(engine=engine)
    yield engine
    engine.dispose()


def _build(engine: Engine) -> Any:
    with Session(engine) as session:
        return build_graph(session)


@pytest.fixture(scope="module")
def compacted(corpus: Engine) -> Any:
    return _build(corpus)


@pytest.fixture(scope="module")
def as_read(corpus: Engine) -> Any:
    """The same graph with every value and edge dict as the store rows gave them, in the
    dicts NetworkX makes (tests/graph/plain_build)."""
    return plain_build(corpus)


def _edges(graph: Any) -> list[tuple[str, str, str, dict[str, Any]]]:
    return [(u, v, k, dict(d)) for u, v, k, d in graph.edges(keys=True, data=True)]


def test_the_compact_snapshot_has_the_nodes_and_edges_read_from_the_store(
        compacted: Any, as_read: Any) -> None:
    assert list(compacted.nodes(data=True)) == list(as_read.nodes(data=True))
    assert _edges(compacted) == _edges(as_read)
    assert compacted.number_of_edges() > 100  # the corpus has edges to share
    # each node's values one tuple of its layout's class (graph.attributes)
    assert all(isinstance(d, Attributes) for _, d in compacted.nodes(data=True))


@pytest.mark.parametrize("day", DAYS)
def test_the_compact_snapshot_assesses_every_obligation_as_before(
        compacted: Any, as_read: Any, day: dt.date) -> None:
    mine = [(a.obligation, a.status) for a in assess(compacted, as_of=day)]
    assert mine
    assert mine == [(a.obligation, a.status) for a in assess(as_read, as_of=day)]


def test_paths_neighbours_and_workload_answer_as_before(compacted: Any, as_read: Any) -> None:
    units = sorted(n for n, d in as_read.nodes(data=True) if d["kind"] == "Unit")
    places = sorted(n for n, d in as_read.nodes(data=True) if d["kind"] == "Place")
    day = dt.date(2019, 6, 30)
    assert shortest_path(compacted, units[0], places[0]) == shortest_path(as_read, units[0], places[0])
    for unit in units[:5]:
        assert co_responsibility(compacted, unit) == co_responsibility(as_read, unit)
        assert neighbours(compacted, unit) == neighbours(as_read, unit)
    assert workload(compacted, as_of=day) == workload(as_read, as_of=day)
    assert nx.degree_centrality(compacted) == nx.degree_centrality(as_read)
    for place in places[:5]:
        assert (obligations_of_place(compacted, place, as_of=day)
                == obligations_of_place(as_read, place, as_of=day))


def test_edges_of_one_kind_with_only_their_type_share_one_data_object(compacted: Any) -> None:
    parts = [d for _, _, k, d in compacted.edges(keys=True, data=True) if k == PART_OF]
    assert len(parts) > 1
    assert all(d is parts[0] for d in parts)
    assert parts[0] == {"type": PART_OF}


def test_node_pairs_joined_by_the_same_single_edge_share_their_key_dict(compacted: Any) -> None:
    pairs = [compacted.succ[u][v] for u, v, k in compacted.edges(keys=True) if k == PART_OF]
    inner = {id(compacted._succ[u][v]) for u, v, k in compacted.edges(keys=True) if k == PART_OF}
    assert len(pairs) > 1 and len(inner) == 1


def test_equal_values_are_one_object_across_nodes(compacted: Any) -> None:
    nodes = [d for _, d in compacted.nodes(data=True)]
    yearly = [d["recurrence"] for d in nodes if d["kind"] == "Obligation"
              and d["recurrence"] == "yearly"]
    tasks = [d for d in nodes if d["kind"] == "Task"]
    numbers = [d["document_number"] for d in tasks if d["document_number"] == "温政发〔2018〕26号"]
    sources = [d.get("source_path", d["path"]) for d in tasks]  # graph.implied
    assert len(yearly) > 1 and all(r is yearly[0] for r in yearly)
    assert len(numbers) > 1 and all(n is numbers[0] for n in numbers)
    assert len(set(sources)) < len(sources)
    assert len({id(s) for s in sources}) == len(set(sources))


def test_equal_roles_of_responsibility_edges_are_one_object(compacted: Any) -> None:
    leads = [d["role"] for _, _, k, d in compacted.edges(keys=True, data=True)
             if k == RESPONSIBLE_FOR and d["role"] == "lead"]
    assert len(leads) > 1 and all(r is leads[0] for r in leads)


def test_nodes_without_successors_share_one_empty_neighbour_dict(compacted: Any) -> None:
    ends = [compacted._succ[n] for n in compacted.nodes if not compacted._succ[n]]
    assert len(ends) > 1 and all(d is ends[0] for d in ends)
    with pytest.raises(TypeError):
        ends[0]["unit:0"] = {}


def test_sections_of_one_parent_share_one_neighbour_dict_that_refuses_writes(
        compacted: Any, as_read: Any) -> None:
    parents: dict[str, list[str]] = {}
    for u, v, k in as_read.edges(keys=True):
        if k == PART_OF and as_read.nodes[u]["kind"] == "Section" and len(as_read.succ[u]) == 1:
            parents.setdefault(v, []).append(u)
    siblings = max(parents.values(), key=len)
    assert len(siblings) > 1
    assert all(compacted._succ[s] is compacted._succ[siblings[0]] for s in siblings)
    assert dict(compacted._succ[siblings[0]]) == dict(as_read._succ[siblings[0]])
    with pytest.raises(TypeError):
        compacted._succ[siblings[0]]["unit:0"] = {}


def test_neighbour_dicts_are_shared_only_when_equal(compacted: Any, as_read: Any) -> None:
    for adjacency, read in ((compacted._succ, as_read._succ), (compacted._pred, as_read._pred)):
        by_object: dict[int, dict[str, Any]] = {}
        for node, nearby in adjacency.items():
            plain = {v: {k: dict(d) for k, d in kd.items()} for v, kd in read[node].items()}
            assert by_object.setdefault(id(nearby), plain) == plain
        assert len(by_object) < len(adjacency)


def test_the_section_lookup_shares_the_sections_path_strings(compacted: Any) -> None:
    for (document_id, path), node in compacted.graph["section_by_path"].items():
        assert compacted.nodes[node]["document_id"] == document_id
        assert compacted.nodes[node]["path"] is path


def test_neighbours_are_keyed_by_the_nodes_own_id_objects(compacted: Any) -> None:
    own = {id(n) for n in compacted.nodes}
    assert all(id(v) in own for u in compacted.nodes for v in compacted.succ[u])
    assert all(id(u) in own for v in compacted.nodes for u in compacted.pred[v])


def test_edge_data_of_the_snapshot_refuses_writes(compacted: Any) -> None:
    u, v, k = next(iter(compacted.edges(keys=True)))
    with pytest.raises(TypeError):
        compacted.edges[u, v, k]["type"] = "CITES"
    with pytest.raises(TypeError):
        compacted.edges[u, v, k].update(type="CITES")
    assert compacted.edges[u, v, k]["type"] == k


def test_copies_of_the_snapshot_are_ordinary_graphs_that_may_change(compacted: Any) -> None:
    u, v, k = next(iter(compacted.edges(keys=True)))
    for changeable in (compacted.copy(), nx.MultiDiGraph(compacted.edges(keys=True, data=True))):
        changeable.edges[u, v, k]["checked"] = True
        assert "checked" not in compacted.edges[u, v, k]
    data = copy.deepcopy(compacted.edges[u, v, k])
    data["checked"] = True
    assert "checked" not in compacted.edges[u, v, k]
    sub = compacted.subgraph([u, v])
    assert sub.edges[u, v, k] == compacted.edges[u, v, k]


def test_reading_everything_writes_no_edge_data(corpus: Engine) -> None:
    graph = _build(corpus)
    for day in DAYS:
        assess(graph, as_of=day)
    workload(graph, as_of=DAYS[1])
    for node in list(graph.nodes)[:200]:
        neighbours(graph, node)
    again = _build(corpus)
    assert _edges(graph) == _edges(again)
    assert list(graph.nodes(data=True)) == list(again.nodes(data=True))


def test_a_pair_joined_by_several_types_keeps_each_type_with_its_own_data() -> None:
    graph = nx.MultiDiGraph()
    add_edge(graph, "document:1", "document:2", IMPLEMENTS)
    add_edge(graph, "document:1", "document:2", CITES, citation="implements")
    add_edge(graph, "document:3", "document:2", IMPLEMENTS)
    compact(graph)
    assert sorted(graph.succ["document:1"]["document:2"]) == [CITES, IMPLEMENTS]
    assert graph.edges["document:1", "document:2", CITES] == {"type": CITES,
                                                              "citation": "implements"}
    assert graph.edges["document:1", "document:2", IMPLEMENTS] == {"type": IMPLEMENTS}
    assert sorted(graph.pred["document:2"]) == ["document:1", "document:3"]
    assert (graph.edges["document:1", "document:2", IMPLEMENTS]
            is graph.edges["document:3", "document:2", IMPLEMENTS])


def test_the_agenda_index_shares_owners_dates_and_the_graphs_node_ids(compacted: Any) -> None:
    from graph.agenda_index import agenda_index

    index = agenda_index(compacted)
    obligations = index.expanded
    own = {id(n) for n in compacted.nodes}
    assert all(id(ob.task) in own for ob in obligations if ob.task is not None)
    assert all(id(ob.document) in own for ob in obligations)
    owners: dict[Any, Any] = {}
    dues: dict[dt.date, dt.date] = {}
    for ob in obligations:
        for owner in ob.owners:
            assert owners.setdefault(owner, owner) is owner
        assert dues.setdefault(ob.due, ob.due) is ob.due
    assert len(owners) < sum(len(ob.owners) for ob in obligations)
    assert len(dues) < len(obligations)
    assert all(isinstance(found, tuple) for found in index.by_unit.values())
    assert all(tuple(index.unit_dues[u]) == tuple(ob.due for ob in found)
               for u, found in index.by_unit.items())


def test_a_label_made_when_read_is_not_left_in_the_builds_shared_strings() -> None:
    from graph.compact import shared_node
    from graph.shared_values import Interner
    share = Interner()
    section = shared_node({"kind": "Section", "label": "".join(["二、", " 主要目标"]),
                           "path": "二、", "heading": "主要目标"}, share)
    assert section["label"] == "二、 主要目标"
    assert "二、 主要目标" not in share._strings
    # a label that is another of its values is kept, and stays shared with equal values
    deadline = shared_node({"kind": "Obligation", "label": "".join(["每年", "底前"]),
                            "raw": "每年底前"}, share)
    again = shared_node({"kind": "Obligation", "label": "".join(["每年", "底前"]),
                         "raw": "".join(["每年", "底前"])}, share)
    assert deadline["label"] == "每年底前"
    assert again["raw"] is deadline["raw"] is share._strings["每年底前"]
