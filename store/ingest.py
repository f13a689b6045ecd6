"""Store an extraction, a file or many files; load the bundled corpus.

One file is one transaction: the document's old facts are deleted and the new ones
written, the DataVersion bumped, all or nothing.  A document is recognised whatever its
file name: by its key (the file stem it was first stored under), its 文号, or, without
one, its bytes or normalised text (:mod:`store.fingerprint`).  Ingesting it again
replaces its facts in place and keeps its ``Document.id`` and its first key, so the
obligation ids that embed the key stay stable; the same bytes again (same SHA-256) are
reported as unchanged and nothing is written.  A document that repeals another
(原《…》同时废止, :mod:`extract.replaces`) marks the stored one superseded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from extract.errors import ExtractError
from extract.jurisdictions import issuer_division, place_division, unit_division
from extract.model import Extraction
from extract.replaces import repeals
from store import tables, writers
from store.crud.documents import (
    bump_data_version,
    count_documents,
    delete_document_facts,
    documents_with_bytes,
    find_document_by_reference,
    find_same_document,
    get_document_by_key,
)
from store.db import PROJECT_ROOT, session_scope
from store.extract_pool import extract_checked
from store.fingerprint import normalised_number, text_fingerprint
from store.ingest_warnings import no_tasks_warning, one_line, readable_warning, structure_warnings
from store.inputs import InputError, read_document, sha256_hex
from store.review.collect import Written, WrittenDeadline, refresh_review_items
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


def ingest_extraction(
    *, session: Session, extraction: Extraction, source_file: str | None, sha256: str
) -> tables.Document:
    """Write one extraction into the caller's transaction, replacing the document's facts.

    Parameters
    ----------
    session
        An open session; the caller commits (or rolls back on error).
    extraction
        The extractor's output; ``document_key`` identifies the document.
    source_file
        The path it was read from, recorded on the Document.
    sha256
        Hex digest of the source bytes.

    Returns
    -------
    Document
        Flushed; its ``id`` is the old one when the key was already stored.
    """
    document, key_taken = _stored(session=session, extraction=extraction, sha256=sha256)
    return write_extraction(session=session, extraction=extraction, source_file=source_file,
                            sha256=sha256, document=document, key_taken=key_taken)


def write_extraction(*, session: Session, extraction: Extraction, source_file: str | None,
                     sha256: str, document: tables.Document | None,
                     key_taken: bool) -> tables.Document:
    """:func:`ingest_extraction` once the stored document is known (``None``: a new one;
    ``key_taken``: another document holds its key), so a caller that has looked it up
    already does not look twice."""
    header = extraction.document
    fingerprint = text_fingerprint(extraction.text)
    new = document is None
    if document is None:
        key = extraction.document_key
        if key_taken:
            key = f"{key}_{sha256[:8]}"  # another document already holds this file stem
        document = tables.Document(key=key, sha256=sha256, text=extraction.text)
    else:
        assert document.id is not None
        delete_document_facts(session=session, document_id=document.id)
    document.number, document.title, document.issuer = header.number, header.title, header.issuer
    document.issued_on, document.source_file, document.sha256 = (
        header.issued_on,
        source_file,
        sha256,
    )
    document.text, document.ingested_at = extraction.text, dt.datetime.now(dt.UTC)
    document.fingerprint = fingerprint
    issuer = issuer_division(issuer=header.issuer, title=header.title, number=header.number,
                             text=extraction.text)
    index = UnitIndex(session)  # the units and jurisdictions this transaction touches
    # every jurisdiction the writers will ask for, read with one statement
    names = {ref.name for task in extraction.tasks for ref in task.units}
    index.preload([issuer, *(unit_division(name, issuer) for name in names),
                   *(place_division(place.name, issuer) for place in extraction.places)])
    document.jurisdiction_id = index.jurisdiction(issuer).id
    session.add(document)
    session.flush()
    assert document.id is not None
    writers.store_sections(session, document.id, extraction)
    stored = writers.store_tasks(session, document.id, extraction, issuer, index)
    spans = stored.spans
    writers.store_targets(session, document.id, extraction, spans)
    writers.store_deadlines(session, document.id, extraction, spans)
    writers.store_places(session, document.id, extraction, spans, issuer, index)
    writers.store_citations(session, document.id, extraction)
    apply_repeals(session=session, document=document)
    # Curators' corrections outlive the rows they changed: applied again (or flagged
    # when their anchor text changed) in the same transaction as the new facts.
    from store.corrections.crud import reapply_corrections

    reapplied = reapply_corrections(session=session, document_id=document.id)
    # after every other fact (and any re-applied correction): the queue reads them, from
    # what was just written unless a correction may have changed it
    written = None if reapplied else Written(
        namings=stored.namings, tasks=len(extraction.tasks), title=header.title, new=new,
        deadlines=tuple(WrittenDeadline(d.path, d.source.quote, d.raw,
                                        tuple(r.isoformat() for r in d.readings), d.due)
                        for d in sorted(extraction.deadlines, key=lambda d: d.source.start)))
    refresh_review_items(session=session, document_id=document.id, warnings=extraction.warnings,
                         written=written)
    bump_data_version(session=session)
    return document


def stored_document(*, session: Session, extraction: Extraction,
                    sha256: str | None = None) -> tables.Document | None:
    """The stored document this extraction is, by key, 文号 or text; ``None`` if new."""
    return _stored(session=session, extraction=extraction, sha256=sha256)[0]


def _stored(*, session: Session, extraction: Extraction,
            sha256: str | None = None) -> tuple[tables.Document | None, bool]:
    """:func:`stored_document`, and whether another document holds the extraction's key."""
    by_key = get_document_by_key(session=session, key=extraction.document_key)
    number = extraction.document.number
    # A key reused for another numbered document is not the same document: the number wins.
    if by_key is not None and not (number and by_key.number
                                   and normalised_number(number) != normalised_number(by_key.number)):
        return by_key, False
    same = find_same_document(session=session, number=number,
                              fingerprint=text_fingerprint(extraction.text), sha256=sha256)
    return same, by_key is not None and by_key is not same


def apply_repeals(*, session: Session, document: tables.Document) -> None:
    """Mark superseded every stored document this one repeals, and this one if a stored
    document repeals it (the two may be ingested in either order)."""
    for repeal in repeals(document.text, document.issued_on):
        old = find_document_by_reference(session=session, number=repeal.number,
                                         title=repeal.title)
        if old is not None and old.id != document.id:
            old.superseded_on, old.superseded_by = repeal.effective_on, document.key
            session.add(old)
    # Only documents citing this one can repeal it: the citation index finds them without
    # reading every stored text.
    conditions = [col(tables.Citation.number) == document.number] if document.number else []
    if document.title:
        conditions.append(col(tables.Citation.title) == document.title)
    if not conditions or document.superseded_by is not None:
        return
    citing = select(tables.Citation.document_id).where(or_(*conditions))
    for other in session.exec(select(tables.Document).where(
            col(tables.Document.id).in_(citing), col(tables.Document.id) != document.id)):
        for repeal in repeals(other.text, other.issued_on):
            if find_document_by_reference(session=session, number=repeal.number,
                                          title=repeal.title) is document:
                document.superseded_on, document.superseded_by = repeal.effective_on, other.key
                session.add(document)


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
        same = documents_with_bytes(session=session, key=key, sha256=digest)
    # the document under this key, else the same bytes stored under another name
    for document_id, stored_key in sorted(same, key=lambda row: row[1] != key):
        return IngestResult(path, stored_key, "unchanged", document_id,
                            "unchanged (same SHA-256)")
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
            found, key_taken = _stored(session=session, extraction=extraction, sha256=digest)
            existed = found is not None
            document = write_extraction(session=session, extraction=extraction,
                                        source_file=str(path), sha256=digest, document=found,
                                        key_taken=key_taken)
            document_id, key = document.id, document.key
    except Exception as exc:
        return failed_result(path, key, exc)
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
