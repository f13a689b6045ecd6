"""A snapshot's node attributes are one tuple of values per node (graph.attributes) and
read as the dicts NetworkX alone makes (tests/graph/plain_build): on the bundled corpus
and a generated one, every node's names in order, values, look-ups with and without a
default, membership and equality; writes refused, copies plain dicts."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session

from graph.attributes import Attributes, Fixed, Labelled, laid_out
from graph.build import build_graph
from tests.corpus_db import corpus_engine
from tests.graph.plain_build import plain_build

ABSENT = ("due", "horizon", "correction_id", "source_quote", "stub", "no such name")


@pytest.fixture(scope="module", params=[0, 30], ids=["bundled", "generated"])
def graphs(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any]]:
    """(the snapshot, the same graph as NetworkX alone makes it)."""
    engine = corpus_engine(tmp_path_factory.mktemp("attributes"), generated=request.param, seed=5)
    with Session(engine) as session:
        snapshot = build_graph(session)
    plain = plain_build(engine)
    engine.dispose()
    yield snapshot, plain


def test_every_node_reads_as_the_plain_graphs_dict(graphs: tuple[Any, Any]) -> None:
    snapshot, plain = graphs
    assert list(snapshot.nodes) == list(plain.nodes)
    for node, theirs in plain.nodes(data=True):
        mine = snapshot.nodes[node]
        assert isinstance(mine, Attributes)
        assert list(mine) == list(theirs) and len(mine) == len(theirs)
        assert list(mine.items()) == list(theirs.items())
        assert list(mine.values()) == list(theirs.values())
        assert all(mine[name] == value and name in mine for name, value in theirs.items())
        for name in ABSENT:
            assert (name in mine) == (name in theirs)
            assert mine.get(name) == theirs.get(name)
            assert mine.get(name, "默认") == theirs.get(name, "默认")
        assert mine == theirs and theirs == mine and {**mine} == theirs and dict(mine) == theirs
    assert list(snapshot.nodes(data="kind")) == list(plain.nodes(data="kind"))
    assert list(snapshot.nodes(data="due", default=0)) == list(plain.nodes(data="due", default=0))


def test_node_attributes_refuse_writes_and_copy_as_plain_dicts(graphs: tuple[Any, Any]) -> None:
    snapshot, plain = graphs
    node = next(n for n, d in plain.nodes(data=True) if d["kind"] == "Task")
    mine = snapshot.nodes[node]
    with pytest.raises(KeyError):
        mine["no such name"]
    for write in (lambda: mine.__setitem__("kind", "Unit"), lambda: mine.update(kind="Unit"),
                  lambda: mine.pop("kind"), lambda: mine.setdefault("x", 1)):
        with pytest.raises(TypeError):
            write()
    assert mine["kind"] == "Task"
    for copied in (mine.copy(), copy.copy(mine), copy.deepcopy(mine), pickle.loads(pickle.dumps(mine))):
        assert type(copied) is dict and copied == plain.nodes[node]
    changeable = snapshot.copy()
    changeable.nodes[node]["kind"] = "Unit"
    assert snapshot.nodes[node]["kind"] == "Task"
    assert mine != changeable.nodes[node]


def _label_source(d: Any) -> str | None:
    return next((n for n in ("path", "raw", "name", "number", "title")
                 if isinstance(d["label"], str) and d.get(n) is d["label"]), None)


def test_nodes_of_one_layout_share_one_class(graphs: tuple[Any, Any]) -> None:
    snapshot, _ = graphs
    classes = {type(d) for _, d in snapshot.nodes(data=True)}
    # a layout: the names, the kind, which value the label is, an obligation's basis and
    # recurrence
    layouts = {(tuple(d), d["kind"], _label_source(d), d.get("basis"), d.get("recurrence"))
               for _, d in snapshot.nodes(data=True)}
    assert len(classes) == len(layouts) < snapshot.number_of_nodes() / 10


def test_a_nodes_kind_and_a_label_equal_to_its_path_are_not_kept_per_node(
        graphs: tuple[Any, Any]) -> None:
    snapshot, plain = graphs
    checked = 0
    for node, d in snapshot.nodes(data=True):
        theirs = plain.nodes[node]
        if theirs["kind"] in ("Section", "Task") and theirs["label"] == theirs["path"]:
            assert d._stored == len(theirs) - 2  # the tuple's values before its neighbours
            assert d["kind"] == theirs["kind"] and d["label"] == theirs["label"]
            checked += 1
    assert checked > 10


def test_edge_data_with_more_than_its_type_reads_as_the_plain_graphs(graphs: tuple[Any, Any]) -> None:
    snapshot, plain = graphs
    mine = list(snapshot.edges(keys=True, data=True))
    theirs = list(plain.edges(keys=True, data=True))
    assert [e[:3] for e in mine] == [e[:3] for e in theirs]
    laid = 0
    for (_, _, _, d), (_, _, _, t) in zip(mine, theirs, strict=True):
        laid += isinstance(d, Attributes)
        assert d == t and list(d.items()) == list(t.items()) and dict(d) == t
        assert all(d[name] == value and d.get(name) == value for name, value in t.items())
        assert d.get("role", "co") == t.get("role", "co") and d.get("position") == t.get("position")
    assert laid > 0  # unit links carry their role and position


def test_a_label_made_from_a_sections_or_targets_values_is_not_kept_per_node(
        graphs: tuple[Any, Any]) -> None:
    snapshot, plain = graphs
    made = 0
    for node, d in snapshot.nodes(data=True):
        theirs = plain.nodes[node]
        if isinstance(d, Labelled):
            assert theirs["kind"] in ("Section", "Target")
            assert d._stored == len(theirs) - 2  # neither kind nor label in the tuple
            assert d["label"] == d.get("label") == theirs["label"] and "label" in d
            made += 1
    assert made > 10


def test_a_label_its_values_do_not_make_exactly_is_kept() -> None:
    layouts: dict[Any, Any] = {}
    made = laid_out({"kind": "Section", "label": "一 总则", "path": "一", "heading": "总则"}, layouts)
    kept = laid_out({"kind": "Section", "label": "一 总则 ", "path": "一", "heading": "总则 "},
                    layouts)
    target = laid_out({"kind": "Target", "label": "40亿元", "value": 40.0, "unit": "亿元"}, layouts)
    assert isinstance(made, Labelled) and isinstance(target, Labelled)
    assert not isinstance(kept, Labelled) and kept["label"] == "一 总则 "
    assert made["label"] == "一 总则" and target["label"] == "40亿元"
    assert dict(made) == {"kind": "Section", "label": "一 总则", "path": "一", "heading": "总则"}


def test_an_obligations_basis_and_recurrence_are_kept_by_its_class(graphs: tuple[Any, Any]) -> None:
    snapshot, plain = graphs
    checked = 0
    for node, d in snapshot.nodes(data=True):
        theirs = plain.nodes[node]
        if theirs["kind"] != "Obligation":
            continue
        assert isinstance(d, Fixed)
        assert d._stored == len(theirs) - 4  # kind, label (its raw), basis, recurrence
        for name in ("basis", "recurrence"):
            assert d[name] == d.get(name) == theirs[name] and name in d
        assert list(d) == list(theirs) and dict(d) == theirs
        checked += 1
    assert checked > 10


def test_obligations_of_another_recurrence_get_another_class() -> None:
    layouts: dict[Any, Any] = {}
    names = {"kind": "Obligation", "label": "每年", "basis": "deadline", "raw": "每年"}
    yearly = laid_out({**names, "recurrence": "yearly", "due": None}, layouts)
    once = laid_out({**names, "recurrence": "once", "due": None}, layouts)
    assert type(yearly) is not type(once) and tuple.__len__(yearly) == tuple.__len__(once) == 2  # raw, due
    assert yearly["recurrence"] == "yearly" and once.get("recurrence") == "once"
    assert once.get("missing", 3) == 3 and once["label"] == "每年" and once["kind"] == "Obligation"
    with pytest.raises(KeyError):
        once["missing"]
