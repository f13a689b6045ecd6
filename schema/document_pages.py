"""The ``documents`` connection read from the store a page at a time, by key.

Only the page's documents are read and built (:func:`store.crud.document_pages.page_documents`),
``totalCount`` is counted when asked for; the cursor holds the key of its document.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from schema.cursors import Key
from schema.document import DocumentType
from store.crud.document_pages import count_documents, page_documents
from store.tables import Document


class DocumentPages:
    """The stored documents passing a filter, in key order, for
    :func:`schema.keyed_pages.keyed_page`."""

    cursor_name = "documents"
    key_types: tuple[type, ...] = (str,)

    def __init__(self, session: Session, *, jurisdiction_id: int | None, number: str | None,
                 text: str | None) -> None:
        self.session = session
        self.filters = {"jurisdiction_id": jurisdiction_id, "number": number, "text": text}

    def read(self, *, after: Key | None, before: Key | None, limit: int,
             backwards: bool) -> Sequence[Document]:
        """The documents between the keys, in key order (``backwards``: last first)."""
        return page_documents(session=self.session, after=after, before=before, limit=limit,
                              backwards=backwards, **self.filters)  # type: ignore[arg-type]

    def key(self, row: Document) -> Key:
        """(key,)."""
        return (row.key,)

    def total(self) -> int:
        """How many documents pass the filter."""
        return count_documents(session=self.session, **self.filters)  # type: ignore[arg-type]

    def build(self, rows: Sequence[Document]) -> list[DocumentType]:
        """The GraphQL documents."""
        return [DocumentType.from_row(r) for r in rows]
