"""A unit's tasks and ``whoOwns`` answer their owners and document headers from the
request's snapshot when the rows were read at its version: the same answers the
DataLoaders give (bundled and generated corpora), without their queries, on the
plain-leaf path; after a re-ingest the snapshot has not caught up with, the loaders
answer, so one answer never joins the snapshot's facts to the store's new rows."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session
from strawberry import relay

from graph.state import GraphHolder
from hardening.leaves import LeafExecution
from schema.context import make_context
from schema.query import schema as ordinary_schema
from server import schema as served_schema
from settings import Settings
from store import batches
from store.ingest import bundled_paths, ingest_file
from store.readback import stored_rows
from store.tables import Task
from tests.alerts import corpus_copy
from tests.corpus_db import corpus_engine

corpus_template = corpus_copy.corpus_template
corpus_url = corpus_copy.corpus_url
corpus_db = corpus_copy.corpus_db

DOCUMENT = "document { rowId key number title label issuer issuedOn withdrawnOn supersededOn supersededBy }"
OWNERS = "owners { name role answersFor corrected unit { rowId name } }"
EVERY_UNIT = f"{{ units(first: 500) {{ rowId tasks {{ rowId path {DOCUMENT} {OWNERS} }} }} }}"
CARD = """{ unit(name: "经合办", jurisdiction: "浙江省温州市") { name aliases level tasks { path document { number } }
  targets { path value unit } } }"""
CARD_OWNERS = '{ unit(name: "经合办", jurisdiction: "浙江省温州市") { tasks { rowId path owners { name role } } } }'
WHO_OWNS = '{{ whoOwns(text: "{}") {{ target {{ rowId path quote value unit }} {} }} }}'


def _ask(holder: GraphHolder, query: str, *, loaders: bool = False,
         schema: Any = served_schema) -> dict[str, Any]:
    """The answer; with ``loaders`` the snapshot is made to look older than the store, so
    every owner and document is read through the DataLoaders (the previous path)."""
    context = make_context(holder, Settings())
    if loaders:
        context.snapshot = dataclasses.replace(context.snapshot, version=-1)
    try:
        result = asyncio.run(schema.execute(query, context_value=context))
    finally:
        context.close()
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


def _resolved_through_graphql_core(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The parent type of every field graphql-core resolves from now on (the plain-leaf
    path answers the others without it)."""
    resolved: list[str] = []
    ordinary = LeafExecution.execute_field

    def counted(self: LeafExecution, parent_type: Any, *args: Any) -> Any:
        resolved.append(parent_type.name)
        return ordinary(self, parent_type, *args)

    monkeypatch.setattr(LeafExecution, "execute_field", counted)
    return resolved


@pytest.fixture(scope="module", params=[0, 30], ids=["bundled", "generated"])
def holder(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphHolder]:
    engine = corpus_engine(tmp_path_factory.mktemp("held"), generated=request.param, seed=5)
    yield GraphHolder(engine, check_interval=3600)
    engine.dispose()


@pytest.mark.parametrize("schema", [served_schema, ordinary_schema], ids=["served", "ordinary"])
def test_every_units_tasks_answer_documents_and_owners_as_the_loaders_do(
        holder: GraphHolder, schema: Any) -> None:
    held = _ask(holder, EVERY_UNIT, schema=schema)
    loaded = _ask(holder, EVERY_UNIT, loaders=True, schema=schema)
    assert held == loaded
    tasks = [t for u in held["units"] for t in u["tasks"]]
    assert len(tasks) >= 20
    assert sum(len(t["owners"]) > 1 for t in tasks) >= 5, "tasks with several owners"


@pytest.mark.parametrize("text", ["40亿元", "亿元", "%", "个"])
def test_who_owns_answers_owners_as_the_loaders_do(holder: GraphHolder, text: str) -> None:
    query = WHO_OWNS.format(text, OWNERS)
    held, loaded = _ask(holder, query), _ask(holder, query, loaders=True)
    assert held == loaded
    assert held["whoOwns"], "the corpus answers"


def test_the_card_answers_the_owners_read_from_the_opinion(holder: GraphHolder) -> None:
    tasks = {t["path"]: t for t in _ask(holder, CARD_OWNERS)["unit"]["tasks"]}
    # 温政发〔2018〕26号 二(二)2: (责任单位:市招商局〈经合办〉、市发改委、市国土资源局、
    # 市规划局、市旅游局,结对县〈市、区〉党委、政府)
    assert [o["name"] for o in tasks["二(二)2"]["owners"]] == [
        "市招商局", "市发展和改革委员会", "市国土资源局", "市规划局", "市旅游局",
        "结对县(市、区)党委、政府"]
    assert tasks["二(二)2"]["owners"][0]["role"] == "LEAD"
    # 二(三)1: (责任单位:市农业局、市发改委、市旅游局、市招商局〈经合办〉,…): 市农业局 leads
    assert [(o["name"], o["role"]) for o in tasks["二(三)1"]["owners"][:4]] == [
        ("市农业局", "LEAD"), ("市发展和改革委员会", "CO"), ("市旅游局", "CO"), ("市招商局", "CO")]
    card = _ask(holder, CARD)["unit"]
    assert {t["document"]["number"] for t in card["tasks"]} >= {"温政发〔2018〕26号"}
    owns = _ask(holder, WHO_OWNS.format("40亿元", "owners { name role }"))["whoOwns"]
    assert owns[0]["target"]["path"] == "二(一)"
    assert owns[0]["owners"][:2] == [{"name": "市招商局", "role": "LEAD"},
                                     {"name": "结对县(市、区)党委、政府", "role": "CO"}]


def test_the_snapshot_answers_owners_and_documents_without_a_query(
        corpus_db: Engine) -> None:
    holder = GraphHolder(corpus_db, check_interval=3600)
    sent: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        sent.append(statement)

    event.listen(corpus_db, "before_cursor_execute", record)
    try:
        _ask(holder, CARD_OWNERS.replace("path", "path document { number }"))
        _ask(holder, WHO_OWNS.format("40亿元", "owners { name role }"))
    finally:
        event.remove(corpus_db, "before_cursor_execute", record)
    assert not [s for s in sent if "FROM document" in s], "no document header read"
    assert not [s for s in sent if "JOIN unit" in s], "no owners read"


def test_the_unit_card_and_who_owns_take_the_plain_leaf_path(
        corpus_db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    resolved = _resolved_through_graphql_core(monkeypatch)
    holder = GraphHolder(corpus_db, check_interval=3600)
    _ask(holder, CARD_OWNERS.replace("path", "path document { number }"))
    _ask(holder, WHO_OWNS.format("40亿元", "owners { name role }"))
    # graphql-core resolves the root fields and the unit's own; no task, owner, document
    assert set(resolved) == {"Query", "Unit"}, resolved


def test_a_changed_document_reingested_before_the_rebuild_answers_the_stores_owners(
        corpus_db: Engine, tmp_path: Path) -> None:
    holder = GraphHolder(corpus_db, check_interval=3600)  # keeps the old snapshot
    before = {t["path"]: t for t in _ask(holder, CARD_OWNERS)["unit"]["tasks"]}
    assert "市旅游局" in [o["name"] for o in before["二(二)2"]["owners"]]
    opinion = bundled_paths()[0]
    assert opinion.name == "000_a92242b81cc0d015.txt"
    text = opinion.read_text(encoding="utf-8")
    # 二(一) (the 40亿元 target) goes to 市财政局; 二(二)2 loses 市旅游局
    changed = text.replace("(责任单位:市招商局〈经合办〉,结对县〈市、区〉党委、政府)",
                           "(责任单位:市财政局,结对县〈市、区〉党委、政府)", 1).replace(
        "市规划局、市旅游局,结对县", "市规划局,结对县", 1)
    assert changed.count("市旅游局") == text.count("市旅游局") - 1
    edited = tmp_path / "opinion.txt"
    edited.write_text(changed, encoding="utf-8")
    assert ingest_file(engine=corpus_db, path=edited).status == "updated"

    after = _ask(holder, CARD_OWNERS)["unit"]["tasks"]
    with Session(corpus_db) as session:
        current = {task.id: task.path for task in stored_rows(session=session, model=Task)}
        owners: dict[int, list[str]] = {}
        for link, unit in batches.owners_of_tasks(session=session, task_ids=list(current)):
            owners.setdefault(link.task_id, []).append(unit.name)
    paths = {t["path"]: t for t in after}
    assert "二(一)" not in paths, "the store's tasks: 市招商局 no longer owns 二(一)"
    assert "市旅游局" not in [o["name"] for o in paths["二(二)2"]["owners"]]
    for task in after:  # every owner list is the store's, of the store's task
        assert current[task["rowId"]] == task["path"]
        assert sorted(o["name"] for o in task["owners"]) == sorted(owners[task["rowId"]])

    owns = _ask(holder, WHO_OWNS.format("40亿元", "owners { name role }"))["whoOwns"]
    assert owns[0]["owners"][0] == {"name": "市财政局", "role": "LEAD"}


PAIRED = """温州市人民政府关于推进甲乙工作的实施意见
温政发〔2099〕1号

各县(市、区)人民政府,市各有关单位:

一、主要任务

(一)推进甲项工作。2020年底前完成甲项工作,全市每年新增甲项目不少于12个。(责任单位:市财政局、市旅游局)

(二)推进乙项工作。2021年底前完成乙项工作。(责任单位:市旅游局、市财政局)
"""
PLANNING_CARD = ('{ unit(name: "市规划局", jurisdiction: "浙江省温州市") '
                 '{ tasks { rowId path owners { name role } document { number title } } } }')


def test_a_reingest_reusing_task_ids_never_joins_the_snapshots_facts_to_new_rows(
        corpus_db: Engine, tmp_path: Path) -> None:
    first = tmp_path / "first.txt"
    first.write_text(PAIRED, encoding="utf-8")
    assert ingest_file(engine=corpus_db, path=first).ok
    holder = GraphHolder(corpus_db, check_interval=3600)  # the snapshot of the first text
    with Session(corpus_db) as session:
        old_ids = {task.id for task in stored_rows(session=session, model=Task)}
    # the same 文号 with a new title, and 一(一) given to 市规划局 alone
    second = tmp_path / "second.txt"
    second.write_text(PAIRED.replace("推进甲乙工作", "推进甲乙丙工作").replace(
        "(责任单位:市财政局、市旅游局)", "(责任单位:市规划局)"), encoding="utf-8")
    assert ingest_file(engine=corpus_db, path=second).status == "updated"
    tasks = {t["path"]: t for t in _ask(holder, PLANNING_CARD)["unit"]["tasks"]}
    new = tasks["一(一)"]
    assert new["rowId"] in old_ids, "SQLite gave the new task a replaced task's id"
    # the store's owners and header, not the snapshot's for that id (市财政局, 市旅游局)
    assert new["owners"] == [{"name": "市规划局", "role": "LEAD"}]
    assert new["document"] == {"number": "温政发〔2099〕1号",
                               "title": "温州市人民政府关于推进甲乙丙工作的实施意见"}
    owns = _ask(holder, WHO_OWNS.format("12个", "owners { name role }"))["whoOwns"]
    assert owns == [{"target": {"rowId": owns[0]["target"]["rowId"], "path": "一(一)",
                                "quote": "2020年底前完成甲项工作,全市每年新增甲项目不少于12个。", "value": 12.0,
                                "unit": "个"},
                     "owners": [{"name": "市规划局", "role": "LEAD"}]}]


def test_listed_units_answer_their_task_counts_on_the_plain_leaf_path_as_the_loader_counts(
        holder: GraphHolder, monkeypatch: pytest.MonkeyPatch) -> None:
    listed = _ask(holder, "{ units(first: 500) { rowId taskCount } }")["units"]
    resolved = _resolved_through_graphql_core(monkeypatch)
    _ask(holder, "{ units(first: 500) { name taskCount } }")
    assert resolved == ["Query"], resolved[:5]  # no Unit field through graphql-core
    # a unit asked by its global id is not listed: its count comes from the loader
    for unit in listed[:40]:
        node = relay.to_base64("Unit", unit["rowId"])
        asked = _ask(holder, f'{{ node(id: "{node}") {{ ... on Unit {{ taskCount }} }} }}')
        assert asked["node"]["taskCount"] == unit["taskCount"], unit
    assert sum(u["taskCount"] for u in listed) >= 20
