"""Corrections over GraphQL: made by an editor of the document's jurisdiction, shown on every
answer, kept through re-ingest, flagged when their anchor sentence changes, reverted."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from store.audit import AuditEntry, list_audit
from store.ingest import ingest_file
from store.readback import first_row, one_row, stored_rows
from store.tables import Jurisdiction
from store.tokens import create_token
from tests.schema.conftest import as_token, codes, make_client, make_token

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
DOC_000 = CORPUS / "000_a92242b81cc0d015.txt"
KEY = "000_a92242b81cc0d015"
NUMBER = "温政发〔2018〕26号"
CORRECT = """mutation($input: CorrectBreakdownInput!) { correctBreakdown(input: $input) {
  correction { id document taskPath kind payload status reason createdBy before after } } }"""
REVERT = """mutation($id: Int!, $r: String!) { revertCorrection(input: {id: $id, reason: $r}) {
  correction { id status revertedBy } } }"""
TASK = """query($d: String!) { document(number: $d) { tasks { path corrected
  owners { name role corrected corrections { id reason } }
  corrections { id kind status } targets { value unit corrected } } } }"""
SNAPSHOT_OWNERS = """query($u: String!) { unit(name: $u) { tasks { path
  owners { name corrected corrections { id reason } } } }
  overdue(asOf: "2019-01-01") { key owners { name corrected corrections { id } } } }"""
LIST = """query($d: String, $s: CorrectionStatus) { corrections(document: $d, status: $s) {
  id taskPath kind status } }"""


def editor_token(engine: Engine, jurisdiction: str) -> str:
    """An editor token scoped to the jurisdiction with this full name (made if missing)."""
    with Session(engine) as session:
        row = first_row(session=session, model=Jurisdiction,
                        where=[Jurisdiction.full_name == jurisdiction])
        if row is None:
            province = one_row(session=session, model=Jurisdiction,
                               where=[Jurisdiction.full_name == "浙江省"])
            row = Jurisdiction(name=jurisdiction.removeprefix("浙江省"), full_name=jurisdiction,
                               level="city", parent_id=province.id)
            session.add(row)
            session.flush()
        _, clear = create_token(session=session, unit_id=None, role="editor", jurisdiction_id=row.id)
        session.commit()
    return clear


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    path = tmp_path / DOC_000.name
    shutil.copy(DOC_000, path)
    return path


@pytest.fixture
def app(engine: Engine, copy: Path) -> Iterator[TestClient]:
    """The app over document 000 ingested from an editable copy (both back-ends)."""
    assert ingest_file(engine=engine, path=copy).ok
    with make_client(engine) as client:
        yield client


def _task(client: TestClient, path: str) -> dict[str, Any]:
    tasks = as_token(client, None, TASK, d=NUMBER)["data"]["document"]["tasks"]
    return next(t for t in tasks if t["path"] == path)


def _add_finance(client: TestClient, token: str) -> dict[str, Any]:
    return as_token(client, token, CORRECT, input={
        "document": "温政发〔2018〕26号", "taskPath": "二(二)1", "kind": "ADD_UNIT",
        "unit": "市财政局", "role": "CO", "reason": "责任分解表列明"})


def test_a_correction_made_through_graphql_survives_reingest_and_is_flagged_when_its_anchor_changes(
        app: TestClient, engine: Engine, copy: Path) -> None:
    editor = editor_token(engine, "浙江省温州市")
    body = _add_finance(app, editor)
    made = body["data"]["correctBreakdown"]["correction"]
    assert (made["kind"], made["status"], made["document"]) == ("ADD_UNIT", "ACTIVE", KEY)
    assert "市财政局" in made["after"] and "市财政局" not in made["before"]
    task = _task(app, "二(二)1")
    assert task["corrected"] and [c["kind"] for c in task["corrections"]] == ["ADD_UNIT"]
    finance = next(o for o in task["owners"] if o["name"] == "市财政局")
    assert finance["corrected"] and finance["corrections"] == [{"id": made["id"], "reason": "责任分解表列明"}]
    assert not next(o for o in task["owners"] if o["name"] != "市财政局")["corrected"]

    assert ingest_file(engine=engine, path=copy, force=True).status == "updated"
    assert "市财政局" in [o["name"] for o in _task(app, "二(二)1")["owners"]]

    copy.write_text(copy.read_text(encoding="utf-8").replace(
        "建立健全生态旅游文化产业园管理运营机制", "建立生态旅游文化产业园运营机制"), encoding="utf-8")
    assert ingest_file(engine=engine, path=copy).status == "updated"
    task = _task(app, "二(二)1")
    assert "市财政局" not in [o["name"] for o in task["owners"]]
    flagged = as_token(app, None, LIST, d=KEY, s="NEEDS_REVIEW")["data"]["corrections"]
    assert [(c["id"], c["taskPath"]) for c in flagged] == [(made["id"], "二(二)1")]
    with Session(engine) as session:
        actions = [(e.action, e.actor, e.outcome) for e in stored_rows(
            session=session, model=AuditEntry,
            where=[AuditEntry.target == f"correction:{made['id']}"], order_by=[AuditEntry.id])]
    assert actions[0][1:] == (editor.split("_")[1], "ok")
    assert [a for a, *_ in actions] == ["correct_breakdown", "correction_status"]


def test_a_unit_added_by_a_correction_is_shown_corrected_where_the_snapshot_answers_owners(
        app: TestClient, engine: Engine) -> None:
    # a unit's tasks and an obligation's owners come from the graph snapshot, which knows
    # the task of each owner but not the correction behind its link: the loader reads it
    made = _add_finance(app, make_token(engine, "admin"))["data"]["correctBreakdown"]["correction"]
    data = as_token(app, None, SNAPSHOT_OWNERS, u="市财政局")["data"]
    [task] = [t for t in data["unit"]["tasks"] if t["path"] == "二(二)1"]
    owners = {o["name"]: o for o in task["owners"]}
    assert owners.pop("市财政局") == {"name": "市财政局", "corrected": True, "corrections": [
        {"id": made["id"], "reason": "责任分解表列明"}]}
    assert owners and not any(o["corrected"] or o["corrections"] for o in owners.values())
    [park] = [o for o in data["overdue"] if o["key"] == "deadline:000_a92242b81cc0d015/二(二)1/1"]
    shown = [(o["name"], o["corrected"], o["corrections"]) for o in park["owners"]]
    assert ("市财政局", True, [{"id": made["id"]}]) in shown
    assert len(data["overdue"]) > 1 and not any(
        o["corrected"] for ob in data["overdue"] for o in ob["owners"] if o["name"] != "市财政局")


def test_reverting_through_graphql_restores_the_extraction(app: TestClient, engine: Engine) -> None:
    admin = make_token(engine, "admin")
    before = _task(app, "二(二)1")
    made = _add_finance(app, admin)["data"]["correctBreakdown"]["correction"]
    reverted = as_token(app, admin, REVERT, id=made["id"], r="表格有误")["data"]["revertCorrection"]["correction"]
    assert reverted["status"] == "REVERTED"
    assert _task(app, "二(二)1") == before


def test_an_editor_of_another_city_is_forbidden_and_the_refusal_audited(
        app: TestClient, engine: Engine) -> None:
    hangzhou = editor_token(engine, "浙江省杭州市")
    body = _add_finance(app, hangzhou)
    assert codes(body) == ["FORBIDDEN"]
    assert body["errors"][0]["extensions"]["reason"] == "jurisdiction"
    assert as_token(app, None, LIST, d=KEY)["data"]["corrections"] == []
    with Session(engine) as session:
        [entry] = list_audit(session=session, action="correct_breakdown")
    assert (entry.outcome, entry.actor_role, entry.target) == ("forbidden", "editor", f"document:{KEY}")


def test_an_editor_of_the_province_may_correct_a_city_document(app: TestClient, engine: Engine) -> None:
    assert "errors" not in _add_finance(app, editor_token(engine, "浙江省"))


@pytest.mark.parametrize("role", ["viewer", "reporter"])
def test_readers_and_reporters_may_not_correct(app: TestClient, engine: Engine, role: str) -> None:
    token = make_token(engine, role, "市招商局" if role == "reporter" else None)
    assert codes(_add_finance(app, token)) == ["FORBIDDEN"]


def test_a_correction_that_cannot_be_made_is_refused_and_audited(app: TestClient, engine: Engine) -> None:
    admin = make_token(engine, "admin")
    body = as_token(app, admin, CORRECT, input={
        "document": KEY, "taskPath": "二(二)1", "kind": "REMOVE_UNIT", "unit": "市审计局",
        "reason": "x"})
    assert codes(body) == ["BAD_USER_INPUT"] and "市审计局" in body["errors"][0]["message"]
    bad = as_token(app, admin, CORRECT, input={"document": KEY, "taskPath": "二(二)1",
                                                "kind": "SET_ROLE", "payload": '{"unit": "x", "role": "boss"}',
                                                "reason": "x"})
    assert codes(bad) == ["BAD_USER_INPUT"]
    with Session(engine) as session:
        outcomes = [e.outcome for e in stored_rows(session=session, model=AuditEntry, where=[
            AuditEntry.action == "correct_breakdown"])]
    assert outcomes == ["refused", "refused"]
    assert as_token(app, None, LIST, d=KEY)["data"]["corrections"] == []


def test_a_target_fixed_through_typed_fields_is_shown_corrected(app: TestClient, engine: Engine) -> None:
    admin = make_token(engine, "admin")
    body = as_token(app, admin, CORRECT, input={
        "document": KEY, "taskPath": "二(二)1", "kind": "FIX_TARGET", "value": 2,
        "measure": "亿元", "newValue": 3, "reason": "笔误"})
    assert body["data"]["correctBreakdown"]["correction"]["payload"] == '{"value": 2.0, "unit": "亿元", "set": {"value": 3.0}}'
    assert _task(app, "二(二)1")["targets"] == [{"value": 3.0, "unit": "亿元", "corrected": True}]


def test_an_obligation_from_a_corrected_deadline_says_so(app: TestClient, engine: Engine) -> None:
    admin = make_token(engine, "admin")
    made = as_token(app, admin, CORRECT, input={
        "document": KEY, "taskPath": "二(二)1", "kind": "SET_DEADLINE", "due": "2018-09-30",
        "reason": "延期"})["data"]["correctBreakdown"]["correction"]
    query = '{ overdue(asOf: "2019-01-01") { key dueDate corrected corrections { id } } }'
    overdue = as_token(app, None, query)["data"]["overdue"]
    park = next(o for o in overdue if o["key"] == "deadline:000_a92242b81cc0d015/二(二)1/1")
    assert park == {"key": park["key"], "dueDate": "2018-09-30", "corrected": True,
                    "corrections": [{"id": made["id"]}]}
    assert len(overdue) > 1 and not any(o["corrected"] or o["corrections"]
                                        for o in overdue if o is not park)


def test_only_an_editor_of_the_documents_jurisdiction_may_revert(app: TestClient, engine: Engine) -> None:
    made = _add_finance(app, editor_token(engine, "浙江省温州市"))["data"]["correctBreakdown"]["correction"]
    refused = as_token(app, editor_token(engine, "浙江省杭州市"), REVERT, id=made["id"], r="x")
    assert codes(refused) == ["FORBIDDEN"]
    assert as_token(app, None, LIST, d=KEY, s="ACTIVE")["data"]["corrections"] == [
        {"id": made["id"], "taskPath": "二(二)1", "kind": "ADD_UNIT", "status": "ACTIVE"}]
    with Session(engine) as session:
        [entry] = list_audit(session=session, action="revert_correction")
    assert (entry.outcome, entry.target) == ("forbidden", f"correction:{made['id']}")
