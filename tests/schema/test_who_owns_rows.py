"""``whoOwns`` reads plain target rows and the data version in one statement: the rows
hold what the ORM objects of the previous path held, the answers are the previous path's
(bundled and generated corpora), the 40亿元 target is the one read by hand from
温政发〔2018〕26号, and the snapshot answers owners only for rows of its own version."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from graph.state import GraphHolder
from schema.context import make_context
from server import schema
from settings import Settings
from store import batches
from store.ingest import bundled_paths, ingest_file
from store.quoting import target_rows_quoting
from store.search import targets_quoting
from store.tables import Target
from tests.alerts import corpus_copy
from tests.corpus_db import corpus_engine

corpus_template = corpus_copy.corpus_template
corpus_url = corpus_copy.corpus_url
corpus_db = corpus_copy.corpus_db

PHRASES = ["40亿元", "亿元", "%", "个", "30个", "65%", "不少于", "没有这句话"]
FIELDS = ("rowId path quote value valueMax unit baseValue baseUnit metric comparator scope "
          "period due source { path quote start end }")
WHO_OWNS = '{{ whoOwns(text: "{}") {{ target {{ {} }} owners {{ name role }} }} }}'


def _ask(holder: GraphHolder, query: str, *, older: bool = False) -> dict[str, Any]:
    """The answer; with ``older`` the snapshot looks older than the store (owners are
    then read through the DataLoaders)."""
    context = make_context(holder, Settings())
    if older:
        context.snapshot = dataclasses.replace(context.snapshot, version=-1)
    try:
        result = asyncio.run(schema.execute(query, context_value=context))
    finally:
        context.close()
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


@pytest.fixture(scope="module", params=[0, 30], ids=["bundled", "generated"])
def holder(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphHolder]:
    engine = corpus_engine(tmp_path_factory.mktemp("rows"), generated=request.param, seed=11)
    yield GraphHolder(engine, check_interval=3600)
    engine.dispose()


@pytest.mark.parametrize("phrase", PHRASES)
def test_plain_rows_hold_every_column_the_orm_objects_held_in_their_order(
        holder: GraphHolder, phrase: str) -> None:
    with Session(holder.engine) as session:
        objects = targets_quoting(session=session, phrase=phrase)
        rows, version = target_rows_quoting(session=session, phrase=phrase)
        now = batches.version_now(session=session)
        limited = target_rows_quoting(session=session, phrase=phrase, limit=2).rows
    columns = list(Target.model_fields)
    assert [{c: getattr(r, c) for c in columns} for r in rows] == [
        {c: getattr(o, c) for c in columns} for o in objects]
    assert [r.id for r in limited] == [o.id for o in objects[:2]]
    assert version == (now if objects else None)


@pytest.mark.parametrize("phrase", PHRASES)
def test_who_owns_answers_what_the_orm_rows_and_the_loaders_answer(
        holder: GraphHolder, phrase: str) -> None:
    query = WHO_OWNS.format(phrase, FIELDS)
    answer = _ask(holder, query)["whoOwns"]
    assert answer == _ask(holder, query, older=True)["whoOwns"], "owners as the loaders read"
    with Session(holder.engine) as session:
        objects = targets_quoting(session=session, phrase=phrase)
        owners: dict[int, list[tuple[str, str]]] = {}
        for link, unit in batches.owners_of_tasks(
                session=session, task_ids=[o.task_id for o in objects if o.task_id]):
            owners.setdefault(link.task_id, []).append((unit.name, link.role))
    exact = [o for o in objects if f"{o.value:g}{o.unit}" == phrase] or objects
    assert [a["target"]["rowId"] for a in answer] == [o.id for o in exact]
    for got, row in zip(answer, exact, strict=True):
        assert (got["target"]["path"], got["target"]["quote"], got["target"]["value"],
                got["target"]["unit"]) == (row.path, row.source_quote, row.value, row.unit)
        # the store's links, lead first
        assert sorted((o["name"], o["role"].lower()) for o in got["owners"]) == sorted(
            owners.get(row.task_id or 0, []))
        if any(role == "lead" for _, role in owners.get(row.task_id or 0, [])):
            assert got["owners"][0]["role"] == "LEAD"


def test_40_yi_is_the_yearly_target_of_er_yi_read_by_hand(holder: GraphHolder) -> None:
    # 温政发〔2018〕26号 二(一): 全市每年实现山海协作产业项目到位资金不少于40亿元(含3年内续建项目),
    # 其中…占65%。(责任单位:市招商局〈经合办〉,结对县〈市、区〉党委、政府)
    answer = _ask(holder, WHO_OWNS.format("40亿元", FIELDS))["whoOwns"]
    bundled = [a for a in answer if a["target"]["source"]["quote"].startswith("全市每年实现山海协作")]
    assert len(bundled) == 1
    target = bundled[0]["target"]
    assert (target["path"], target["value"], target["valueMax"], target["unit"],
            target["baseValue"], target["baseUnit"], target["comparator"], target["period"],
            target["scope"], target["metric"]) == (
        "二(一)", 40.0, None, "亿元", 4_000_000_000.0, "元", "GE", "YEARLY", "全市",
        "山海协作产业项目到位资金")
    assert target["quote"] == ("全市每年实现山海协作产业项目到位资金不少于40亿元(含3年内续建项目),其中信息、"
                               "环保、健康、旅游、时尚、文化、金融、高端装备等八大产业项目数和到位资金占65%。")
    assert bundled[0]["owners"][:2] == [{"name": "市招商局", "role": "LEAD"},
                                        {"name": "结对县(市、区)党委、政府", "role": "CO"}]
    # the section's own subject (五个经济发达的区(市)要加大…) co-owns it
    assert {"name": "五个经济发达的区(市)", "role": "CO"} in bundled[0]["owners"]
    # the sentence's other target (占65%) is not the text asked about
    assert all(a["target"]["unit"] == "亿元" for a in answer)


def test_rows_read_after_a_reingest_carry_the_new_version_and_the_stores_owners(
        corpus_db: Engine, tmp_path: Path) -> None:
    holder = GraphHolder(corpus_db, check_interval=3600)  # keeps this snapshot
    with Session(corpus_db) as session:
        before = target_rows_quoting(session=session, phrase="40亿元")
    assert before.version == holder.snapshot.version
    text = bundled_paths()[0].read_text(encoding="utf-8")
    edited = tmp_path / "opinion.txt"
    edited.write_text(text.replace("(责任单位:市招商局〈经合办〉,结对县〈市、区〉党委、政府)",
                                   "(责任单位:市财政局)", 1), encoding="utf-8")
    assert ingest_file(engine=corpus_db, path=edited).status == "updated"
    with Session(corpus_db) as session:
        after = target_rows_quoting(session=session, phrase="40亿元")
    assert after.version is not None and before.version is not None
    assert after.version > before.version, "the statement read the new version"
    # the snapshot still holds 市招商局 for the old task; the answer is the store's
    owns = _ask(holder, WHO_OWNS.format("40亿元", "path"))["whoOwns"]
    assert owns[0]["owners"][0] == {"name": "市财政局", "role": "LEAD"}
    assert "市招商局" not in [o["name"] for o in owns[0]["owners"]]
