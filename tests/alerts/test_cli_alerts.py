"""``policygraph alerts run / serve / outbox`` on a copy of the corpus database."""

from __future__ import annotations

import doctest
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session
from typer.testing import CliRunner

import cli.alerts
from cli.alerts import app
from store.db import make_engine
from store.outbox import list_messages
from tests.alerts.conftest import PAIRED, Receiver, Request
from tests.alerts.corpus_copy import corpus_template, corpus_url  # noqa: F401

RULES = "channels:\n  '*': [hook]\n"
CHANNELS = "hook:\n  type: webhook\n  url_env: TEST_ALERT_HOOK_URL\n  timeout: 5\n"


def _files(tmp_path: Path) -> tuple[str, str]:
    rules, channels = tmp_path / "rules.yaml", tmp_path / "channels.yaml"
    rules.write_text(RULES, encoding="utf-8")
    channels.write_text(CHANNELS, encoding="utf-8")
    return str(rules), str(channels)


def _ok(request: Request) -> tuple[int, object]:
    return 200, {"ok": True}


def test_dry_run_prints_every_receiver_and_queues_nothing(corpus_url: str) -> None:  # noqa: F811
    result = CliRunner().invoke(app, ["run", "--as-of", "2019-01-01", "--dry-run"],
                                env={"DATABASE_URL": corpus_url, "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "试运行" in result.output and "浙江省温州市/市规划局" in result.output
    # the collective's share is each paired county's: its government is the receiver
    assert PAIRED not in result.output and "泰顺县人民政府" in result.output
    assert "市商务局" not in result.output
    assert "摘要 26 份,排队 0 条" in result.output


def test_dry_run_speaks_english_on_request(corpus_url: str) -> None:  # noqa: F811
    result = CliRunner().invoke(app, ["run", "--as-of", "2019-01-01", "--dry-run"],
                                env={"DATABASE_URL": corpus_url, "COLUMNS": "200",
                                     "POLICYGRAPH_LANG": "en"})
    assert result.exit_code == 0, result.output
    assert "alerts as of 2019-01-01 (dry run" in result.output
    assert "digests 26, queued 0" in result.output and "摘要" not in result.output
    # the bundled rules name a supervisor for 浙江省温州市 only: the provincial document's
    # three long-overdue obligations are escalated to nobody, and the run says so
    assert "3 obligations are overdue long enough to escalate" in result.output


def test_run_sends_through_a_channel_whose_url_comes_from_the_environment(
    corpus_url: str, tmp_path: Path, start_receiver: Callable[..., Receiver]  # noqa: F811
) -> None:
    receiver = start_receiver(_ok)
    rules, channels = _files(tmp_path)
    env = {"DATABASE_URL": corpus_url, "TEST_ALERT_HOOK_URL": receiver.url + "/h", "COLUMNS": "200"}
    args = ["run", "--as-of", "2019-01-01", "--rules", rules, "--channels", channels]
    first = CliRunner().invoke(app, args, env=env)
    assert first.exit_code == 0, first.output
    assert "已发送 26 条" in first.output and len(receiver.requests) == 26
    second = CliRunner().invoke(app, args, env=env)
    assert "摘要 0 份,排队 0 条" in second.output and len(receiver.requests) == 26


def test_a_missing_secret_variable_is_refused_before_anything_is_queued(
    corpus_url: str, tmp_path: Path  # noqa: F811
) -> None:
    rules, channels = _files(tmp_path)
    result = CliRunner().invoke(app, ["run", "--rules", rules, "--channels", channels],
                                env={"DATABASE_URL": corpus_url, "TEST_ALERT_HOOK_URL": ""})
    assert result.exit_code == 2
    assert "TEST_ALERT_HOOK_URL is not set" in result.output
    engine = make_engine(corpus_url)
    with Session(engine) as s:
        assert list_messages(session=s) == []
    engine.dispose()


def test_outbox_lists_digests_waiting_for_a_receiver_that_is_down(
    corpus_url: str, tmp_path: Path, refused_url: str  # noqa: F811
) -> None:
    rules, channels = _files(tmp_path)
    env = {"DATABASE_URL": corpus_url, "TEST_ALERT_HOOK_URL": refused_url, "COLUMNS": "250"}
    run = CliRunner().invoke(app, ["run", "--as-of", "2019-01-01", "--rules", rules,
                                   "--channels", channels], env=env)
    assert "重试中 26 条" in run.output, run.output
    listed = CliRunner().invoke(app, ["outbox"], env=env)
    assert listed.exit_code == 0
    # 市卫计委 is stored under its standard name, receivers with their jurisdiction
    assert listed.output.count("待发送") == 26
    assert "浙江省温州市/市卫生和计划生育委员会" in listed.output


def test_serve_runs_on_its_schedule_and_stops(
    corpus_url: str, tmp_path: Path, start_receiver: Callable[..., Receiver]  # noqa: F811
) -> None:
    receiver = start_receiver(_ok)
    rules, channels = _files(tmp_path)
    env = {"DATABASE_URL": corpus_url, "TEST_ALERT_HOOK_URL": receiver.url + "/h"}
    result = CliRunner().invoke(app, ["serve", "--every", "1s", "--runs", "2", "--rules", rules,
                                      "--channels", channels], env=env)
    assert result.exit_code == 0, result.output
    # Judged as of today, every obligation of 2018 is long overdue: one digest per owner
    # unit in the first run, nothing new in the second: the 11 units of the 责任单位 clauses
    # (市商务局 too) other than the collective, whose share goes to the governments of its
    # 10 paired counties, the sentence subjects with dated work (五个经济发达的区(市) and
    # 加快发展县 in 二(一), 经济强市(区) in 三(四), 当年5月底前) and the provincial document's
    # subjects of its yearly 二(四), 三(一) (two) and 三(三) (各受援县 in 三(三) has no deadline).
    assert result.output.count("的督办提醒") == 2
    assert len({r.json()["receiver_unit"] for r in receiver.requests}) == len(receiver.requests) == 11 + 10 + 3 + 4


def test_cli_doctests_pass() -> None:
    assert doctest.testmod(cli.alerts).failed == 0
