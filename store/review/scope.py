"""Who may decide a document's review items: admin tokens, and editor tokens whose
jurisdiction is the document's or one that contains it (温州市's editor curates 温州市's
and 鹿城区's documents, not 杭州市's)."""

from __future__ import annotations

from sqlmodel import Session

from store.progress.tables import ApiToken
from store.tables import Document, Jurisdiction


def jurisdiction_line(*, session: Session, jurisdiction_id: int | None) -> list[int]:
    """The jurisdiction and every one containing it, innermost first."""
    line: list[int] = []
    current = session.get(Jurisdiction, jurisdiction_id) if jurisdiction_id else None
    while current is not None and current.id is not None and current.id not in line:
        line.append(current.id)
        current = session.get(Jurisdiction, current.parent_id) if current.parent_id else None
    return line


def may_curate(*, session: Session, token_id: str | None, document_id: int) -> bool:
    """Whether the token may decide (and correct) the document's review items."""
    token = session.get(ApiToken, token_id) if token_id else None
    if token is None:
        return False
    if token.role == "admin":
        return True
    document = session.get(Document, document_id)
    if token.role != "editor" or token.jurisdiction_id is None or document is None:
        return False
    return token.jurisdiction_id in jurisdiction_line(session=session,
                                                      jurisdiction_id=document.jurisdiction_id)
