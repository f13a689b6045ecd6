"""Writing one extraction into the caller's transaction: the document found or made,
its old facts deleted, the new ones written (:mod:`store.writers`), repeals applied,
curators' corrections applied again, review items refreshed and the DataVersion bumped.

Which stored document an extraction is: by key (the file stem it was first stored
under), by 文号 in any spelling, or without one by its bytes or normalised text
(:func:`store.crud.documents.find_same_document`, asked through the prepared statements of
:mod:`store.ingest_lookup`).  :mod:`store.ingest` reads files and
calls this, one transaction per file.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlmodel import Session

from extract.jurisdictions import place_division
from extract.model import Extraction
from extract.replaces import Repeal, repeals
from store import ingest_lookup as lookup
from store import tables, writers
from store.bulk import insert_one, table_of
from store.crud.documents import (
    bump_data_version,
    delete_document_facts,
    find_document_by_reference,
)
from store.db import writing
from store.fingerprint import normalised_number, text_fingerprint
from store.ingest_prepare import Prepared, prepare
from store.review.collect import Written, WrittenDeadline, refresh_review_items
from store.unit_index import UnitIndex


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
    document, key_taken = stored_and_key(session=session, extraction=extraction, sha256=sha256)
    return write_extraction(session=session, extraction=extraction, source_file=source_file,
                            sha256=sha256, document=document, key_taken=key_taken)


def write_extraction(*, session: Session, extraction: Extraction, source_file: str | None,
                     sha256: str, document: tables.Document | None,
                     key_taken: bool, index: UnitIndex | None = None,
                     prepared: Prepared | None = None, bump: bool = True) -> tables.Document:
    """:func:`ingest_extraction` once the stored document is known (``None``: a new one;
    ``key_taken``: another document holds its key), so a caller that has looked it up
    already does not look twice.  The document is returned as an ORM object (read back
    when new): :func:`write_document` is the same without it."""
    document_id, _ = write_document(
        session=session, extraction=extraction, source_file=source_file, sha256=sha256,
        document=document, key_taken=key_taken, index=index, prepared=prepared, bump=bump)
    stored = session.get(tables.Document, document_id)
    assert stored is not None
    return stored


def write_document(*, session: Session, extraction: Extraction, source_file: str | None,
                   sha256: str, document: tables.Document | None,
                   key_taken: bool, index: UnitIndex | None = None,
                   prepared: Prepared | None = None, bump: bool = True) -> tuple[int, str]:
    """:func:`write_extraction`; the document's id and key.

    ``index`` is the units, aliases, places and jurisdictions known to the caller's
    transaction (a batch's, :class:`store.ingest_batch.Batch`), kept up to date here;
    ``None``: one for this document alone.  ``prepared``: what the extracting process
    worked out from it (:mod:`store.ingest_prepare`; ``None``: worked out here).
    ``bump``: False when the caller bumps the data version for this document itself (a
    batch bumps once for all its documents, :class:`store.ingest_batch.Batch`).

    A new document's row is one INSERT of a plain row (no ORM object, no flush): most
    documents of a folder are new.
    """
    writing(session)  # the one writer of documents (the caller's first call, or waits now)
    header = extraction.document
    if prepared is None or prepared.extraction is not extraction:
        prepared = prepare(extraction)
    fingerprint, issuer = prepared.fingerprint, prepared.issuer
    new = document is None
    if index is None:  # the units and jurisdictions this transaction touches
        index = UnitIndex(session)
    # every jurisdiction the writers will ask for, read with one statement
    index.preload([issuer, *prepared.units.values(),
                   *(place_division(place.name, issuer) for place in extraction.places)])
    columns = {"number": header.number, "title": header.title, "issuer": header.issuer,
               "issued_on": header.issued_on, "source_file": source_file, "sha256": sha256,
               "text": extraction.text, "ingested_at": dt.datetime.now(dt.UTC),
               "fingerprint": fingerprint}
    if document is None:
        key = extraction.document_key
        if key_taken:
            key = f"{key}_{sha256[:8]}"  # another document already holds this file stem
        jurisdiction_id = index.jurisdiction(issuer).id
        document_id = insert_one(session, tables.Document, {
            "key": key, **columns, "withdrawn_on": None, "superseded_on": None,
            "superseded_by": None, "jurisdiction_id": jurisdiction_id,
            "number_normalised": normalised_number(header.number)})
    else:
        assert document.id is not None
        document_id, key = document.id, document.key
        delete_document_facts(session=session, document_id=document_id)
        for name, value in columns.items():
            setattr(document, name, value)
        document.jurisdiction_id = index.jurisdiction(issuer).id
        session.add(document)
        session.flush()
    writers.store_sections(session, document_id, extraction)
    stored = writers.store_tasks(session, document_id, extraction, issuer, index,
                                 divisions=prepared.units)
    spans = stored.spans
    writers.store_targets(session, document_id, extraction, spans)
    writers.store_deadlines(session, document_id, extraction, spans)
    writers.store_places(session, document_id, extraction, spans, issuer, index)
    writers.store_citations(session, document_id, extraction)
    repealed_by = apply_repeals(
        session=session, document_id=document_id, key=key, text=extraction.text,
        issued_on=header.issued_on, number=header.number, title=header.title,
        superseded=document is not None and document.superseded_by is not None,
        listed=prepared.repeals)
    if repealed_by is not None:
        mark_superseded(session=session, document_id=document_id, document=document,
                        on=repealed_by[0], by=repealed_by[1])
    # Curators' corrections outlive the rows they changed: applied again (or flagged
    # when their anchor text changed) in the same transaction as the new facts.
    from store.corrections.crud import reapply_corrections

    # A new document has none: deleting a document deletes its corrections (cascade).
    reapplied = [] if new else reapply_corrections(session=session, document_id=document_id)
    if reapplied:  # a correction may add units or aliases the index has not seen
        index.clear()
    # after every other fact (and any re-applied correction): the queue reads them, from
    # what was just written unless a correction may have changed it
    written = None if reapplied else Written(
        namings=stored.namings, tasks=len(extraction.tasks), title=header.title, new=new,
        deadlines=tuple(WrittenDeadline(d.path, d.source.quote, d.raw,
                                        tuple(r.isoformat() for r in d.readings), d.due)
                        for d in sorted(extraction.deadlines, key=lambda d: d.source.start)))
    refresh_review_items(session=session, document_id=document_id, warnings=extraction.warnings,
                         written=written)
    if bump:
        bump_data_version(session=session)
    return document_id, key


def stored_document(*, session: Session, extraction: Extraction,
                    sha256: str | None = None) -> tables.Document | None:
    """The stored document this extraction is, by key, 文号 or text; ``None`` if new."""
    return stored_and_key(session=session, extraction=extraction, sha256=sha256)[0]


def stored_and_key(*, session: Session, extraction: Extraction, sha256: str | None = None,
                   fingerprint: str | None = None) -> tuple[tables.Document | None, bool]:
    """:func:`stored_document`, and whether another document holds the extraction's key
    (a new document is then stored under the key and its digest's first characters).
    ``fingerprint``: the text's, when known already."""
    number, key = extraction.document.number, extraction.document_key
    spelled = normalised_number(number)
    if spelled is not None:  # a numbered document: key and 文号 asked together
        rows = lookup.with_key_or_number(session, key, spelled)
        by_key = next((row for row in rows if row.key == key), None)
        # as written first (the number given or its normal spelling), then the oldest
        by_number = min((row for row in rows if row.number_normalised == spelled),
                        key=lambda row: row.number not in (number, spelled), default=None)
        # a key reused for another numbered document is not the same document
        if by_key is not None and (not by_key.number
                                   or normalised_number(by_key.number) == spelled):
            return lookup.load(session, by_key), False
        return (lookup.load(session, by_number),
                by_key is not None and (by_number is None or by_key.id != by_number.id))
    by_key = lookup.with_key(session, key)
    # A key reused for another numbered document is not the same document: the number wins.
    if by_key is not None and not (number and by_key.number
                                   and normalised_number(number) != normalised_number(by_key.number)):
        return lookup.load(session, by_key), False
    same = lookup.with_text(session, fingerprint or text_fingerprint(extraction.text), sha256)
    return (lookup.load(session, same),
            by_key is not None and (same is None or by_key.id != same.id))


def apply_repeals(*, session: Session, document_id: int, key: str, text: str,
                  issued_on: dt.date | None, number: str | None, title: str | None,
                  superseded: bool, listed: tuple[Repeal, ...] | None = None,
                  ) -> tuple[dt.date | None, str] | None:
    """Mark superseded every stored document this one (``document_id``, just written)
    repeals; return ``(from, by key)`` when a stored document repeals this one (the two
    may be ingested in either order; the caller marks it), unless it is ``superseded``
    already.  ``listed``: ``repeals(text, issued_on)`` when worked out already."""
    for repeal in listed if listed is not None else repeals(text, issued_on):
        old = find_document_by_reference(session=session, number=repeal.number,
                                         title=repeal.title)
        if old is not None and old.id != document_id:
            old.superseded_on, old.superseded_by = repeal.effective_on, key
            session.add(old)
    # Only documents citing this one can repeal it: the citation index finds them without
    # reading every stored text.
    if not (number or title) or superseded:
        return None
    found = None
    for other_key, other_text, other_issued_on in lookup.citing(session, number, title,
                                                                document_id):
        for repeal in repeals(other_text, other_issued_on):
            repealed = find_document_by_reference(session=session, number=repeal.number,
                                                  title=repeal.title)
            if repealed is not None and repealed.id == document_id:
                found = (repeal.effective_on, other_key)  # the last one, as before
    return found


def mark_superseded(*, session: Session, document_id: int, document: tables.Document | None,
                    on: dt.date | None, by: str) -> None:
    """Mark the document just written superseded from ``on`` by the document keyed ``by``
    (``document``: its ORM object, when it was stored before)."""
    if document is not None:
        document.superseded_on, document.superseded_by = on, by
        session.add(document)
        return
    session.execute(update(table_of(tables.Document))
                    .where(table_of(tables.Document).c.id == document_id)
                    .values(superseded_on=on, superseded_by=by))
