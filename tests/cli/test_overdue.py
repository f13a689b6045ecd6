"""``policygraph overdue`` on the hand-written sample store (graph/sample.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from cli.main import app
from graph.sample import fill_sample
from store.db import make_engine
from store.setup import init_db


@pytest.fixture
def sample_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'sample.db'}"
    engine = make_engine(url)
    init_db(engine)
    with Session(engine) as session:
        fill_sample(session)
        session.commit()
    engine.dispose()
    return url


def run(url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--database-url", url, "overdue", *args],
                                env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_overdue_lists_late_obligations_with_owners(sample_url: str) -> None:
    code, output = run(sample_url, "--as-of", "2019-01-01")
    assert code == 0, output
    assert "2018-07-31" in output and "二(二)1" in output  # 2018年7月底前, the collective's
    # 每年10月底前: the sample document was issued 2018-12-07, so its first instance is
    # 2019-10-31; the 2018 one fell before the document existed and was never owed.
    assert "2018-10-31" not in output
    assert "共 1 项逾期" in output


def test_overdue_of_a_unit_with_nothing_late(sample_url: str) -> None:
    code, output = run(sample_url, "--as-of", "2019-01-01", "--unit", "市商务局")
    assert code == 0, output
    assert "共 0 项逾期" in output


def test_overdue_rejects_a_bad_date_and_an_unknown_unit(sample_url: str) -> None:
    assert run(sample_url, "--as-of", "2019/01/01")[0] == 2
    code, output = run(sample_url, "--as-of", "2019-01-01", "--unit", "市招商")
    assert code == 1
    assert "市招商局" in output  # the suggestion


def test_overdue_speaks_english_when_the_setting_says_so(
        sample_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYGRAPH_LANG", "en")
    code, output = run(sample_url, "--as-of", "2019-01-01", "--unit", "市商务局")
    assert code == 0, output
    assert "0 overdue" in output and "Overdue on 2019-01-01" in output


def test_an_unknown_unit_is_named_in_chinese(sample_url: str) -> None:
    code, output = run(sample_url, "--as-of", "2019-01-01", "--unit", "市招商")
    assert code == 1
    assert "没有名为“市招商”的单位。" in output and "市招商局" in output
