"""Store an extraction, a file or many files; load the bundled corpus.

One file is one transaction: the document's old facts are deleted and the new ones
written, the DataVersion bumped, all or nothing.  A document is recognised whatever its
file name: by its key (the file stem it was first stored under), its 文号, or, without
one, its bytes or normalised text (:mod:`store.fingerprint`).  Ingesting it again
replaces its facts in place and keeps its ``Document.id`` and its first key, so the
obligation ids that embed the key stay stable; the same bytes again (same SHA-256) are
reported as unchanged and nothing is written.  A document that repeals another
(原《…》同时废止, :mod:`extract.replaces`) marks the stored one superseded.

Writing one extraction into a transaction is :mod:`store.ingest_write`; many files,
extracted by worker processes, :mod:`store.ingest_many`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.engine import Engine
from sqlmodel import Session

from extract.errors import ExtractError
from extract.model import Extraction
from store.crud.documents import count_documents
from store.db import PROJECT_ROOT, session_scope, writing
from store.extract_pool import extract_checked
from store.ingest_lookup import with_bytes
from store.ingest_prepare import Prepared, prepare
from store.ingest_warnings import no_tasks_warning, one_line, readable_warning, structure_warnings
from store.ingest_write import (  # noqa: F401 (ingest_extraction, write_extraction: entries too)
    ingest_extraction,
    stored_and_key,
    write_document,
    write_extraction,
)
from store.inputs import InputError, read_document, sha256_hex
from store.unit_index import UnitIndex

CORPUS_DIR = PROJECT_ROOT / "data" / "corpus"

Status = Literal["created", "updated", "unchanged", "failed"]


@dataclass
class IngestResult:
    """What happened to one file; ``message`` is a one-line reason when it failed."""

    path: Path
    key: str
    status: Status
    document_id: int | None = None
    message: str = ""
    warnings: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True unless the file could not be stored."""
        return self.status != "failed"

    @property
    def without_tasks(self) -> bool:
        """Stored now, but nothing in it was read as a task (``--strict`` fails on this).

        An unchanged file was not read again, so it is not judged here.
        """
        return self.status in ("created", "updated") and self.counts.get("tasks", 0) == 0


def _counts(extraction: Extraction) -> dict[str, int]:
    units = {unit.name for task in extraction.tasks for unit in task.units}
    return {
        "sections": len(extraction.sections), "tasks": len(extraction.tasks),
        "units": len(units), "targets": len(extraction.targets),
        "deadlines": len(extraction.deadlines), "places": len(extraction.places),
        "citations": len(extraction.document.cites),
    }  # fmt: skip


def ingest_file(
    *, engine: Engine, path: Path, config: Any = None, force: bool = False
) -> IngestResult:
    """Read, extract and store one file in one transaction; never raises for bad input.

    Parameters
    ----------
    engine
        A migrated database.
    path
        A .txt, .html, .docx, .pdf or .ofd file; its stem is the key of a new document
        (a document already stored keeps its first key, see the module docstring).
    config
        An ``extract.config.ExtractConfig`` (``None``: the defaults).
    force
        Re-extract and rewrite even when the bytes are unchanged.

    Returns
    -------
    IngestResult
        ``failed`` with a one-line ``message`` when nothing could be stored; the
        database is then exactly as it was.
    """
    config = config if config is not None else default_config()
    key = path.stem
    try:
        data, digest, unchanged = read_unless_stored(engine=engine, path=path, force=force)
        if unchanged is not None:
            return unchanged
        extraction = extract_checked(data, path.name, key, config)
    except Exception as exc:
        return failed_result(path, key, exc)
    return store_extraction(engine=engine, path=path, key=key, digest=digest, extraction=extraction)


def read_unless_stored(*, engine: Engine, path: Path, force: bool
                       ) -> tuple[bytes, str, IngestResult | None]:
    """A file's bytes and digest, and its ``unchanged`` result when the same bytes are
    stored already (never when ``force``); raises what reading the file raises."""
    data = read_document(path)
    digest = sha256_hex(data)
    unchanged = None if force else unchanged_result(engine=engine, path=path, key=path.stem,
                                                    digest=digest)
    return data, digest, unchanged


def default_config() -> Any:
    """The extractor's configuration for ingesting: the pairings' counties are known
    places, so 鹿城 and 鹿—泰 resolve to them."""
    from extract.config import ExtractConfig
    from store.reference import reference_place_names

    return ExtractConfig(known_places=reference_place_names())


def unchanged_result(*, engine: Engine, path: Path, key: str, digest: str) -> IngestResult | None:
    """The result for a file whose exact bytes are stored already (under any key)."""
    with Session(engine) as session:
        return unchanged_in(session=session, path=path, key=key, digest=digest)


def unchanged_in(*, session: Session, path: Path, key: str, digest: str) -> IngestResult | None:
    """:func:`unchanged_result` read in the caller's session (which sees what its own
    transaction stored)."""
    same = with_bytes(session, digest)
    # the document under this key, else the same bytes stored under another name
    for found in sorted(same, key=lambda row: row.key != key):
        return IngestResult(path, found.key, "unchanged", found.id, "unchanged (same SHA-256)")
    return None


def failed_result(path: Path, key: str, exc: BaseException) -> IngestResult:
    if isinstance(exc, (InputError, ExtractError)):
        return IngestResult(path, key, "failed", message=one_line(str(exc)))
    # a bug or a database error must not stop a batch of files
    return IngestResult(path, key, "failed", message=one_line(f"{type(exc).__name__}: {exc}"))


def store_extraction(*, engine: Engine, path: Path, key: str, digest: str,
           extraction: Extraction) -> IngestResult:
    """Store an extraction of ``path`` in one transaction; its result."""
    try:
        with session_scope(engine) as session:
            writing(session)  # one writer of documents at a time, before its reads
            return store_in(session=session, path=path, key=key, digest=digest,
                            extraction=extraction)
    except Exception as exc:
        return failed_result(path, key, exc)


def store_in(*, session: Session, path: Path, key: str, digest: str,
             extraction: Extraction, index: UnitIndex | None = None,
             prepared: Prepared | None = None, bump: bool = True) -> IngestResult:
    """Write an extraction of ``path`` into the caller's transaction; its result (the
    caller commits; an error is raised, not reported).  The transaction should be the
    writer of documents (:func:`store.db.writing`, before it reads).  ``index``: the units, places and
    jurisdictions the transaction knows already, ``prepared`` what the extracting process
    worked out, ``bump`` whether to bump the data version
    (:func:`store.ingest_write.write_extraction`)."""
    if prepared is None or prepared.extraction is not extraction:
        prepared = prepare(extraction)
    found, key_taken = stored_and_key(session=session, extraction=extraction, sha256=digest,
                                      fingerprint=prepared.fingerprint)
    existed = found is not None
    document_id, key = write_document(session=session, extraction=extraction,
                                      source_file=str(path), sha256=digest, document=found,
                                      key_taken=key_taken, index=index, prepared=prepared,
                                      bump=bump)
    status: Status = "updated" if existed else "created"
    warnings = tuple(map(readable_warning, extraction.warnings)) or structure_warnings(extraction)
    if not extraction.tasks:
        warnings = (no_tasks_warning(), *warnings)
    return IngestResult(path, key, status, document_id, status, warnings, _counts(extraction))


def ingest_paths(**kwargs: Any) -> list[IngestResult]:
    """Ingest many files, each in its own transaction, extracted by worker processes:
    :func:`store.ingest_many.ingest_paths` (which takes the same keyword arguments)."""
    from store.ingest_many import ingest_paths as ingest_many

    return ingest_many(**kwargs)


def bundled_paths(corpus_dir: Path = CORPUS_DIR) -> list[Path]:
    """The bundled corpus documents (``*.txt``; README and SOURCE notes excluded)."""
    skip = {"readme", "source"}
    return sorted(p for p in corpus_dir.glob("*.txt") if p.stem.lower() not in skip)


def load_bundled(*, engine: Engine) -> bool:
    """Migrate, then load the pairings and the bundled corpus if no document is stored.

    Returns
    -------
    bool
        True when the corpus was loaded now, False when documents already existed.

    Raises
    ------
    RuntimeError
        If a bundled document fails to ingest (the bundle is part of the product).
    """
    from store.reference import load_pairings
    from store.setup import init_db

    init_db(engine)
    with Session(engine) as session:
        if count_documents(session=session) > 0:
            return False
    with session_scope(engine) as session:
        load_pairings(session=session)
    # two documents, often loaded by a starting server: not worth worker processes
    failed = [r for r in ingest_paths(engine=engine, paths=bundled_paths(), workers=1)
              if not r.ok]
    if failed:
        raise RuntimeError("; ".join(f"{r.path.name}: {r.message}" for r in failed))
    return True
