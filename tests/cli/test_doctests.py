"""Run the doctests of the cli package's modules."""

from __future__ import annotations

import doctest

import cli.ingest


def test_cli_ingest_doctests_pass() -> None:
    result = doctest.testmod(cli.ingest)
    assert result.attempted > 0 and result.failed == 0
