"""The fair baseline: datasette reads a normalised, indexed owners table, not a LIKE-scan."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from bench.datasette import SHARED_QUESTIONS
from bench.export import export_sqlite
from graph.obligations import expand
from graph.sample import sample_graph


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    """The export of the sample graph (温政发〔2018〕26号's tasks), opened."""
    path = tmp_path_factory.mktemp("export") / "export.db"
    export_sqlite(sample_graph(), path)
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def _indexed(connection: sqlite3.Connection, table: str) -> set[tuple[str, ...]]:
    """The column lists of ``table``'s indexes (its primary key's included)."""
    return {tuple(row[2] for row in connection.execute(f"PRAGMA index_info('{name}')"))
            for _, name, *_ in connection.execute(f"PRAGMA index_list('{table}')")}


def test_owners_is_a_table_of_obligation_and_unit(exported: sqlite3.Connection) -> None:
    columns = [row[1] for row in exported.execute("PRAGMA table_info('owners')")]
    assert columns[:3] == ["obligation_id", "unit", "jurisdiction"]
    obligations = [row[1] for row in exported.execute("PRAGMA table_info('obligations')")]
    assert "owners" not in obligations  # no delimited column left to scan


def test_owners_are_indexed_on_both_sides_and_obligations_on_due_dates(
        exported: sqlite3.Connection) -> None:
    owners = _indexed(exported, "owners")
    assert ("obligation_id",) in owners
    assert ("unit", "jurisdiction") in owners
    assert ("due_date",) in _indexed(exported, "obligations")


def test_owners_rows_are_each_obligations_units(exported: sqlite3.Connection) -> None:
    graph = sample_graph()
    expected = {(ob.id, owner.name) for ob in expand(graph, through_year=2030)
                for owner in ob.owners}
    rows = set(exported.execute("SELECT obligation_id, unit FROM owners"))
    assert rows == expected and rows
    assert exported.execute("SELECT count(*) FROM owners WHERE obligation_id NOT IN "
                            "(SELECT id FROM obligations)").fetchone() == (0,)


def test_datasettes_overdue_question_looks_owners_up_by_index(
        exported: sqlite3.Connection) -> None:
    theirs = next(q.theirs for q in SHARED_QUESTIONS if q.name.startswith("overdue"))
    assert "contains" not in theirs and "like" not in theirs.lower()
    where = theirs.split('where: "', 1)[1].split('", first', 1)[0].replace("\\'", "'")
    plan = " ".join(row[3] for row in exported.execute(
        f"EXPLAIN QUERY PLAN SELECT path, due_date FROM obligations WHERE {where}"))
    assert "owners_unit" in plan, plan
    assert "SCAN owners" not in plan, plan
