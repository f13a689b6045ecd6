"""Documents over GraphQL: the list, withdrawDocument and removeDocument (admin, audited).

From 温政发〔2018〕26号 二(二)2 and 二(二)3: 市规划局's two deadlines fall on 2018-12-31
(2018年四季度前 …规划评审; 力争2018年取得实质性进展), so both were overdue on 2019-01-01
while the document was in force.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from store.audit import count_audit, list_audit
from store.readback import stored_rows
from store.tables import Document, Task
from tests.schema.conftest import as_token, codes, make_token

NUMBER = "温政发〔2018〕26号"
KEY = "000_a92242b81cc0d015"
DOCUMENTS = "{ documents { nodes { key label number withdrawnOn supersededOn } } }"
WITHDRAW = """mutation($d: String!, $on: Date) { withdrawDocument(input: {document: $d, on: $on}) {
  document { key label withdrawnOn } } }"""
REMOVE = "mutation($d: String!) { removeDocument(input: {document: $d}) { document { key label } } }"
OVERDUE = '{ overdue(asOf: "2019-01-01", unit: "市规划局") { path dueDate } }'


def test_documents_are_listed_by_a_label_a_person_can_place(corpus_client: TestClient) -> None:
    body = as_token(corpus_client, None, DOCUMENTS)
    rows = body["data"]["documents"]["nodes"]
    assert [r["key"] for r in rows] == [KEY, "003_e159d8715f3bd95b"]
    assert rows[0]["label"] == NUMBER
    assert rows[1]["label"] == "本省自2002年全面实施山海协作工程以来…"  # no number, no title
    assert all(r["withdrawnOn"] is None and r["supersededOn"] is None for r in rows)


def test_a_reporter_may_not_withdraw_and_nothing_changes(corpus_client: TestClient,
                                                          corpus_db: Engine) -> None:
    planning = make_token(corpus_db, "reporter", "市规划局")
    body = as_token(corpus_client, planning, WITHDRAW, d=NUMBER, on="2018-12-20")
    assert codes(body) == ["FORBIDDEN"]
    with Session(corpus_db) as session:
        assert all(d.withdrawn_on is None for d in stored_rows(session=session, model=Document))


def test_a_withdrawn_documents_open_obligations_end_on_the_withdrawal_day(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    before = as_token(corpus_client, None, OVERDUE)["data"]["overdue"]
    assert sorted(o["path"] for o in before) == ["二(二)2", "二(二)3"]
    admin = make_token(corpus_db, "admin")
    body = as_token(corpus_client, admin, WITHDRAW, d=NUMBER, on="2018-12-20")
    assert body["data"]["withdrawDocument"]["document"] == {"key": KEY, "label": NUMBER,
                                                "withdrawnOn": "2018-12-20"}
    # ended on 2018-12-20, before either deadline fell due: nothing is overdue any more
    assert as_token(corpus_client, None, OVERDUE)["data"]["overdue"] == []
    with Session(corpus_db) as session:
        [entry] = list_audit(session=session, action="withdraw_document")
    assert (entry.target, entry.actor_role, entry.outcome) == (f"document:{KEY}", "admin", "ok")
    back = as_token(corpus_client, admin, WITHDRAW, d=KEY, on=None)
    assert back["data"]["withdrawDocument"]["document"]["withdrawnOn"] is None
    assert len(as_token(corpus_client, None, OVERDUE)["data"]["overdue"]) == 2


def test_withdrawing_an_unknown_document_is_not_found(corpus_client: TestClient,
                                                      corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    body = as_token(corpus_client, admin, WITHDRAW, d="温政发〔1999〕1号", on="2019-01-01")
    assert codes(body) == ["NOT_FOUND"]
    assert "温政发〔1999〕1号" in body["errors"][0]["message"]


def test_an_admin_removes_a_document_with_its_tasks(corpus_client: TestClient,
                                                    corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    body = as_token(corpus_client, admin, REMOVE, d=NUMBER)
    assert body["data"]["removeDocument"]["document"] == {"key": KEY, "label": NUMBER}
    with Session(corpus_db) as session:
        assert [d.key for d in stored_rows(session=session, model=Document)] == [
            "003_e159d8715f3bd95b"]
        assert {t.document_id for t in stored_rows(session=session, model=Task)} == {
            d.id for d in stored_rows(session=session, model=Document)}
        assert count_audit(session=session, action="remove_document") == 1
    listed = as_token(corpus_client, None, DOCUMENTS)["data"]["documents"]["nodes"]
    assert [r["key"] for r in listed] == ["003_e159d8715f3bd95b"]
