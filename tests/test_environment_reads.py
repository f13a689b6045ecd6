"""The environment is read in one place: settings/ (and the CLI's entry).

Every ``.py`` file of the project outside settings/, tests/, bench/ and the virtualenv is
parsed; ``os.environ``, ``os.getenv`` and ``environ``/``getenv`` imported from :mod:`os`
are reads of the environment in the wrong place.  Pure code takes its values as arguments;
the edges (the app's start, the CLI's start) call :func:`settings.read_settings`.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPED = {"settings", "tests", "bench", ".venv", "node_modules", "build", "dist"}
EDGES = {
    "cli/database.py":
        "the CLI's entry: exports the chosen --database-url for the server uvicorn starts",
}
"""Files that may touch the environment, each with the reason."""


def environment_reads(source: str, filename: str = "<string>") -> list[tuple[int, str]]:
    """The line and spelling of every read (or write) of the process environment.

    >>> environment_reads("import os\\nx = os.environ.get('A')\\ny = os.getenv('B')")
    [(2, 'os.environ'), (3, 'os.getenv')]
    >>> environment_reads("from os import environ as env\\nx = env['A']")
    [(1, 'from os import environ')]
    >>> environment_reads("settings = read_settings()\\nenviron = {}")
    []
    """
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if (isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv", "putenv"}
                and isinstance(node.value, ast.Name) and node.value.id == "os"):
            found.append((node.lineno, f"os.{node.attr}"))
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            found += [(node.lineno, f"from os import {alias.name}") for alias in node.names
                      if alias.name in {"environ", "getenv", "putenv"}]
    return sorted(found)


def checked_files() -> list[Path]:
    """Every Python file of the project that must not read the environment."""
    return sorted(p for p in ROOT.rglob("*.py")
                  if not SKIPPED & set(p.relative_to(ROOT).parts[:-1])
                  and not p.relative_to(ROOT).parts[0].startswith("."))


def test_nothing_outside_settings_and_the_cli_entry_reads_the_environment() -> None:
    files = checked_files()
    assert any(p.relative_to(ROOT).parts[0] == "graph" for p in files)  # the walk reached code
    offences = [f"{path.relative_to(ROOT)}:{line}: {name}"
                for path in files if str(path.relative_to(ROOT)) not in EDGES
                for line, name in environment_reads(path.read_text(encoding="utf-8"), str(path))]
    assert offences == [], "read the setting in settings/ and pass it down:\n" + "\n".join(offences)


def test_the_listed_edges_still_touch_the_environment() -> None:
    stale = [name for name in EDGES
             if not environment_reads((ROOT / name).read_text(encoding="utf-8"))]
    assert stale == [], "remove edges that no longer read the environment"


def test_a_planted_read_is_found_with_its_line() -> None:
    planted = "import os\n\ndef url():\n    return os.environ['DATABASE_URL']\n"
    assert environment_reads(planted) == [(4, "os.environ")]
