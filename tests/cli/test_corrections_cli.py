"""``policygraph correct …``, ``corrections list|revert`` and editor tokens, on a real SQLite file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from cli.main import app
from store.audit import list_audit
from store.corrections.snapshot import breakdown
from store.curation_tables import Correction
from store.db import make_engine
from store.readback import stored_rows
from store.tables import Jurisdiction
from store.tokens import authenticate

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
DOC_000 = CORPUS / "000_a92242b81cc0d015.txt"
NUMBER = "温政发〔2018〕26号"


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, Path]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    copy = tmp_path / DOC_000.name
    shutil.copy(DOC_000, copy)
    code, output = _run(url, "ingest", str(copy))
    assert code == 0, output
    return url, copy


def _run(url: str, *args: str, lang: str = "zh") -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"DATABASE_URL": url, "COLUMNS": "240",
                                                 "POLICYGRAPH_LANG": lang})
    return result.exit_code, result.output


def _task(url: str, path: str) -> dict:
    engine = make_engine(url)
    with Session(engine) as session:
        found = next(t for t in breakdown(session=session, document_id=1) if t["path"] == path)
    engine.dispose()
    return found


def test_every_correct_command_changes_the_breakdown(db: tuple[str, Path]) -> None:
    url, _ = db
    steps = [
        ("add-unit", NUMBER, "二(二)1", "市财政局", "--role", "lead"),
        ("remove-unit", NUMBER, "二(一)", "加快发展县"),
        ("set-role", NUMBER, "二(二)1", "市财政局", "co"),
        ("add-deadline", NUMBER, "二(二)1", "--due", "2019-06-30", "--raw", "2019年6月底前"),
        ("drop-deadline", NUMBER, "二(二)2", "--raw", "2020年"),
        ("set-deadline", NUMBER, "二(二)1", "2018-08-31", "--raw", "2018年7月底前"),
        ("add-target", NUMBER, "二(二)3", "10", "家", "--metric", "入驻企业"),
        ("not-target", NUMBER, "二(一)", "1", "次"),
        ("fix-target", NUMBER, "二(一)", "40", "亿元", "--new-value", "45"),
        ("split-task", NUMBER, "二(三)1", "12", "--suffix", "b"),
        ("merge-task", NUMBER, "二(三)2", "二(三)3"),
    ]
    for step in steps:
        code, output = _run(url, "correct", *step, "--reason", "核对责任分解表")
        assert code == 0, (step, output)
        assert "已保存修正" in output
    task = _task(url, "二(二)1")
    assert {"unit": "市财政局", "role": "co"} in task["units"]
    assert [(d["raw"], d["due"]) for d in task["deadlines"]] == [("2018年7月底前", "2018-08-31"),
                                                                 ("2019年6月底前", "2019-06-30")]
    assert [t["value"] for t in _task(url, "二(一)")["targets"]] == [45.0, 65.0]
    assert _task(url, "二(三)1b")["text"]
    code, output = _run(url, "corrections", "list", NUMBER)
    assert code == 0 and output.count("核对责任分解表") == len(steps)


def test_a_refused_correction_exits_non_zero_and_says_why(db: tuple[str, Path]) -> None:
    url, _ = db
    code, output = _run(url, "correct", "remove-unit", NUMBER, "二(二)1", "市审计局", "--reason", "x")
    assert code == 1 and "修正被拒绝" in output and "市审计局" in output
    code, output = _run(url, "correct", "set-role", NUMBER, "二(二)1", "市招商局", "boss", "--reason", "x")
    assert code == 1 and "role" in output
    code, output = _run(url, "correct", "add-unit", "没有这个文件", "二(二)1", "市审计局", "--reason", "x")
    assert code == 1 and "没有这个文件" in output


def test_revert_restores_the_extraction_and_list_shows_flagged_ones(db: tuple[str, Path]) -> None:
    url, copy = db
    extracted = _task(url, "二(二)1")
    assert _run(url, "correct", "add-unit", NUMBER, "二(二)1", "市财政局", "--reason", "a")[0] == 0
    assert _run(url, "correct", "add-unit", NUMBER, "二(二)2", "市财政局", "--reason", "b")[0] == 0
    code, output = _run(url, "corrections", "revert", "1", "--reason", "撤回")
    assert code == 0 and "已撤销修正 #1" in output
    assert _task(url, "二(二)1") == extracted
    assert _run(url, "corrections", "revert", "1", "--reason", "again")[0] == 1
    copy.write_text(copy.read_text(encoding="utf-8").replace("规范编制生态旅游文化产业园发展规划",
                                                             "编制产业园发展规划"), encoding="utf-8")
    assert _run(url, "ingest", str(copy))[0] == 0
    code, output = _run(url, "corrections", "list", "--status", "needs_review")
    assert code == 0 and "需要复核" in output and "二(二)2" in output and "二(二)1" not in output
    engine = make_engine(url)
    with Session(engine) as session:
        assert [c.status for c in stored_rows(session=session, model=Correction,
                                              order_by=[Correction.id])] == [
            "reverted", "needs_review"]
        assert [e.actor.startswith("cli:") for e in list_audit(session=session, target="correction:1")] == [True, True]
    engine.dispose()


def test_editor_tokens_are_scoped_to_a_jurisdiction(db: tuple[str, Path]) -> None:
    url, _ = db
    code, output = _run(url, "token", "create", "--role", "editor", "--jurisdiction", "浙江省温州市")
    assert code == 0, output
    engine = make_engine(url)
    with Session(engine) as session:
        token = authenticate(session=session, bearer=output.strip().splitlines()[-1])
        assert token is not None and token.role == "editor"
        scope = session.get(Jurisdiction, token.jurisdiction_id)
        assert scope is not None and scope.full_name == "浙江省温州市"
    engine.dispose()
    assert _run(url, "token", "create", "--role", "editor")[0] == 2
    assert _run(url, "token", "create", "--role", "editor", "--jurisdiction", "火星市")[0] == 2


def test_english_on_request(db: tuple[str, Path]) -> None:
    url, _ = db
    code, output = _run(url, "correct", "add-unit", NUMBER, "二(二)1", "市财政局", "--reason", "a",
                        lang="en")
    assert code == 0 and "Saved correction #1" in output


def test_a_correction_survives_ingest_force(db: tuple[str, Path]) -> None:
    url, copy = db
    assert _run(url, "correct", "set-role", NUMBER, "二(一)", "市招商局", "co", "--reason", "a")[0] == 0
    code, output = _run(url, "ingest", "--force", str(copy))
    assert code == 0, output
    assert {"unit": "市招商局", "role": "co"} in _task(url, "二(一)")["units"]
