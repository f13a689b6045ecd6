"""A client retrying a write after a timeout stores it once: reportProgress and
importProgressSheet accept an idempotency key (argument or Idempotency-Key header) and a
retry with the same key returns the first result."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from store.idempotency import IdempotencyKey
from store.progress.tables import ProgressReport
from store.readback import count_rows, stored_rows
from tests.schema.conftest import PARK, as_token, codes, make_token, upload_as

REPORT = """mutation($id: ID!, $on: Date!, $done: Boolean!, $key: String) {
  reportProgress(input: {obligationId: $id, reportedOn: $on, done: $done, idempotencyKey: $key}) {
    report { id obligationId reportedOn done } obligation { status } } }"""
SHEET = """mutation($file: Upload!, $key: String) {
  importProgressSheet(input: {file: $file, idempotencyKey: $key}) {
    stored reports { id obligationId } errors { row message } } }"""


def stored(engine: Engine) -> int:
    with Session(engine) as session:
        return count_rows(session=session, model=ProgressReport)


def test_a_retried_report_with_the_same_key_is_stored_once(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    first = as_token(corpus_client, admin, REPORT, id=PARK, on="2019-03-01", done=True, key="r-1")
    again = as_token(corpus_client, admin, REPORT, id=PARK, on="2019-03-01", done=True, key="r-1")
    assert "errors" not in first and again["data"] == first["data"]
    assert stored(corpus_db) == 1
    other = as_token(corpus_client, admin, REPORT, id=PARK, on="2019-03-01", done=True, key="r-2")
    assert other["data"]["reportProgress"]["report"]["id"] != first["data"]["reportProgress"]["report"]["id"]
    assert stored(corpus_db) == 2


def test_the_idempotency_key_header_works_like_the_argument(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    headers = {"Authorization": f"Bearer {admin}", "Idempotency-Key": "retry-me"}
    body = {"query": REPORT, "variables": {"id": PARK, "on": "2019-03-01", "done": True}}
    ids = [corpus_client.post("/graphql", json=body, headers=headers).json()
           ["data"]["reportProgress"]["report"]["id"] for _ in range(3)]
    assert len(set(ids)) == 1 and stored(corpus_db) == 1


def test_a_key_reused_for_another_report_is_a_conflict(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    as_token(corpus_client, admin, REPORT, id=PARK, on="2019-03-01", done=True, key="k")
    body = as_token(corpus_client, admin, REPORT, id=PARK, on="2019-04-01", done=True, key="k")
    assert codes(body) == ["CONFLICT"]
    assert stored(corpus_db) == 1


def test_keys_belong_to_their_token(corpus_client: TestClient, corpus_db: Engine) -> None:
    one, two = make_token(corpus_db, "admin"), make_token(corpus_db, "admin")
    as_token(corpus_client, one, REPORT, id=PARK, on="2019-03-01", done=True, key="same")
    as_token(corpus_client, two, REPORT, id=PARK, on="2019-03-01", done=True, key="same")
    assert stored(corpus_db) == 2


def test_a_retried_sheet_is_imported_once(corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    lines = ["序号,任务编号,责任单位,填报日期,完成情况,完成值,备注,佐证材料链接",
             f"1,{PARK},结对县(市、区)党委、政府,2019-03-01,已完成,,,"]
    data = "\n".join(lines).encode()
    first = upload_as(corpus_client, admin, SHEET, data, "进度.csv", key="sheet-1")
    again = upload_as(corpus_client, admin, SHEET, data, "进度.csv", key="sheet-1")
    assert first["data"]["importProgressSheet"]["stored"] == 1
    assert again["data"] == first["data"]
    assert stored(corpus_db) == 1
    with Session(corpus_db) as session:
        [key] = stored_rows(session=session, model=IdempotencyKey)
    assert (key.key, key.action) == ("sheet-1", "import_sheet")


def test_an_overlong_key_is_bad_input(corpus_client: TestClient, corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    body = as_token(corpus_client, admin, REPORT, id=PARK, on="2019-03-01", done=True, key="k" * 129)
    assert codes(body) == ["BAD_USER_INPUT"] and stored(corpus_db) == 0


def test_a_racing_twin_answers_with_the_first_report(
        corpus_client: TestClient, corpus_db: Engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import schema.idempotent as module

    admin = make_token(corpus_db, "admin")
    first = as_token(corpus_client, admin, REPORT, id=PARK, on="2019-03-01", done=True, key="race")
    real, calls = module.replay, []

    def checked_before_the_twin_committed(**kwargs: object) -> object:
        calls.append(kwargs)
        return None if len(calls) == 1 else real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "replay", checked_before_the_twin_committed)
    again = as_token(corpus_client, admin, REPORT, id=PARK, on="2019-03-01", done=True, key="race")
    assert len(calls) == 2 and again["data"] == first["data"]
    assert stored(corpus_db) == 1
