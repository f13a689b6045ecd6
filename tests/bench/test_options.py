"""The bench run's command line: the scale's figures stand in for options left out, and
reusing a SQLite file is refused on PostgreSQL before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.options import layer_rounds_of, parse_options


def test_options_left_out_are_none_so_the_scale_decides() -> None:
    args = parse_options(["--scale", "L"])
    assert args.scale == "L"
    assert (args.requests, args.rounds, args.ingest_runs, args.layer_requests,
            args.layer_rounds) == (None, None, None, None, None)
    assert args.database == "sqlite" and args.concurrency == 8


def test_reusing_a_sqlite_file_on_postgresql_is_refused_with_its_reason(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        parse_options(["--database", "postgresql", "--reuse-database",
                       str(tmp_path / "M.db")])
    assert stopped.value.code == 2
    assert "--reuse-database needs --database sqlite" in capsys.readouterr().err


def test_an_unknown_scale_is_refused() -> None:
    with pytest.raises(SystemExit) as stopped:
        parse_options(["--scale", "XL"])
    assert stopped.value.code == 2


def test_the_layer_comparison_takes_its_own_rounds_unless_rounds_are_given() -> None:
    assert layer_rounds_of(parse_options(["--scale", "S"]), 7) == 7
    assert layer_rounds_of(parse_options(["--rounds", "1"]), 7) == 1  # a quick run stays quick
    assert layer_rounds_of(parse_options(["--rounds", "1", "--layer-rounds", "5"]), 7) == 5
