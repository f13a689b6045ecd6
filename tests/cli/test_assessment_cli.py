"""``policygraph assessment``: the 考核表 on the terminal and as XLSX, with the figures
worked by hand in tests/graph/test_assessment.py."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from cli.main import app
from store.db import make_engine
from store.ingest import load_bundled
from tests.graph.test_assessment import EXPECTED_UNITS, FGW, NYJ, ZSJ, store_reports


def corpus_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'policygraph.db'}"
    engine = make_engine(url)
    load_bundled(engine=engine)
    store_reports(engine)
    engine.dispose()
    return url


def run(url: str, *args: str) -> str:
    result = CliRunner().invoke(app, ["--database-url", url, "assessment", *args],
                                env={"POLICYGRAPH_LANG": "zh"})
    assert result.exit_code == 0, result.output
    return result.output


def test_the_terminal_table_and_the_xlsx_carry_the_hand_figures(tmp_path: Path) -> None:
    url = corpus_url(tmp_path)
    printed = run(url, "--as-of", "2019-01-01", "--jurisdiction", "浙江省温州市").splitlines()
    assert printed[0] == "考核表(浙江省温州市 · 单位 · 截至 2019-01-01)"
    line = {r.split()[2]: r.split() for r in printed[2:] if len(r.split()) > 2}
    # rank band name due on_time late overdue mean reached committed score
    assert line[NYJ] == ["1", "A", NYJ, "1", "1", "0", "0", "–", "1", "2", "90.00"]
    assert line[ZSJ] == ["3", "D", ZSJ, "5", "2", "1", "2", "1.0", "1", "6", "45.33"]
    assert line[FGW][:2] == ["4", "D"]
    assert printed[-1].startswith("所用权重: roles.lead=1, roles.co=0.5")

    target = tmp_path / "kaohe.xlsx"
    run(url, "--as-of", "2019-01-01", "--jurisdiction", "温州市", "--format", "xlsx",
        "--output", str(target))
    sheet = load_workbook(io.BytesIO(target.read_bytes())).active
    rows = {r[2]: r for r in sheet.iter_rows(min_row=3, values_only=True) if r[2] in EXPECTED_UNITS}
    assert rows[ZSJ][-1] == EXPECTED_UNITS[ZSJ][7] and rows[ZSJ][:2] == (3, "D")


def test_another_weights_file_reorders_and_a_bad_one_is_named(tmp_path: Path) -> None:
    url = corpus_url(tmp_path)
    heavy = tmp_path / "heavy.yaml"
    heavy.write_text("targets_weight: 0.8\n", encoding="utf-8")
    printed = run(url, "--as-of", "2019-01-01", "--jurisdiction", "浙江省温州市",
                  "--config", str(heavy))
    assert printed.index(FGW) < printed.index(ZSJ)
    bad = tmp_path / "bad.yaml"
    bad.write_text("points:\n  late: 120\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["--database-url", url, "assessment", "--as-of",
                                      "2019-01-01", "--config", str(bad)])
    assert result.exit_code != 0 and "points.late" in result.output
