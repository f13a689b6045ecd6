"""Task names kept compactly answer as the dict of every spelling did, on the bundled corpus."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.names import AmbiguousName, name_index, resolve
from graph.task_names import TaskNames
from store.names import normalise_name


def every_spelling(graph: nx.MultiDiGraph) -> dict[str, list[str]]:
    """The task names as one string each: path, and path after the document's number."""
    index: dict[str, list[str]] = {}
    for nid, data in graph.nodes(data=True):
        if data["kind"] != "Task":
            continue
        qualifier = data.get("document_number") or f"document {data['document_id']}"
        for name in dict.fromkeys(normalise_name(n) for n in
                                  (data["path"], f"{qualifier} {data['path']}")):
            index.setdefault(name, []).append(nid)
    return index


def test_every_task_name_finds_the_tasks_the_full_table_finds(
        corpus_graph: nx.MultiDiGraph) -> None:
    expected = every_spelling(corpus_graph)
    names = TaskNames.of(corpus_graph)
    assert len(expected) > 20, "the corpus has tasks"
    for name, ids in expected.items():
        assert names[name] == tuple(ids), name
    assert set(names) == set(expected)
    assert len(names) == len(expected)


def test_a_name_no_task_has_is_missing(corpus_graph: nx.MultiDiGraph) -> None:
    names = TaskNames.of(corpus_graph)
    some_path = next(iter(every_spelling(corpus_graph)))
    for name in ("九十九(九)9", f"温政发〔1999〕1号 {some_path}", f"document 0 {some_path}", ""):
        assert name not in names
        with pytest.raises(KeyError):
            names[name]


def test_an_ambiguous_path_offers_each_tasks_qualified_name(
        corpus_graph: nx.MultiDiGraph) -> None:
    expected = every_spelling(corpus_graph)
    shared = next(p for p, ids in expected.items() if len(ids) > 1 and " " not in p)
    others = sorted(n for n, ids in expected.items()
                    if n != shared and len(ids) == 1 and ids[0] in expected[shared])
    assert others, "each task of the shared path has a name of its own"
    with pytest.raises(AmbiguousName) as raised:
        resolve(corpus_graph, shared)
    assert raised.value.candidates == others


def test_units_places_and_tasks_are_looked_up_together(corpus_graph: nx.MultiDiGraph) -> None:
    index = name_index(corpus_graph, ("Unit", "Place", "Task"))
    unit = next(n for n, d in corpus_graph.nodes(data=True) if d["kind"] == "Unit")
    place = next(n for n, d in corpus_graph.nodes(data=True) if d["kind"] == "Place")
    task_name, task_ids = next((n, ids) for n, ids in every_spelling(corpus_graph).items()
                               if len(ids) == 1 and " " in n)
    assert unit in index[normalise_name(corpus_graph.nodes[unit]["name"])]
    assert place in index[normalise_name(corpus_graph.nodes[place]["name"])]
    assert index[task_name] == tuple(task_ids)
    assert resolve(corpus_graph, task_name) == task_ids[0]
