"""催办 over GraphQL: an editor urges a unit of its city; the server's dispatcher delivers the
digest once to a real webhook on 127.0.0.1; the same unit again within the interval is
refused with when it is allowed next; readers and other cities' editors are refused."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from server import create_app
from settings import Settings
from store.audit import list_audit
from store.ingest import ingest_file
from store.outbox import OutboxMessage
from store.readback import count_rows, stored_rows
from store.urges import Urge
from tests.alerts.conftest import Receiver, Request, start_receiver  # noqa: F401
from tests.schema.conftest import PLAN_REVIEW, as_token, codes, make_token
from tests.schema.test_corrections import DOC_000, editor_token

URGE = """mutation($input: UrgeInput!) { urge(input: $input) {
  urge { id unitId receiver asOf note sender urgedBy urgedAt obligationIds }
  obligations { key dueDate status } receiver channels
  error { code message nextAllowedAt lastUrgeId obligationIds } } }"""
HISTORY = """query($u: String!) { overdue(asOf: "2019-01-01", unit: $u) {
  key urges { id note sender } } }"""
TRAIL = """query($t: String!) { auditTrail(target: $t) { edges { node { action outcome actor } } } }"""
NOTE = "请于本周五前报送规划评审进展"
PLANNING = "浙江省温州市/市规划局"


def _ok(request: Request) -> tuple[int, object]:
    return 200, {"ok": True}


@pytest.fixture
def channels_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                  start_receiver: Callable[..., Receiver]) -> tuple[str, Receiver]:  # noqa: F811
    """A channel file naming the bundled rules' ``webhook`` channel, pointed at a receiver."""
    receiver = start_receiver(_ok)
    monkeypatch.setenv("TEST_URGE_HOOK_URL", receiver.url + "/hook")
    path = tmp_path / "channels.yaml"
    path.write_text("webhook:\n  url_env: TEST_URGE_HOOK_URL\n  timeout: 5\n", encoding="utf-8")
    return str(path), receiver


def _client(engine: Engine, channels: str, **settings: Any) -> TestClient:
    return TestClient(create_app(engine, settings=Settings(
        version_check_seconds=0, alert_channels=channels, dispatch_seconds=30, **settings)))


@pytest.fixture
def corpus(engine: Engine, tmp_path: Path) -> Engine:
    """Document 000 (温政发〔2018〕26号) ingested into the empty ``engine`` (both back-ends)."""
    assert ingest_file(engine=engine, path=DOC_000).ok
    return engine


@pytest.fixture
def app(corpus: Engine, channels_file: tuple[str, Receiver]) -> Iterator[TestClient]:
    with _client(corpus, channels_file[0]) as client:
        yield client


def _wait_for(receiver: Receiver, count: int, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while len(receiver.requests) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def _statuses(engine: Engine, seconds: float = 5.0) -> list[str]:
    """The outbox messages' statuses once none is still being sent (the receiver may have
    answered before the dispatcher recorded it)."""
    deadline = time.monotonic() + seconds
    while True:
        with Session(engine) as session:
            found = [m.status for m in stored_rows(session=session, model=OutboxMessage)]
        if "sending" not in found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_an_editor_urges_a_unit_and_its_webhook_gets_the_digest_once_audited(
        app: TestClient, corpus: Engine, channels_file: tuple[str, Receiver]) -> None:
    receiver = channels_file[1]
    editor = editor_token(corpus, "浙江省温州市")
    started = time.monotonic()
    body = as_token(app, editor, URGE, input={"unit": "市规划局", "note": NOTE})
    payload = body["data"]["urge"]
    assert payload["error"] is None, payload
    urge = payload["urge"]
    assert payload["receiver"] == PLANNING and payload["channels"] == ["webhook"]
    assert urge["note"] == NOTE and urge["asOf"] == dt.date.today().isoformat()
    assert urge["sender"] == "浙江省温州市督查督办"
    # 二(二)2 "于2018年四季度前完成规划评审", 市规划局 among its owners: overdue since 2018-12-31
    shown = {o["key"]: o for o in payload["obligations"]}
    assert shown[PLAN_REVIEW]["status"] == "OVERDUE" and shown[PLAN_REVIEW]["dueDate"] == "2018-12-31"
    assert urge["obligationIds"] == [o["key"] for o in payload["obligations"]]

    # the dispatcher polls every 30 s here: only the wake-up can deliver it this soon
    _wait_for(receiver, 1)
    assert len(receiver.requests) == 1 and time.monotonic() - started < 5
    digest = receiver.requests[0].json()
    assert digest["receiver_unit"] == PLANNING and digest["urge"]["note"] == NOTE
    assert digest["urge"]["id"] == urge["id"] and digest["title"].startswith(f"【催办】{PLANNING}")
    items = {i["obligation_id"]: i for i in digest["items"]}
    assert list(items) == urge["obligationIds"]
    assert items[PLAN_REVIEW]["kind"] == "overdue"
    assert items[PLAN_REVIEW]["days"] == (dt.date.today() - dt.date(2018, 12, 31)).days
    assert receiver.requests[0].headers["x-policygraph-digest-id"] == f"urge:{urge['id']}"

    assert _statuses(corpus) == ["sent"]
    with Session(corpus) as session:
        (message,) = stored_rows(session=session, model=OutboxMessage)
        assert message.attempts == 1
        entries = list_audit(session=session, action="urge")
    assert {(e.target, e.outcome) for e in entries} >= {(f"unit:{urge['unitId']}", "ok"),
                                                        (PLAN_REVIEW, "ok")}
    # visible in the obligation's history: its urges, and its audit trail
    history = as_token(app, editor, HISTORY, u="市规划局")["data"]["overdue"]
    urged = next(o for o in history if o["key"] == PLAN_REVIEW)
    assert urged["urges"] == [{"id": urge["id"], "note": NOTE, "sender": "浙江省温州市督查督办"}]
    admin = make_token(corpus, "admin")
    trail = as_token(app, admin, TRAIL, t=PLAN_REVIEW)["data"]["auditTrail"]["edges"]
    assert [e["node"]["action"] for e in trail] == ["URGE"]

    time.sleep(0.3)  # nothing more arrives: it was delivered once
    assert len(receiver.requests) == 1


def test_a_second_urge_within_the_interval_is_refused_saying_when_the_next_is_allowed(
        app: TestClient, corpus: Engine, channels_file: tuple[str, Receiver]) -> None:
    admin = make_token(corpus, "admin")
    first = as_token(app, admin, URGE, input={"unit": "市规划局"})["data"]["urge"]["urge"]
    second = as_token(app, admin, URGE, input={"unit": "市规划局", "note": "再催"})["data"]["urge"]
    assert second["urge"] is None
    error = second["error"]
    assert error["code"] == "RATE_LIMITED" and error["lastUrgeId"] == first["id"]
    urged_at = dt.datetime.fromisoformat(first["urgedAt"])
    assert dt.datetime.fromisoformat(error["nextAllowedAt"]) == urged_at + dt.timedelta(hours=4)
    beijing = (urged_at + dt.timedelta(hours=12)).strftime("%Y-%m-%d %H:%M")  # +4 h, UTC+8
    assert "已于" in error["message"] and f"下次最早 {beijing}（北京时间）" in error["message"]
    with Session(corpus) as session:
        assert count_rows(session=session, model=Urge) == 1
        assert count_rows(session=session, model=OutboxMessage) == 1
        refused = list_audit(session=session, outcome="refused")
    assert [(e.action, e.target) for e in refused] == [("urge", f"unit:{first['unitId']}")]
    _wait_for(channels_file[1], 1)
    time.sleep(0.3)
    assert len(channels_file[1].requests) == 1


def test_after_the_interval_a_new_urge_goes_through(
        corpus: Engine, channels_file: tuple[str, Receiver]) -> None:
    path, receiver = channels_file
    admin = make_token(corpus, "admin")
    with _client(corpus, path, urge_interval=dt.timedelta(0)) as client:
        ids = [as_token(client, admin, URGE, input={"unit": "市规划局", "note": n}
                        )["data"]["urge"]["urge"]["id"] for n in ("一催", "二催")]
        _wait_for(receiver, 2)
    assert ids[0] != ids[1]
    assert sorted(r.json()["urge"]["note"] for r in receiver.requests) == ["一催", "二催"]


@pytest.mark.parametrize("role", ["viewer", "reporter"])
def test_viewer_and_reporter_tokens_are_refused_and_the_refusal_is_audited(
        app: TestClient, corpus: Engine, role: str) -> None:
    token = make_token(corpus, role, "市规划局")
    body = as_token(app, token, URGE, input={"unit": "市规划局"})
    assert codes(body) == ["FORBIDDEN"]
    assert body["errors"][0]["extensions"]["reason"] == "role"
    with Session(corpus) as session:
        assert stored_rows(session=session, model=Urge) == []
        (entry,) = list_audit(session=session, action="urge")
    assert entry.outcome == "forbidden" and entry.actor_role == role


def test_an_editor_of_another_city_is_refused(app: TestClient, corpus: Engine) -> None:
    hangzhou = editor_token(corpus, "浙江省杭州市")
    body = as_token(app, hangzhou, URGE, input={"unit": "市规划局", "jurisdiction": "温州市"})
    assert codes(body) == ["FORBIDDEN"]
    assert body["errors"][0]["extensions"]["reason"] == "jurisdiction"
    with Session(corpus) as session:
        assert stored_rows(session=session, model=Urge) == []
        assert stored_rows(session=session, model=OutboxMessage) == []


def test_only_the_obligations_asked_for_are_named_and_others_are_refused(
        app: TestClient, corpus: Engine) -> None:
    admin = make_token(corpus, "admin")
    unknown = "deadline:000_a92242b81cc0d015/九(九)9/1"
    refused = as_token(app, admin, URGE, input={"unit": "市规划局",
                                                "obligationIds": [PLAN_REVIEW, unknown]})
    assert refused["data"]["urge"]["error"]["code"] == "NOT_URGENT"
    assert refused["data"]["urge"]["error"]["obligationIds"] == [unknown]
    chosen = as_token(app, admin, URGE, input={"unit": "市规划局", "obligationIds": [PLAN_REVIEW]})
    assert chosen["data"]["urge"]["urge"]["obligationIds"] == [PLAN_REVIEW]


def test_without_a_channel_for_the_unit_nothing_is_recorded(
        corpus: Engine, channels_file: tuple[str, Receiver], tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("channels:\n  浙江省温州市/市财政局: [webhook]\n", encoding="utf-8")
    admin = make_token(corpus, "admin")
    with _client(corpus, channels_file[0], alert_rules=str(rules)) as client:
        body = as_token(client, admin, URGE, input={"unit": "市规划局"})
    assert body["data"]["urge"]["error"]["code"] == "NO_CHANNEL"
    with Session(corpus) as session:
        assert stored_rows(session=session, model=Urge) == []


def test_the_readme_example_urges_as_documented(app: TestClient, corpus: Engine) -> None:
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    start = text.index("## 催办")
    (query,) = re.findall(r"```graphql\n(.*?)```", text[start:text.index("\n## ", start + 5)], re.S)
    body = as_token(app, make_token(corpus, "admin"), query)
    assert "errors" not in body, body
    answer = body["data"]["urge"]
    assert answer["error"] is None and answer["receiver"] == PLANNING
    assert answer["urge"]["deliveries"][0]["channel"] == "webhook"
