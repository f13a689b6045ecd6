"""``policygraph urge`` on a copy of the corpus: delivered once to a loopback webhook and
audited, refused within the interval with when the next is allowed, through again once
the interval (a setting) has passed; ``--dry-run`` shows the digest and keeps nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session
from typer.testing import CliRunner

from cli.main import app
from store.audit import AuditEntry
from store.db import make_engine
from store.outbox import OutboxMessage
from store.readback import stored_rows
from store.urges import Urge
from tests.alerts.conftest import Receiver, Request, start_receiver  # noqa: F401
from tests.alerts.corpus_copy import corpus_template, corpus_url  # noqa: F401

PLAN_REVIEW = "deadline:000_a92242b81cc0d015/二(二)2/1"
NOTE = "请于本周五前报送规划评审进展"


def _ok(request: Request) -> tuple[int, object]:
    return 200, {"ok": True}


def _env(corpus_url: str, tmp_path: Path, receiver: Receiver, **extra: str) -> dict[str, str]:  # noqa: F811
    channels = tmp_path / "channels.yaml"
    channels.write_text("webhook:\n  url_env: TEST_URGE_HOOK_URL\n  timeout: 5\n", encoding="utf-8")
    return {"DATABASE_URL": corpus_url, "POLICYGRAPH_ALERT_CHANNELS": str(channels),
            "TEST_URGE_HOOK_URL": receiver.url + "/hook", "COLUMNS": "200", **extra}


def _rows(corpus_url: str) -> tuple[list[Urge], list[OutboxMessage], list[AuditEntry]]:  # noqa: F811
    engine = make_engine(corpus_url)
    with Session(engine) as session:
        found = (stored_rows(session=session, model=Urge),
                 stored_rows(session=session, model=OutboxMessage),
                 stored_rows(session=session, model=AuditEntry,
                             where=[AuditEntry.action == "urge"]))
    engine.dispose()
    return found


def test_the_cli_urges_once_and_refuses_a_second_urge_within_the_interval(
        corpus_url: str, tmp_path: Path, start_receiver: Callable[..., Receiver]) -> None:  # noqa: F811
    receiver = start_receiver(_ok)
    env = _env(corpus_url, tmp_path, receiver)
    args = ["urge", "--unit", "市规划局", "--note", NOTE, "--sender", "温州市委督查室"]
    first = CliRunner().invoke(app, args, env=env)
    assert first.exit_code == 0, first.output
    assert "已记录催办 #1：浙江省温州市/市规划局" in first.output and "已发送 1 条" in first.output
    (request,) = receiver.requests
    digest = request.json()
    assert digest["urge"]["note"] == NOTE and digest["urge"]["sender"] == "温州市委督查室"
    plan = next(i for i in digest["items"] if i["obligation_id"] == PLAN_REVIEW)
    assert plan["kind"] == "overdue"
    assert plan["days"] == (dt.date.today() - dt.date(2018, 12, 31)).days

    second = CliRunner().invoke(app, args, env=env)
    assert second.exit_code == 1
    assert "已于" in second.output and "下次最早" in second.output
    urges, messages, trail = _rows(corpus_url)
    assert len(urges) == 1 and [m.status for m in messages] == ["sent"]
    assert {(e.actor, e.outcome) for e in trail if e.target.startswith("unit:")} == {
        ("cli", "ok"), ("cli", "refused")}
    assert len(receiver.requests) == 1


def test_once_the_interval_has_passed_the_cli_urges_again(
        corpus_url: str, tmp_path: Path, start_receiver: Callable[..., Receiver]) -> None:  # noqa: F811
    receiver = start_receiver(_ok)
    env = _env(corpus_url, tmp_path, receiver, POLICYGRAPH_URGE_INTERVAL="0")
    for note in ("一催", "二催"):
        result = CliRunner().invoke(app, ["urge", "--unit", "市规划局", "--note", note], env=env)
        assert result.exit_code == 0, result.output
    assert [r.json()["urge"]["note"] for r in receiver.requests] == ["一催", "二催"]


def test_a_dry_run_prints_the_digest_and_records_nothing(
        corpus_url: str, tmp_path: Path, start_receiver: Callable[..., Receiver]) -> None:  # noqa: F811
    receiver = start_receiver(_ok)
    result = CliRunner().invoke(app, ["urge", "--unit", "市规划局", "--note", NOTE, "--dry-run"],
                                env=_env(corpus_url, tmp_path, receiver))
    assert result.exit_code == 0, result.output
    assert "【催办】浙江省温州市/市规划局" in result.output and NOTE in result.output
    assert "温政发〔2018〕26号 二(二)2" in result.output
    assert "试运行" in result.output
    assert _rows(corpus_url) == ([], [], []) and receiver.requests == []


def test_an_unknown_unit_is_refused(corpus_url: str) -> None:  # noqa: F811
    result = CliRunner().invoke(app, ["urge", "--unit", "市不存在局"],
                                env={"DATABASE_URL": corpus_url})
    assert result.exit_code == 2
    assert "市不存在局" in result.output
