"""Successions (机构改革) over GraphQL: recordSuccession hands a bureau's obligations to its
successor from a day, and a look-up by the old name answers with the successor.

温政发〔2018〕26号 names 市国土资源局 in 二(二)2 (2018年四季度前 … 完成规划评审 →
2018-12-31; 2020年 … 计划总投资237.7亿元 → 2020-12-31) and 二(二)3 (力争2018年取得实质性
进展 → 2018-12-31; 2019年前 → 2019-12-31; 2020年前 … 2020 年前建成 → one 2020-12-31
instance).  With 市国土资源局 merged into 市自然资源和规划局 on 2019-03-01, the two
instances due in 2018 stay 市国土资源局's and the three due from 2019 are the successor's.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from extract.model import UnitRef
from store.audit import list_audit
from store.crud.units import upsert_unit
from store.db import writing
from store.readback import column_values, first_row
from store.tables import Unit
from tests.schema.conftest import as_token, codes, make_token

OLD, NEW = "市国土资源局", "市自然资源和规划局"
RECORD = """mutation($from: String!, $to: String!, $on: Date!) {
  recordSuccession(input: {from: $from, to: $to, on: $on, kind: MERGE, jurisdiction: "温州市",
                   note: "温州市机构改革方案"}) { succession {
    predecessor { name } successor { name jurisdiction { fullName } } kind effectiveOn note } } }"""
OVERDUE = """query($u: String!) { overdue(asOf: "2021-06-01", unit: $u, jurisdiction: "温州市") {
  path dueDate owners { name answersFor } } }"""
LOOKUP = """query($n: String!, $d: Date) { unit(name: $n, asOf: $d) { name
  answeredFor { predecessor { name } successor { name } kind effectiveOn }
  tasks { path } } }"""


def data(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body["errors"]
    answer: dict[str, Any] = body["data"]
    return answer


def test_a_succession_moves_open_obligations_from_its_day_and_the_old_name_says_so(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    before = data(as_token(corpus_client, None, OVERDUE, u=OLD))["overdue"]
    assert sorted((r["path"], r["dueDate"]) for r in before) == [
        ("二(二)2", "2018-12-31"), ("二(二)2", "2020-12-31"), ("二(二)3", "2018-12-31"),
        ("二(二)3", "2019-12-31"), ("二(二)3", "2020-12-31")]
    admin = make_token(corpus_db, "admin")
    recorded = data(as_token(corpus_client, admin, RECORD, **{"from": OLD, "to": NEW,
                                                              "on": "2019-03-01"}))
    assert recorded["recordSuccession"]["succession"] == {
        "predecessor": {"name": OLD},
        "successor": {"name": NEW, "jurisdiction": {"fullName": "浙江省温州市"}},
        "kind": "MERGE", "effectiveOn": "2019-03-01", "note": "温州市机构改革方案"}

    kept = data(as_token(corpus_client, None, OVERDUE, u=OLD))["overdue"]
    assert sorted((r["path"], r["dueDate"]) for r in kept) == [
        ("二(二)2", "2018-12-31"), ("二(二)3", "2018-12-31")]
    moved = data(as_token(corpus_client, None, OVERDUE, u=NEW))["overdue"]
    assert sorted((r["path"], r["dueDate"]) for r in moved) == [
        ("二(二)2", "2020-12-31"), ("二(二)3", "2019-12-31"), ("二(二)3", "2020-12-31")]
    for row in moved:
        names = [(o["name"], o["answersFor"]) for o in row["owners"]]
        assert (NEW, OLD) in names and all(n != OLD for n, _ in names)

    now = data(as_token(corpus_client, None, LOOKUP, n=OLD))["unit"]
    assert now["name"] == NEW
    assert now["answeredFor"] == [{"predecessor": {"name": OLD}, "successor": {"name": NEW},
                                   "kind": "MERGE", "effectiveOn": "2019-03-01"}]
    assert now["tasks"] == []  # the documents gave the work to the old name
    then = data(as_token(corpus_client, None, LOOKUP, n=OLD, d="2019-02-28"))["unit"]
    assert (then["name"], then["answeredFor"]) == (OLD, [])
    assert [t["path"] for t in then["tasks"]] == ["二(二)2", "二(二)3"]  # history keeps it
    with Session(corpus_db) as session:
        audited = list_audit(session=session, action="record_succession")
    assert len(audited) == 1
    assert json.loads(audited[0].new_value or "{}")["successor"] == NEW


def test_only_an_admin_records_a_succession(corpus_client: TestClient, corpus_db: Engine) -> None:
    reporter = make_token(corpus_db, "reporter", OLD)
    body = as_token(corpus_client, reporter, RECORD, **{"from": OLD, "to": NEW, "on": "2019-03-01"})
    assert codes(body) == ["FORBIDDEN"]
    assert data(as_token(corpus_client, None, LOOKUP, n=OLD))["unit"]["name"] == OLD


def test_a_succession_back_into_its_predecessor_is_refused(corpus_client: TestClient,
                                                           corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    data(as_token(corpus_client, admin, RECORD, **{"from": OLD, "to": NEW, "on": "2019-03-01"}))
    body = as_token(corpus_client, admin, RECORD, **{"from": NEW, "to": OLD, "on": "2020-01-01"})
    assert codes(body) == ["BAD_USER_INPUT"]


def test_an_alias_added_by_an_admin_finds_the_unit(corpus_client: TestClient,
                                                   corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    added = data(as_token(corpus_client, admin, """mutation { addUnitAlias(input: {unit: "市招商局",
      alias: "市投资促进局", jurisdiction: "浙江省温州市"}) { unit { name aliases } } }"""))
    assert added["addUnitAlias"]["unit"] == {"name": "市招商局", "aliases": ["市投资促进局", "经合办"]}
    found = data(as_token(corpus_client, None, '{ unit(name: "市投资促进局") { name } }'))
    assert found["unit"] == {"name": "市招商局"}
    taken = as_token(corpus_client, admin, """mutation { addUnitAlias(input: {unit: "市招商局",
      alias: "市商务局", jurisdiction: "温州市"}) { unit { name } } }""")
    assert codes(taken) == ["BAD_USER_INPUT"]  # another unit's name in that government


def test_a_bureau_split_in_two_is_answered_with_both_successors_to_choose_from(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    split = """mutation($to: String!) { recordSuccession(input: {from: "市规划局", to: $to,
      on: "2019-03-01", kind: SPLIT, jurisdiction: "温州市"}) { succession { kind } } }"""
    for successor in (NEW, "市住房和城乡建设局"):
        assert data(as_token(corpus_client, admin, split, to=successor)) == {
            "recordSuccession": {"succession": {"kind": "SPLIT"}}}
    body = as_token(corpus_client, None, LOOKUP, n="市规划局")
    assert codes(body) == ["AMBIGUOUS"]
    assert sorted(body["errors"][0]["extensions"]["candidates"]) == sorted(
        [f"{NEW}（浙江省温州市）", "市住房和城乡建设局（浙江省温州市）"])
    # both successors answer for the instances due from that day (二(二)3, 2019年前)
    for successor in (NEW, "市住房和城乡建设局"):
        late = data(as_token(corpus_client, None, OVERDUE, u=successor))["overdue"]
        assert ("二(二)3", "2019-12-31") in {(r["path"], r["dueDate"]) for r in late}


def test_a_succession_recorded_while_a_document_names_its_new_successor_is_recorded_too(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    # Storing a document that names the successor holds the writer's lock with the new
    # unit uncommitted; the mutation, which creates the successor when missing, waits for
    # it and then finds it, rather than inserting it again and failing on the constraint.
    admin = make_token(corpus_db, "admin")
    first = Session(corpus_db, expire_on_commit=False)
    writing(first)
    predecessor = first_row(session=first, model=Unit, where=[Unit.name == OLD])
    assert predecessor is not None and predecessor.jurisdiction_id is not None
    upsert_unit(session=first, jurisdiction_id=predecessor.jurisdiction_id,
                ref=UnitRef(name=NEW, raw=NEW, level="city"))
    answers: list[dict[str, Any]] = []
    second = threading.Thread(target=lambda: answers.append(as_token(
        corpus_client, admin, RECORD, **{"from": OLD, "to": NEW, "on": "2019-03-01"})))
    second.start()
    time.sleep(1.0)  # the mutation reaches its reads, or waits for the writer
    assert not answers, "the mutation finished while the document was uncommitted"
    first.commit()
    first.close()
    second.join(timeout=60)
    assert len(answers) == 1
    assert data(answers[0])["recordSuccession"]["succession"]["successor"]["name"] == NEW
    with Session(corpus_db) as session:
        assert column_values(session=session, column=Unit.name, where=[Unit.name == NEW]) == [NEW]
