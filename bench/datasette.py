"""datasette-graphql over the SQLite export: its own venv, its server, the shared questions.

Datasette pins its own versions of uvicorn, graphql-core and friends, so it lives in
``bench/.venv-datasette`` (created on first use) and never touches the project's venv.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

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


SHARED_QUESTIONS: tuple[SharedQuestion, ...] = (
    SharedQuestion("unit(name:)",
                   '{ unit(name: "温州市规划局") { name level } }',
                   '{ units(filter: {name: {eq: "市规划局"}, jurisdiction: {eq: "浙江省温州市"}}) '
                   '{ nodes { name level } } }',
                   ("unit",), ("units", "nodes")),
    SharedQuestion("overdue(asOf:, unit:)",
                   '{ overdue(asOf: "2019-01-01", unit: "温州市规划局") { path dueDate } }',
                   '{ obligations(filter: {owners: {contains: "|市规划局|"}, '
                   'jurisdiction: {eq: "浙江省温州市"}, '
                   'due_date: {lt: "2019-01-01"}}, first: 100000) { nodes { path due_date } } }',
                   ("overdue",), ("obligations", "nodes")),
    SharedQuestion("whoOwns(text:)",
                   '{ whoOwns(text: "40亿元") { target { path value unit } } }',
                   '{ targets(filter: {quote: {contains: "40亿元"}}) '
                   '{ nodes { path value unit } } }',
                   ("whoOwns",), ("targets", "nodes")),
    SharedQuestion("dueBetween(start:, end:)",
                   '{ dueBetween(start: "2020-01-01", end: "2020-12-31") { path dueDate } }',
                   '{ obligations(filter: {due_date: {gte: "2020-01-01", lte: "2020-12-31"}}, '
                   'first: 100000) { nodes { path due_date } } }',
                   ("dueBetween",), ("obligations", "nodes")),
)


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
