"""Serve a run from a database an earlier run already loaded, instead of ingesting again.

At scale L ingest takes about twenty minutes of a run; when only the serving side
changed (queries, the snapshot, the server), ``python -m bench.run --scale L
--reuse-database FILE`` copies that SQLite file into the work folder, migrates the copy
to this commit's schema and measures everything else.  The record says the database was
reused and carries no ingest figures (NaN: not measured, never a figure of another
commit), so the growth ratios of ingest are NaN too.
"""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path
from typing import Any


class ReuseError(ValueError):
    """The database cannot stand for this run's corpus."""


def copy_database(source: Path, target: Path) -> None:
    """Copy a SQLite database file consistently (its write-ahead log included).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with sqlite3.connect(folder / "a.db") as db:
    ...     _ = db.execute("CREATE TABLE t (x)")
    ...     _ = db.execute("INSERT INTO t VALUES (1)")
    >>> copy_database(folder / "a.db", folder / "b.db")
    >>> sqlite3.connect(folder / "b.db").execute("SELECT x FROM t").fetchall()
    [(1,)]
    """
    if not source.is_file():
        raise ReuseError(f"no database file at {source}")
    for old in target.parent.glob(f"{target.name}*"):
        old.unlink()
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)  # SQLite's online backup: pages as of one read transaction
    finally:
        writer.close()
        reader.close()


def reused_ingest(source: Path, *, stored: int, expected: int) -> dict[str, Any]:
    """The ingest part of a record whose database was reused.

    Examples
    --------
    >>> reused_ingest(Path("L.db"), stored=3, expected=3)["documents_per_s"]
    nan
    >>> reused_ingest(Path("L.db"), stored=2, expected=3)
    Traceback (most recent call last):
    ...
    bench.reuse.ReuseError: L.db holds 2 documents; this run's corpus has 3
    """
    if stored != expected:
        raise ReuseError(f"{source} holds {stored} documents; this run's corpus has {expected}")
    return {"reused": str(source), "documents": stored, "failed": 0, "workers": 0,
            "documents_per_s": math.nan, "mb_per_s": math.nan, "seconds": math.nan}


def reuse(source: Path, target: Path, *, db: str, expected: int) -> dict[str, Any]:
    """Copy ``source`` to ``target`` (the run's database ``db``), migrate it, and return
    the record's ingest part; :class:`ReuseError` unless it holds ``expected`` documents."""
    from sqlmodel import Session

    from store.crud.documents import count_documents
    from store.db import make_engine
    from store.ingest import bundled_paths
    from store.setup import init_db

    copy_database(source, target)
    engine = make_engine(db)
    try:
        init_db(engine)  # the copy is migrated to this commit's schema
        with Session(engine) as session:
            stored = count_documents(session=session)
    finally:
        engine.dispose()
    # the bench loads the bundled documents beside the generated ones
    return reused_ingest(source, stored=stored - len(bundled_paths()), expected=expected)
