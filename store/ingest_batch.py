"""Storing a folder's documents a batch per transaction, a failing one isolated.

A commit costs more than most documents' rows: SQLite writes every page the
transaction touched to its log again (the search index's pages, the indexes' hot
pages, the data-version row) and flushes the search index's pending terms into a new
segment; PostgreSQL makes a round trip and flushes its log.  :class:`Batch` stores up
to :data:`MAX_DOCUMENTS` documents, or what arrives within :data:`MAX_SECONDS`, in one
transaction, so that:

- a document that fails is reported failed, and the others of the batch are stored: the
  documents are written without a savepoint each (two statements, a round trip each on
  PostgreSQL, and SQLAlchemy's work around them), and the first failure rolls the whole
  transaction back, stores the batch's earlier documents again, each in a savepoint,
  and goes on (on PostgreSQL those get new ids: a sequence never hands an id out twice);
- results are handed out only once their batch is committed, in the order the files
  were given, so a progress line never reports a document that is not stored;
- when the commit itself fails, each document of the batch is stored again alone, in
  its own transaction (:func:`store.ingest.store_extraction`), so one bad document
  never loses the others;
- every document writes the rows a transaction of its own writes (ids included: the
  same rows inserted in the same order), and moves the data version on by one: the
  batch bumps it once, by the number of documents it stores, just before its commit
  (one statement, and one change note, per batch);
- the units, aliases, places and jurisdictions read or written by one document are
  known to the next (:class:`store.unit_index.UnitIndex`, one per batch), so a batch
  reads each only once; a document that fails takes that knowledge with it (its rows
  are gone), and the next one reads again;
- on SQLite the search index is filled once for the batch's new rows, just before
  the commit, not by a trigger per row (:mod:`store.search_deferred`).

While a batch is open its transaction is the one writer of documents
(:func:`store.db.writing`: SQLite's write lock, PostgreSQL's advisory lock; other
writers wait, readers do not), at most about :data:`MAX_SECONDS`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from extract.model import Extraction
from store.crud.documents import bump_data_version
from store.db import writing
from store.ingest import IngestResult, failed_result, store_extraction, store_in, unchanged_in
from store.ingest_prepare import Prepared
from store.search_deferred import defer, fill
from store.unit_index import UnitIndex

#: The most documents one transaction stores.  Each commit and each batch's search-index
#: fill has a fixed cost (the index's segments, the pages written again, the units read
#: again by the next batch): at bench M 64 documents a batch cost the storing process
#: about a tenth less CPU than 32.
MAX_DOCUMENTS = 64
#: A batch older than this is committed with the next document, so progress stays live.
MAX_SECONDS = 2.0


@dataclass
class _Entry:
    """One file of the batch: its result, and what to store again if the commit fails."""

    result: IngestResult
    stored: tuple[Path, str, str, Extraction] | None = None  # (path, key, digest, extraction)


class Batch:
    """Documents stored into one open transaction until :meth:`flush` commits them.

    Parameters
    ----------
    engine
        A migrated database.
    clock
        Monotonic seconds (a parameter so tests need not wait).
    """

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.monotonic) -> None:
        self.engine = engine
        self._clock = clock
        self._session: Session | None = None
        self._index: UnitIndex | None = None  # what the batch's transaction has read
        self._entries: list[_Entry] = []
        self._started = 0.0
        self._deferred = False

    @property
    def session(self) -> Session:
        """The batch's session, its transaction begun (and kept) on first use."""
        if self._session is None:
            self._session = Session(self.engine, expire_on_commit=False)
            # the one writer of documents (other writers wait), before the batch reads
            writing(self._session)
            # the search index is filled once, at the commit (store.search_deferred)
            self._deferred = defer(self._session.connection())
            self._started = self._clock()
            self._index = UnitIndex(self._session)
        return self._session

    def unchanged(self, *, path: Path, key: str, digest: str) -> IngestResult | None:
        """The ``unchanged`` result when these bytes are stored, this batch included."""
        return unchanged_in(session=self.session, path=path, key=key, digest=digest)

    def done(self, result: IngestResult) -> list[IngestResult]:
        """Queue a result known without storing (failed, unchanged), in its place."""
        self._entries.append(_Entry(result))
        return self._due()

    def store(self, *, path: Path, key: str, digest: str, extraction: Extraction,
              prepared: Prepared | None = None) -> list[IngestResult]:
        """Store one extraction in the batch's transaction; the results now committed.
        ``prepared``: what the extracting process worked out (:mod:`store.ingest_prepare`)."""
        session = self.session
        try:
            result = store_in(session=session, path=path, key=key, digest=digest,
                              extraction=extraction, index=self._index, prepared=prepared,
                              bump=False)
        except Exception as exc:
            self._entries.append(_Entry(failed_result(path, key, exc)))
            try:
                self._again()
            except Exception:  # a savepoint that could not be rolled back
                return self._abandon()
            return self._due()
        self._entries.append(_Entry(result, (path, key, digest, extraction)))
        return self._due()

    def _again(self) -> None:
        """After a failed document: the transaction rolled back, and the batch's documents
        stored before it stored again in a new one, each in a savepoint (one that fails
        now is reported failed)."""
        session, self._session, self._index = self._session, None, None
        if session is not None:
            session.rollback()
            session.close()
        again = []
        for entry in self._entries:
            if entry.stored is not None:
                path, key, digest, extraction = entry.stored
                entry = self._saved(path, key, digest, extraction)
            again.append(entry)
        self._entries = again

    def _saved(self, path: Path, key: str, digest: str, extraction: Extraction) -> _Entry:
        """Store one extraction in a savepoint of the batch."""
        session = self.session
        try:
            with session.begin_nested():
                result = store_in(session=session, path=path, key=key, digest=digest,
                                  extraction=extraction, index=self._index, bump=False)
        except Exception as exc:
            self._index = UnitIndex(session)  # it may hold rows the savepoint took back
            if not session.in_transaction():  # the savepoint could not be rolled back
                raise
            return _Entry(failed_result(path, key, exc))
        return _Entry(result, (path, key, digest, extraction))

    def _due(self) -> list[IngestResult]:
        if (len(self._entries) >= MAX_DOCUMENTS
                or (self._session is not None and self._clock() - self._started >= MAX_SECONDS)):
            return self.flush()
        return []

    def flush(self) -> list[IngestResult]:
        """Commit the batch; every queued result, in order (see the module docstring)."""
        session, self._session, self._index = self._session, None, None
        if session is not None:
            try:
                stored = sum(entry.stored is not None for entry in self._entries)
                if self._deferred:
                    fill(session.connection())
                if stored:
                    bump_data_version(session=session, by=stored)
                session.commit()
            except Exception:
                session.rollback()
                session.close()
                return self._alone()
            session.close()
        entries, self._entries = self._entries, []
        return [entry.result for entry in entries]

    def _abandon(self) -> list[IngestResult]:
        session, self._session, self._index = self._session, None, None
        if session is not None:
            session.rollback()
            session.close()
        return self._alone()

    def _alone(self) -> list[IngestResult]:
        """Nothing of the batch was stored: each document again in its own transaction."""
        entries, self._entries = self._entries, []
        results = []
        for entry in entries:
            if entry.stored is None:
                results.append(entry.result)
                continue
            path, key, digest, extraction = entry.stored
            results.append(store_extraction(engine=self.engine, path=path, key=key,
                                            digest=digest, extraction=extraction))
        return results

    def close(self) -> None:
        """Give up what is not committed (after an error that stops the whole ingest)."""
        session, self._session, self._index = self._session, None, None
        if session is not None:
            session.rollback()
            session.close()
        self._entries = []
