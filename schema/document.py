"""The Document type: a policy document's header."""

from __future__ import annotations

import datetime as dt

import strawberry

from store import tables as t


@strawberry.type(name="Document", description="A policy document: number, title, issuer, date.")
class DocumentType:
    id: int
    key: str
    number: str | None
    title: str | None
    issuer: str | None
    issued_on: dt.date | None

    @classmethod
    def from_row(cls, row: t.Document) -> DocumentType:
        """The GraphQL view of a stored document."""
        return cls(id=row.id or 0, key=row.key, number=row.number, title=row.title,
                   issuer=row.issuer, issued_on=row.issued_on)
