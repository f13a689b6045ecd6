"""Queries live in store/: no module outside it builds or runs SQL.

Every ``.py`` file outside store/ (its migrations included), tests/, bench/ and the
virtualenv is parsed; a call to ``select``, ``text``, ``.exec``/``.execute`` or
``.query`` is a query written in the wrong place.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPED = {"store", "tests", "bench", ".venv", "node_modules", "build", "dist"}
SQL_FUNCTIONS = {"select", "text"}
SQL_MODULES = {"sqlalchemy", "sqlmodel"}
SQL_METHODS = {"exec", "execute", "query"}


def sql_calls(source: str, filename: str = "<string>") -> list[tuple[int, str]]:
    """The line and name of every SQL-building or SQL-running call in ``source``.

    ``select`` is SQL's wherever it is called; ``text`` only where it comes from
    SQLAlchemy (an SVG module's ``text()`` escapes markup).

    >>> sql_calls("rows = session.exec(select(Unit)).all()")
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
        "    rows = session.exec(select(Unit)).all()\n"
        "    session.execute(text('DELETE FROM unit'))\n"
        "    return session.query(Unit).all(), rows\n"
    )
    assert sql_calls(planted) == [(4, ".exec"), (4, "select"), (5, ".execute"), (5, "text"),
                                  (6, ".query")]


def test_sql_text_under_another_name_is_found() -> None:
    source = "from sqlalchemy import text as sql\nsession.flush(sql('SELECT 1'))\n"
    assert sql_calls(source) == [(2, "sql")]


def test_a_qualified_sqlalchemy_select_is_found() -> None:
    assert sql_calls("import sqlalchemy as sa\nq = sa.select(Unit)\n") == [(2, "select")]


def test_calls_that_only_share_a_word_are_not_sql() -> None:
    source = ("from embed.svg.style import text\n"
              "selection = pick_obligations(graph, unit=u)\n"
              "label = text(node.label)\n"
              "value = escape_text(s)\n")
    assert sql_calls(source) == []
