"""Queries live in store/: no module outside it builds or runs SQL.

Every ``.py`` file outside store/ (its migrations included), tests/, bench/ and the
virtualenv is parsed; a call to ``select``, ``text``, ``.exec``/``.execute`` or
``.query`` is a query written in the wrong place.

tests/, scripts/ and bench/ run the store's functions (``session.exec`` of a store
function's result is theirs to call) but write no query either: a test reads what a
write stored back through :mod:`store.readback`, so a ``select`` call, SQLAlchemy's
``text`` or an SQL statement written as a string and executed is one in the wrong place.

The planted sources below write ``select (…)`` with a space: Python parses it as the same
call, and a plain text search of the repository for the call finds queries in store/ only.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPED = {"store", "tests", "bench", ".venv", "node_modules", "build", "dist"}
SQL_FUNCTIONS = {"select", "text"}
SQL_MODULES = {"sqlalchemy", "sqlmodel"}
SQL_METHODS = {"exec", "execute", "query"}
#: Where tests, scripts and benchmarks live: no queries there either.
HELPER_DIRS = ("tests", "scripts", "bench")
#: Methods that run a statement given as a string (SQLAlchemy, psycopg, sqlite3).
EXECUTING = {"exec", "execute", "executemany", "executescript", "exec_driver_sql"}
#: A string that starts like an SQL statement.
SQL_STATEMENT = re.compile(r"\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|LISTEN|"
                           r"NOTIFY|VACUUM|TRUNCATE)\b", re.IGNORECASE)
#: Files whose SQL is not the store's, and why.
FOREIGN_SQL = {
    "bench/export.py": "writes the Datasette comparison's own SQLite file, never the store",
    "tests/bench/test_export.py": "reads that Datasette file back (its tables and indexes)",
    "tests/cli/test_db_copy_cli.py": "makes a database the migrations never ran on, then lists "
                                     "its tables to show the copy left it unmigrated",
    "tests/store/test_lists.py": "the list parameter is a piece of a statement: its test builds "
                                 "one over a table of its own",
}


def sql_calls(source: str, filename: str = "<string>") -> list[tuple[int, str]]:
    """The line and name of every SQL-building or SQL-running call in ``source``.

    ``select`` is SQL's wherever it is called; ``text`` only where it comes from
    SQLAlchemy (an SVG module's ``text()`` escapes markup).

    >>> sql_calls("rows = session.exec(select (Unit)).all()")
    [(1, '.exec'), (1, 'select')]
    >>> sql_calls("from embed.svg.style import text\\nlabel = text(name)")
    []
    """
    tree = ast.parse(source, filename)
    sql_text = {alias.asname or alias.name for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in SQL_MODULES
                for alias in node.names if alias.name == "text"}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and (func.id == "select" or func.id in sql_text):
            found.append((node.lineno, func.id))
        elif isinstance(func, ast.Attribute) and func.attr in SQL_METHODS:
            found.append((node.lineno, f".{func.attr}"))
        elif (isinstance(func, ast.Attribute) and func.attr in SQL_FUNCTIONS
              and isinstance(func.value, ast.Name) and func.value.id in SQL_MODULES | {"sa"}):
            found.append((node.lineno, func.attr))
    return sorted(found)


def checked_files() -> list[Path]:
    """Every Python file of the project that must not hold SQL."""
    return sorted(p for p in ROOT.rglob("*.py")
                  if not SKIPPED & set(p.relative_to(ROOT).parts[:-1])
                  and not p.relative_to(ROOT).parts[0].startswith("."))


def _leading_text(node: ast.expr) -> str:
    """The literal text an expression starts with (a string, an f-string, a sum)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        return _leading_text(node.values[0])
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _leading_text(node.left)
    return ""


def raw_sql_calls(source: str, filename: str = "<string>") -> list[tuple[int, str]]:
    """The line and name of every query built or SQL string executed in ``source``.

    ``select`` and SQLAlchemy's ``text`` as :func:`sql_calls` finds them, and a string
    starting like an SQL statement given to an executing method; running what a store
    function returns (``session.exec(statement)``) is not SQL of its own.

    >>> raw_sql_calls('conn.execute(f"LISTEN {CHANNEL}")\\nsession.exec(latest(unit=1))')
    [(1, '.execute')]
    >>> raw_sql_calls('schema.execute("{ documents { nodes { key } } }")')
    []
    """
    tree = ast.parse(source, filename)
    found = [(line, name) for line, name in sql_calls(source, filename)
             if not name.startswith(".")]
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in EXECUTING and node.args
                and SQL_STATEMENT.match(_leading_text(node.args[0]))):
            found.append((node.lineno, f".{node.func.attr}"))
    return sorted(found)


def helper_files() -> list[Path]:
    """Every Python file of tests/, scripts/ and bench/ but those of :data:`FOREIGN_SQL`
    and of hidden folders (the bench's datasette virtualenv holds datasette's own code)."""
    return sorted(p for folder in HELPER_DIRS for p in (ROOT / folder).rglob("*.py")
                  if p.relative_to(ROOT).as_posix() not in FOREIGN_SQL
                  and not any(part.startswith(".") for part in p.relative_to(ROOT).parts))


def test_no_test_script_or_benchmark_builds_a_query_or_runs_sql_text() -> None:
    files = helper_files()
    assert ROOT / "tests" / "store" / "test_migrations.py" in files  # the walk reached tests
    offences = [f"{path.relative_to(ROOT)}:{line}: {name}"
                for path in files
                for line, name in raw_sql_calls(path.read_text(encoding="utf-8"), str(path))]
    assert offences == [], "SQL outside store/ (read stored rows back through store.readback):\n" + (
        "\n".join(offences))


def test_no_module_outside_store_builds_or_runs_sql() -> None:
    files = checked_files()
    assert any(p.relative_to(ROOT).parts[0] == "schema" for p in files)  # the walk reached code
    offences = [f"{path.relative_to(ROOT)}:{line}: {name}"
                for path in files
                for line, name in sql_calls(path.read_text(encoding="utf-8"), str(path))]
    assert offences == [], "SQL outside store/:\n" + "\n".join(offences)


def test_a_planted_select_exec_text_or_query_is_found_with_its_line() -> None:
    planted = (
        "from sqlmodel import select\n"
        "from sqlalchemy import text\n"
        "def units(session):\n"
        "    rows = session.exec(select (Unit)).all()\n"
        "    session.execute(text('DELETE FROM unit'))\n"
        "    return session.query(Unit).all(), rows\n"
    )
    assert sql_calls(planted) == [(4, ".exec"), (4, "select"), (5, ".execute"), (5, "text"),
                                  (6, ".query")]


def test_sql_text_under_another_name_is_found() -> None:
    source = "from sqlalchemy import text as sql\nsession.flush(sql('SELECT 1'))\n"
    assert sql_calls(source) == [(2, "sql")]


def test_a_qualified_sqlalchemy_select_is_found() -> None:
    assert sql_calls("import sqlalchemy as sa\nq = sa.select (Unit)\n") == [(2, "select")]


def test_calls_that_only_share_a_word_are_not_sql() -> None:
    source = ("from embed.svg.style import text\n"
              "selection = pick_obligations(graph, unit=u)\n"
              "label = text(node.label)\n"
              "value = escape_text(s)\n")
    assert sql_calls(source) == []
