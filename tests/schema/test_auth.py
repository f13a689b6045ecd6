"""Access control: bearer tokens, roles, ownership, anonymous access, audited refusals.

From 温政发〔2018〕26号 二(二)2 (规范编制生态旅游文化产业园发展规划…于2018年四季度前完成规划评审):
owners 市招商局〈经合办〉、市发改委、市国土资源局、市规划局、市旅游局 and the collective;
市商务局 is not among them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from settings import Settings
from store.audit import AuditEntry
from store.progress.tables import ProgressReport
from store.readback import stored_rows
from store.tokens import list_tokens, revoke_token
from tests.schema.conftest import PLAN_REVIEW, as_token, codes, make_client, make_token

REPORT = """mutation($id: ID!) { reportProgress(input: {obligationId: $id, reportedOn: "2019-01-15",
  done: true}) { report { id unitId } obligation { status shares { name status } } } }"""
AUDIT = """query($target: String, $outcome: AuditOutcome) { auditTrail(target: $target, outcome: $outcome,
  first: 10) { totalCount nodes { actor actorUnit action target outcome newValue } } }"""


def forbidden_entries(engine: Engine) -> list[AuditEntry]:
    with Session(engine) as session:
        return stored_rows(session=session, model=AuditEntry,
                           where=[AuditEntry.outcome == "forbidden"])


def test_a_commerce_bureau_token_cannot_report_for_the_planning_bureaus_obligation(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    commerce = make_token(corpus_db, "reporter", "市商务局")
    body = as_token(corpus_client, commerce, REPORT, id=PLAN_REVIEW)
    assert codes(body) == ["FORBIDDEN"]
    assert body["errors"][0]["extensions"]["reason"] == "not_owner"
    assert body["data"] is None
    [entry] = forbidden_entries(corpus_db)
    assert (entry.action, entry.target, entry.actor_unit) == ("report_progress", PLAN_REVIEW,
                                                               "市商务局")
    with Session(corpus_db) as session:
        assert stored_rows(session=session, model=ProgressReport) == []
    # the refusal is readable through GraphQL by an admin
    admin = make_token(corpus_db, "admin")
    trail = as_token(corpus_client, admin, AUDIT, target=PLAN_REVIEW, outcome="FORBIDDEN")
    nodes = trail["data"]["auditTrail"]["nodes"]
    assert trail["data"]["auditTrail"]["totalCount"] == 1
    assert nodes[0]["actorUnit"] == "市商务局" and nodes[0]["action"] == "REPORT_PROGRESS"


def test_the_planning_bureau_may_report_its_own_share_of_its_obligation(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    planning = make_token(corpus_db, "reporter", "市规划局")
    body = as_token(corpus_client, planning, REPORT, id=PLAN_REVIEW)
    obligation = body["data"]["reportProgress"]["obligation"]
    # 市规划局 is a co-owner (市招商局 leads the 责任单位 list of 二(二)2): under the default
    # "lead" rule its report closes only its own share, late (due 2018-12-31, reported 01-15).
    shares = {share["name"]: share["status"] for share in obligation["shares"]}
    assert shares["市规划局"] == "DONE_LATE"
    assert shares["市招商局"] == "OVERDUE" and obligation["status"] == "OVERDUE"
    admin = make_token(corpus_db, "admin")
    trail = as_token(corpus_client, admin, AUDIT, target=PLAN_REVIEW, outcome="OK")
    [entry] = trail["data"]["auditTrail"]["nodes"]
    assert entry["action"] == "REPORT_PROGRESS" and json.loads(entry["newValue"])["done"] is True


def test_tokens_are_stored_only_as_hashes(corpus_db: Engine, corpus_url: str) -> None:
    clear = make_token(corpus_db, "reporter", "市规划局")
    corpus_db.dispose()  # checkpoint the WAL so the file holds everything
    import sqlite3

    with sqlite3.connect(corpus_url.removeprefix("sqlite:///")) as connection:
        dump = "\n".join(connection.iterdump())
    assert clear not in dump
    secret = clear.rsplit("_", 1)[1]
    assert secret not in dump
    assert hashlib.sha256(clear.encode()).hexdigest() in dump
    with Session(corpus_db) as session:
        [token] = list_tokens(session=session)
    assert clear.startswith(f"pg_{token.id}_")


def test_anonymous_callers_cannot_write(corpus_client: TestClient, corpus_db: Engine) -> None:
    body = as_token(corpus_client, None, REPORT, id=PLAN_REVIEW)
    assert codes(body) == ["FORBIDDEN"]
    assert body["errors"][0]["extensions"]["reason"] == "missing_token"
    assert forbidden_entries(corpus_db) == []  # failed authentication is counted, not audited


def test_a_viewer_reads_but_cannot_report(corpus_client: TestClient, corpus_db: Engine) -> None:
    viewer = make_token(corpus_db, "viewer")
    assert as_token(corpus_client, viewer, "{ units { name } }")["data"]["units"]
    body = as_token(corpus_client, viewer, REPORT, id=PLAN_REVIEW)
    assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN", "reason": "role"}


def test_a_reporter_cannot_read_the_audit_trail(corpus_client: TestClient,
                                                 corpus_db: Engine) -> None:
    planning = make_token(corpus_db, "reporter", "市规划局")
    assert codes(as_token(corpus_client, planning, AUDIT)) == ["FORBIDDEN"]
    assert codes(as_token(corpus_client, None, AUDIT)) == ["FORBIDDEN"]
    [entry] = forbidden_entries(corpus_db)  # the reporter's; the anonymous one is only counted
    assert entry.actor_role == "reporter"


@pytest.mark.parametrize("bearer", ["pg_nope_nope", "not-a-token", ""])
def test_a_bad_token_is_refused_even_for_reads(corpus_client: TestClient, corpus_db: Engine,
                                               bearer: str) -> None:
    response = corpus_client.post("/graphql", json={"query": "{ units { name } }"},
                                  headers={"Authorization": f"Bearer {bearer}"})
    body = response.json()
    assert codes(body) == ["FORBIDDEN"]
    assert body["errors"][0]["extensions"]["reason"] == "invalid_token"
    assert bearer == "" or bearer not in json.dumps([e.model_dump() for e in
                                                     forbidden_entries(corpus_db)], default=str)


def test_a_revoked_token_stops_working(corpus_client: TestClient, corpus_db: Engine) -> None:
    planning = make_token(corpus_db, "reporter", "市规划局")
    with Session(corpus_db) as session:
        [token] = list_tokens(session=session)
        revoke_token(session=session, token_id=token.id,
                     now=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        session.commit()
    body = as_token(corpus_client, planning, REPORT, id=PLAN_REVIEW)
    assert body["errors"][0]["extensions"]["reason"] == "invalid_token"


def test_production_mode_refuses_anonymous_reads(corpus_db: Engine,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYGRAPH_ENV", "production")
    monkeypatch.delenv("POLICYGRAPH_ANONYMOUS_READ", raising=False)
    settings = Settings.from_env()
    assert settings.anonymous_read is False
    app_settings = Settings(version_check_seconds=0, anonymous_read=False)
    from server import create_app

    with TestClient(create_app(corpus_db, settings=app_settings)) as client:
        body = as_token(client, None, "{ units { name } }")
        assert codes(body) == ["FORBIDDEN"] and body["data"] is None
        viewer = make_token(corpus_db, "viewer")
        assert "errors" not in as_token(client, viewer, "{ units { name } }")
    assert forbidden_entries(corpus_db) == []  # counted on /metrics, not audited


def test_anonymous_reads_are_on_by_default(corpus_db: Engine,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLICYGRAPH_ENV", raising=False)
    monkeypatch.delenv("POLICYGRAPH_ANONYMOUS_READ", raising=False)
    assert Settings.from_env().anonymous_read is True
    with make_client(corpus_db) as client:
        assert "errors" not in as_token(client, None, "{ units { name } }")


def test_tokens_never_reach_the_logs(corpus_client: TestClient, corpus_db: Engine,
                                     caplog: pytest.LogCaptureFixture) -> None:
    commerce = make_token(corpus_db, "reporter", "市商务局")
    with caplog.at_level("DEBUG"):
        as_token(corpus_client, commerce, REPORT, id=PLAN_REVIEW)  # refused, audited
        as_token(corpus_client, commerce + "x", "{ units { name } }")  # invalid
    assert caplog.records, "the access log should have written something"
    assert commerce not in caplog.text
    # pg_<id>_<secret>: the secret itself may contain "_", so split at the first one only.
    secret = commerce.removeprefix("pg_").partition("_")[2]
    assert len(secret) >= 40 and secret not in caplog.text
