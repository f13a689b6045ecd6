"""``policygraph documents``: list, show, withdraw and remove, audited, on real databases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import Session
from typer.testing import CliRunner

from cli.main import app
from store.audit import AuditEntry
from store.db import make_engine
from store.readback import count_rows, stored_rows
from store.tables import Document, Task

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
DOC_000 = CORPUS / "000_a92242b81cc0d015.txt"
DOC_003 = CORPUS / "003_e159d8715f3bd95b.txt"
NUMBER_000 = "温政发〔2018〕26号"


def _run(db_url: str, *args: str, answer: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=answer,
                           env={"DATABASE_URL": db_url, "COLUMNS": "240", "POLICYGRAPH_LANG": "zh"})
    return result.exit_code, result.output


def _loaded(db_url: str) -> str:
    code, output = _run(db_url, "ingest", str(DOC_000), str(DOC_003))
    assert code == 0, output
    return db_url


def _rows(db_url: str) -> tuple[list[Document], list[AuditEntry], int]:
    engine = make_engine(db_url)
    with Session(engine) as session:
        docs = stored_rows(session=session, model=Document, order_by=[Document.key])
        audit = stored_rows(session=session, model=AuditEntry, order_by=[AuditEntry.id])
        tasks = count_rows(session=session, model=Task)
    engine.dispose()
    return docs, audit, tasks


def test_list_names_each_document_by_its_number_or_its_first_line(db_url: str) -> None:
    code, output = _run(_loaded(db_url), "documents", "list")
    assert code == 0, output
    assert NUMBER_000 in output
    # 003 has neither number nor title: its first line's first clause names it
    assert "本省自2002年全面实施山海协作工程以来…" in output
    assert output.count("有效") == 2


def test_withdraw_from_a_day_is_stored_audited_and_listed(db_url: str) -> None:
    _loaded(db_url)
    code, output = _run(db_url, "documents", "withdraw", NUMBER_000, "--on", "2019-06-30")
    assert code == 0, output
    assert "2019-06-30" in output
    docs, audit, _ = _rows(db_url)
    assert docs[0].withdrawn_on == dt.date(2019, 6, 30) and docs[1].withdrawn_on is None
    assert [(a.action, a.target, a.actor_role, a.outcome) for a in audit] == [
        ("withdraw_document", "document:000_a92242b81cc0d015", "admin", "ok")]
    assert audit[0].actor.startswith("cli:") and "2019-06-30" in (audit[0].new_value or "")
    _, listed = _run(db_url, "documents", "list")
    assert "自2019-06-30起废止" in listed
    code, _ = _run(db_url, "documents", "withdraw", "000_a92242b81cc0d015", "--undo")
    assert code == 0 and _rows(db_url)[0][0].withdrawn_on is None


def test_an_unknown_document_is_refused_in_chinese(db_url: str) -> None:
    code, output = _run(_loaded(db_url), "documents", "withdraw", "温政发〔1999〕1号")
    assert code == 1
    assert "没有键、文号或标题为“温政发〔1999〕1号”的文件" in output
    assert _rows(db_url)[1] == []


def test_remove_asks_first_and_a_no_removes_nothing(db_url: str) -> None:
    _loaded(db_url)
    before = _rows(db_url)
    code, output = _run(db_url, "documents", "remove", NUMBER_000, answer="n\n")
    assert code == 1 and "确定删除" in output
    assert _rows(db_url)[2] == before[2] and len(_rows(db_url)[0]) == 2


def test_remove_with_yes_deletes_the_document_and_its_tasks_and_audits_it(db_url: str) -> None:
    _loaded(db_url)
    tasks_before = _rows(db_url)[2]
    code, output = _run(db_url, "documents", "remove", "000_a92242b81cc0d015", "--yes")
    assert code == 0, output
    docs, audit, tasks = _rows(db_url)
    assert [d.key for d in docs] == ["003_e159d8715f3bd95b"]
    assert 0 < tasks < tasks_before
    assert [(a.action, a.target) for a in audit] == [
        ("remove_document", "document:000_a92242b81cc0d015")]
    assert NUMBER_000 in (audit[0].previous_value or "")


def test_show_prints_the_header_and_counts(db_url: str) -> None:
    code, output = _run(_loaded(db_url), "documents", "show", "000_a92242b81cc0d015")
    assert code == 0, output
    assert "温州市人民政府关于打造山海协作工程升级版的实施意见" in output
    assert "2018-12-07" in output and "有效" in output
