"""``policygraph breakdown import`` (preview, --apply) and ``export breakdown`` round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from store.curation_tables import Correction
from store.db import make_engine
from store.ingest import load_bundled
from store.readback import stored_rows
from tests.cli.two_cities import run
from tests.store.breakdown.office_sheet import DIFFERENCES, office_sheet

NUMBER = "温政发〔2018〕26号"


@pytest.fixture
def url(tmp_path: Path) -> str:
    address = f"sqlite:///{tmp_path / 'policygraph.db'}"
    engine = make_engine(address)
    assert load_bundled(engine=engine)
    engine.dispose()
    return address


def _corrections(url: str) -> list[Correction]:
    engine = make_engine(url)
    with Session(engine) as session:
        found = stored_rows(session=session, model=Correction)
    engine.dispose()
    return found


def test_preview_lists_the_differences_and_stores_nothing(url: str, tmp_path: Path) -> None:
    sheet = tmp_path / "分解表.xlsx"
    sheet.write_bytes(office_sheet())
    code, output = run(url, "breakdown", "import", str(sheet), "--document", NUMBER)
    assert code == 0, output
    assert f"9 行已对应任务,{len(DIFFERENCES)} 项更正,0 处错误" in output
    assert "第13行 二(三)3 add_unit 市科技局 (co)" in output
    assert _corrections(url) == []


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_apply_then_export_then_import_changes_nothing(url: str, tmp_path: Path, fmt: str) -> None:
    sheet = tmp_path / "分解表.xlsx"
    sheet.write_bytes(office_sheet())
    code, output = run(url, "breakdown", "import", str(sheet), "--document", NUMBER, "--apply")
    assert code == 0, output
    assert f"已导入 {len(DIFFERENCES)} 项更正" in output
    assert {c.source for c in _corrections(url)} == {"import:分解表.xlsx"}
    exported = tmp_path / f"breakdown.{fmt}"
    code, output = run(url, "export", "breakdown", "--document", NUMBER, "--format", fmt,
                       "--output", str(exported))
    assert code == 0, output
    code, output = run(url, "breakdown", "import", str(exported), "--document", NUMBER, "--apply")
    assert code == 0, output
    assert "0 项更正,0 处错误" in output and "已导入 0 项更正" in output
    assert len(_corrections(url)) == len(DIFFERENCES)


def test_an_error_row_is_reported_by_its_row_number_and_nothing_is_applied(url: str,
                                                                          tmp_path: Path) -> None:
    sheet = tmp_path / "分解表.csv"
    sheet.write_bytes("序号,工作任务,牵头单位\n1,促进低收入群众增收致富,市农业局\n"
                      "2,建设海洋经济合作示范区,市发改委\n".encode("gb18030"))
    code, output = run(url, "breakdown", "import", str(sheet), "--document", NUMBER, "--apply")
    assert code == 1
    assert "错误 第3行 task" in output and "未导入任何更正" in output
    assert _corrections(url) == []


def test_an_unknown_document_is_refused(url: str, tmp_path: Path) -> None:
    sheet = tmp_path / "分解表.xlsx"
    sheet.write_bytes(office_sheet())
    code, output = run(url, "breakdown", "import", str(sheet), "--document", "不存在〔2000〕1号")
    assert code == 2 and "没有文件" in output
