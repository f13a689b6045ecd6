"""A SQLite database holding the bundled corpus and, on request, documents of the bench's
generator: the shared ground of tests that compare a snapshot's answers with the store's
on real text and on a corpus large enough to have many units, years and pages."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from bench.generate import write_corpus
from store.db import make_engine
from store.ingest import ingest_paths, load_bundled


def corpus_engine(folder: Path, *, generated: int = 0, seed: int = 3) -> Engine:
    """An engine on ``folder/corpus.db`` with the bundled corpus stored, then
    ``generated`` documents written by the bench's generator with ``seed`` and ingested
    (the bundled corpus first: generated documents are read with its reference data).
    Every generated document must be stored; the caller disposes of the engine."""
    engine = make_engine(f"sqlite:///{folder}/corpus.db")
    load_bundled(engine=engine)
    if generated:
        write_corpus(out=folder / "corpus", seed=seed, count=generated)
        results = ingest_paths(engine=engine,
                               paths=sorted((folder / "corpus").glob("syn_*.txt")))
        assert all(r.ok for r in results), [r for r in results if not r.ok]
    return engine
