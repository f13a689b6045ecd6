"""The rows an ingest stores, table by table, as digests, to compare one code with another.

``tests/store/data/ingest_rows.json`` holds the digests the code before the ingest was
made faster stored (commit 77aeba8, written by running this module there::

    PYTHONPATH=<that checkout> python tests/store/ingest_golden.py tests/store/data/ingest_rows.json

); :mod:`tests.store.test_ingest_same_rows` stores the same files with today's code and
compares.  Columns that hold the clock, the path a file was read from and columns added
since (:data:`NEW_COLUMNS`) are left out; rows are read in primary-key order, ids included.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from bench.generate import generate_documents
from store.readback import table_rows

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
NEW_COLUMNS = {("document", "number_normalised")}
GENERATED = 30  # generated documents, some GB18030


def documents(folder: Path) -> list[Path]:
    """Write the compared files into ``folder``, in ingest order: the bundled documents,
    generated ones, document 000 again under another name with an edited deadline, a
    generated one again with its 文号 in another spelling, and one again byte for byte
    under another name."""
    paths = [Path(shutil.copy(p, folder / p.name)) for p in sorted(CORPUS.glob("*.txt"))
             if p.stem.lower() not in ("readme", "source")]
    for name, data, _ in generate_documents(seed=7, count=GENERATED, gb18030_fraction=0.2):
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    edited = folder / "zz_000_edited.txt"
    edited.write_text(paths[0].read_text(encoding="utf-8").replace("2019年前", "2019年底前"),
                      encoding="utf-8")
    respelled = folder / "zz_respelled.txt"
    text = paths[3].read_text(encoding="utf-8")
    respelled.write_text(text.replace("〔", "[", 1).replace("〕", "]", 1) + "\n",
                         encoding="utf-8")
    again = Path(shutil.copy(paths[4], folder / "zz_again.txt"))
    return [*paths, edited, respelled, again]


def _clock(column: Any) -> bool:
    kind = getattr(column.type, "impl", column.type)
    return isinstance(kind, DateTime) or isinstance(column.type, DateTime)


def digests(engine: Engine) -> dict[str, list[Any]]:
    """``{table: [row count, SHA-256 of the rows]}`` for every mapped table."""
    out: dict[str, list[Any]] = {}
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            columns = [c.name for c in table.columns if not _clock(c)
                       and c.name != "source_file" and (table.name, c.name) not in NEW_COLUMNS]
            rows = table_rows(connection=connection, table=table, columns=columns,
                              order_by=[c.name for c in table.primary_key.columns])
            blob = json.dumps([list(r) for r in rows], default=str, ensure_ascii=False)
            out[table.name] = [len(rows), hashlib.sha256(blob.encode()).hexdigest()]
    return out


def ingest_and_digest(directory: Path) -> dict[str, list[Any]]:
    """Ingest :func:`documents` into a new SQLite database under ``directory``."""
    from sqlmodel import Session

    from store.db import make_engine
    from store.ingest_many import ingest_paths
    from store.reference import load_pairings
    from store.setup import init_db

    (directory / "docs").mkdir()
    engine = make_engine(f"sqlite:///{directory / 'rows.db'}")
    init_db(engine)
    with Session(engine) as session:
        load_pairings(session=session)
        session.commit()
    results = ingest_paths(engine=engine, paths=documents(directory / "docs"), workers=1)
    assert all(r.ok for r in results), [r.message for r in results if not r.ok]
    try:
        return digests(engine)
    finally:
        engine.dispose()


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        found = ingest_and_digest(Path(tmp))
    Path(sys.argv[1]).write_text(json.dumps(found, indent=1, sort_keys=True) + "\n",
                                 encoding="utf-8")
