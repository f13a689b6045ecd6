"""Withdraw (废止) and remove documents, audited: the one place the CLI and the admin
GraphQL mutations both call, so both leave the same trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from store.audit import record_audit
from store.crud.documents import find_document, remove_document, withdraw_document
from store.tables import Document


class DocumentNotFound(LookupError):
    """No stored document has this key, 文号 or title."""

    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        self.reference = reference


@dataclass(frozen=True)
class Actor:
    """Who acts, as the audit trail records it (a token id, or ``cli:<user>``)."""

    name: str
    unit: str | None = None
    role: str | None = "admin"


def audit_target(document: Document) -> str:
    """How the audit trail names a document: by its stable key."""
    return f"document:{document.key}"


def _header(document: Document) -> dict[str, object]:
    return {"key": document.key, "number": document.number, "title": document.title,
            "withdrawnOn": document.withdrawn_on, "supersededOn": document.superseded_on}


def _find(session: Session, reference: str) -> Document:
    document = find_document(session=session, reference=reference)
    if document is None:
        raise DocumentNotFound(reference)
    return document


def withdraw(*, session: Session, reference: str, on: dt.date | None, actor: Actor) -> Document:
    """Withdraw the named document from ``on`` (``None`` puts it back in force); audited.

    Raises
    ------
    DocumentNotFound
        Nothing is named ``reference``; nothing is written.
    """
    document = _find(session, reference)
    before = _header(document)
    withdraw_document(session=session, document=document, on=on)
    record_audit(session=session, action="withdraw_document", target=audit_target(document),
                 actor=actor.name, actor_unit=actor.unit, actor_role=actor.role,
                 previous_value=before, new_value=_header(document))
    return document


def remove(*, session: Session, reference: str, actor: Actor) -> dict[str, object]:
    """Delete the named document and its facts; audited with its header as it was.

    Returns
    -------
    dict
        The removed document's header (key, number, title, dates).
    """
    document = _find(session, reference)
    before = _header(document)
    target = audit_target(document)
    remove_document(session=session, document=document)
    record_audit(session=session, action="remove_document", target=target, actor=actor.name,
                 actor_unit=actor.unit, actor_role=actor.role, previous_value=before)
    return before
