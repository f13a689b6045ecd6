"""datasette-graphql over the SQLite export: its own venv, its server, the shared questions.

The questions name the same generated unit as ours (:mod:`bench.asked`) and read the
export's normalised, indexed owners table: the fair baseline.

Datasette pins its own versions of uvicorn, graphql-core and friends, so it lives in
``bench/.venv-datasette`` (created on first use) and never touches the project's venv.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.answers import AS_OF, FIRST
from bench.asked import PLANNING

VENV = Path(__file__).resolve().parent / ".venv-datasette"
PACKAGES = ("datasette", "datasette-graphql")


def ensure_venv(venv: Path = VENV) -> tuple[Path | None, str]:
    """Create the venv and install datasette + datasette-graphql unless already there.

    Returns
    -------
    tuple
        The ``datasette`` executable (``None`` when it cannot be installed) and a note.
    """
    python, executable = venv / "bin" / "python", venv / "bin" / "datasette"
    check = [str(python), "-c", "import datasette, datasette_graphql"]
    if executable.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return executable, "reused " + str(venv)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True,
                       capture_output=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PACKAGES], check=True,
                       capture_output=True, timeout=600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        detail = getattr(error, "stderr", b"") or b""
        return None, f"datasette-graphql could not be installed: {error} {detail[-300:]!r}"
    return executable, "installed into " + str(venv)


def datasette_command(executable: Path, database: Path, port: int) -> list[str]:
    """``datasette serve`` with limits raised so the big answers are not cut or timed out."""
    return [str(executable), "serve", str(database), "--host", "127.0.0.1", "--port", str(port),
            "--setting", "sql_time_limit_ms", "120000",
            "--setting", "max_returned_rows", "100000",
            "--setting", "default_page_size", "100000"]


@dataclass(frozen=True)
class SharedQuestion:
    """A question both servers answer: ours and datasette-graphql's spelling of it.

    ``rows`` names the list in each answer, to check both return as many rows.
    """

    name: str
    ours: str
    theirs: str
    our_rows: tuple[str, ...]
    their_rows: tuple[str, ...]


_OWNED = (f"id in (select obligation_id from owners where unit = '{PLANNING.name}' "
          f"and jurisdiction = '{PLANNING.jurisdiction}')")

SHARED_QUESTIONS: tuple[SharedQuestion, ...] = (
    SharedQuestion("unit(name:)",
                   f'{{ unit(name: "{PLANNING.asked}") {{ name level }} }}',
                   f'{{ units(filter: {{name: {{eq: "{PLANNING.name}"}}, '
                   f'jurisdiction: {{eq: "{PLANNING.jurisdiction}"}}}}) {{ nodes {{ name level }} }} }}',
                   ("unit",), ("units", "nodes")),
    SharedQuestion("overdue(asOf:, unit:)",
                   f'{{ overdue(asOf: "{AS_OF}", unit: "{PLANNING.asked}") {{ path dueDate }} }}',
                   f'{{ obligations(where: "due_date < \'{AS_OF}\' and {_OWNED}", '
                   f'first: {FIRST}) {{ nodes {{ path due_date }} }} }}',
                   ("overdue",), ("obligations", "nodes")),
    SharedQuestion("whoOwns(text:)",
                   '{ whoOwns(text: "40亿元") { target { path value unit } } }',
                   f'{{ targets(filter: {{quote: {{contains: "40亿元"}}}}, first: {FIRST}) '
                   '{ nodes { path value unit } } }',
                   ("whoOwns",), ("targets", "nodes")),
    SharedQuestion("dueBetween(start:, end:)",
                   '{ dueBetween(start: "2020-01-01", end: "2020-12-31") { path dueDate } }',
                   '{ obligations(filter: {due_date: {gte: "2020-01-01", lte: "2020-12-31"}}, '
                   f'first: {FIRST}) {{ nodes {{ path due_date }} }} }}',
                   ("dueBetween",), ("obligations", "nodes")),
)
"""Datasette is asked through the normalised owners table (:mod:`bench.export`): a
``where:`` sub-select on its indexed columns, as a SQL-literate publisher would ask; each
side returns at most :data:`bench.answers.FIRST` rows, our lists' default page."""


def row_count(data: object, keys: tuple[str, ...]) -> int:
    """How many rows an answer holds under ``keys`` (an object counts as one).

    >>> row_count({"units": {"nodes": [1, 2]}}, ("units", "nodes"))
    2
    >>> row_count({"unit": {"name": "x"}}, ("unit",))
    1
    """
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    if isinstance(data, list):
        return len(data)
    return 0 if data is None else 1
