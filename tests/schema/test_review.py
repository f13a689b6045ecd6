"""The review queue over GraphQL: listing a document's unsure facts, and deciding them
with editor tokens scoped to a jurisdiction."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col
from starlette.testclient import TestClient

from store.curation_tables import Correction
from store.readback import column_values, one_row
from store.tables import Jurisdiction
from store.tokens import create_token

from .conftest import as_token, codes, make_token

DOC = "温政发〔2018〕26号"
QUEUE = """query($doc: String, $status: ReviewStatus) {
  reviewQueue(document: $doc, status: $status) { totalCount
    nodes { id kind taskPath quote detail status decidedBy correctionId document { number } } }
  reviewCounts(document: $doc) { open accepted dismissed corrected } }"""
ACCEPT = """mutation($id: Int!, $reason: String!) {
  acceptReviewItem(input: {id: $id, reason: $reason}) { item { id status decidedBy } } }"""
DISMISS = "mutation($id: Int!) { dismissReviewItem(input: {id: $id}) { item { id status } } }"
CORRECT = """mutation($input: CorrectReviewItemInput!) {
  correctReviewItem(input: $input) { item { id status correctionId } } }"""
AUDIT = """query($target: String) { auditTrail(target: $target) { nodes {
  action actor actorRole outcome newValue } } }"""


def _editor(engine: Engine, jurisdiction: str) -> str:
    """An editor token scoped to the jurisdiction with this full name."""
    with Session(engine) as session:
        place = one_row(session=session, model=Jurisdiction,
                        where=[Jurisdiction.full_name == jurisdiction])
        _, clear = create_token(session=session, unit_id=None, role="editor",
                                jurisdiction_id=place.id)
        session.commit()
    return clear


def _queue(client: TestClient, status: str | None = "OPEN") -> dict[str, Any]:
    body = as_token(client, None, QUEUE, doc=DOC, status=status)
    assert "errors" not in body, body
    return body["data"]


def _item(data: dict[str, Any], kind: str, text: str) -> dict[str, Any]:
    return next(n for n in data["reviewQueue"]["nodes"]
                if n["kind"] == kind.upper() and text in n["detail"])


def test_anyone_who_reads_sees_a_documents_unsure_facts_and_counts(
        corpus_client: TestClient) -> None:
    data = _queue(corpus_client)
    nodes = data["reviewQueue"]["nodes"]
    assert data["reviewQueue"]["totalCount"] == len(nodes) == data["reviewCounts"][0]["open"]
    assert {n["document"]["number"] for n in nodes} == {DOC}
    unit = _item(data, "unknown_unit", "加快发展县")
    assert unit["taskPath"] == "二(一)" and unit["status"] == "OPEN"
    deadline = _item(data, "ambiguous_deadline", "2018年四季度前")
    assert json.loads(deadline["detail"])["readings"] == ["2018-09-30", "2018-12-31"]


def test_an_editor_of_the_city_accepts_and_the_item_leaves_the_queue_audited(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    editor = _editor(corpus_db, "浙江省温州市")
    item = _item(_queue(corpus_client), "ambiguous_deadline", "2018年四季度前")
    body = as_token(corpus_client, editor, ACCEPT, id=item["id"], reason="四季度前 = 年底")
    assert body["data"]["acceptReviewItem"]["item"]["status"] == "ACCEPTED", body
    assert item["id"] not in [n["id"] for n in _queue(corpus_client)["reviewQueue"]["nodes"]]
    assert _queue(corpus_client)["reviewCounts"][0]["accepted"] == 1
    viewer = make_token(corpus_db, "viewer")
    trail = as_token(corpus_client, viewer, AUDIT, target=f"review:{item['id']}")
    [entry] = trail["data"]["auditTrail"]["nodes"]
    assert (entry["action"], entry["actorRole"], entry["outcome"]) == ("REVIEW_ACCEPT",
                                                                      "EDITOR", "OK")
    assert json.loads(entry["newValue"])["reason"] == "四季度前 = 年底"
    again = as_token(corpus_client, editor, ACCEPT, id=item["id"], reason="twice")
    assert codes(again) == ["CONFLICT"]


def test_an_editor_of_a_district_inside_the_city_and_a_viewer_may_not_decide(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    item = _item(_queue(corpus_client), "unknown_unit", "加快发展县")
    district = _editor(corpus_db, "浙江省温州市鹿城区")
    refused = as_token(corpus_client, district, DISMISS, id=item["id"])
    assert codes(refused) == ["FORBIDDEN"]
    assert refused["errors"][0]["extensions"]["reason"] == "jurisdiction"
    viewer = make_token(corpus_db, "viewer")
    assert codes(as_token(corpus_client, viewer, DISMISS, id=item["id"])) == ["FORBIDDEN"]
    assert codes(as_token(corpus_client, None, DISMISS, id=item["id"])) == ["FORBIDDEN"]
    trail = as_token(corpus_client, viewer, AUDIT, target=f"review:{item['id']}")
    assert [e["outcome"] for e in trail["data"]["auditTrail"]["nodes"]] == ["FORBIDDEN",
                                                                           "FORBIDDEN"]
    province = _editor(corpus_db, "浙江省")  # contains 温州市
    body = as_token(corpus_client, province, DISMISS, id=item["id"])
    assert body["data"]["dismissReviewItem"]["item"]["status"] == "DISMISSED", body


def test_correcting_an_item_makes_a_linked_correction_from_the_review(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    item = _item(_queue(corpus_client), "ambiguous_deadline", "2018年四季度前")
    body = as_token(corpus_client, admin, CORRECT, input={
        "id": item["id"], "kind": "SET_DEADLINE", "reason": "规划评审 in Q3",
        "payload": json.dumps({"due": "2018-09-30", "raw": "2018年四季度前"})})
    answer = body["data"]["correctReviewItem"]["item"]
    assert answer["status"] == "CORRECTED" and answer["correctionId"] is not None, body
    with Session(corpus_db) as session:
        correction = session.get(Correction, answer["correctionId"])
        assert correction is not None
        assert (correction.source, correction.task_path, correction.kind) == (
            "review", "二(二)2", "set_deadline")
    bad = as_token(corpus_client, admin, CORRECT, input={
        "id": _item(_queue(corpus_client), "unknown_unit", "加快发展县")["id"],
        "kind": "SET_ROLE", "payload": "{}", "reason": "no unit named"})
    assert codes(bad) == ["BAD_USER_INPUT"]
    assert _item(_queue(corpus_client), "unknown_unit", "加快发展县")["status"] == "OPEN"


def test_an_unrecognised_unit_corrected_off_its_task_leaves_the_task(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    editor = _editor(corpus_db, "浙江省温州市")
    item = _item(_queue(corpus_client), "unknown_unit", "加快发展县")
    body = as_token(corpus_client, editor, CORRECT, input={
        "id": item["id"], "kind": "REMOVE_UNIT", "reason": "a description, not a bureau",
        "payload": json.dumps({"unit": "加快发展县"}, ensure_ascii=False)})
    assert body["data"]["correctReviewItem"]["item"]["status"] == "CORRECTED", body
    with Session(corpus_db) as session:
        from store.tables import Task, TaskUnit, Unit

        names = column_values(session=session, column=Unit.name,
                              joins=[(TaskUnit, col(TaskUnit.unit_id) == col(Unit.id)),
                                     (Task, col(TaskUnit.task_id) == col(Task.id))],
                              where=[Task.path == "二(一)"])
    assert "加快发展县" not in names and "市招商局" in names
