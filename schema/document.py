"""The Document type: a policy document's header, the name it is shown by, and its state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import strawberry

from store import tables as t
from store.labels import document_label


@strawberry.type(name="Document", description="A policy document: number, title, issuer, date.")
class DocumentType:
    id: int
    key: str = strawberry.field(description="Stable id: the file stem it was first stored "
                                            "under (obligation ids embed it)")
    label: str = strawberry.field(description="The name it is shown by: its number, else its "
                                              "title, else its first line")
    number: str | None
    title: str | None
    issuer: str | None
    issued_on: dt.date | None
    withdrawn_on: dt.date | None = strawberry.field(
        default=None, description="Withdrawn (废止) from this day: its open obligations end")
    superseded_on: dt.date | None = strawberry.field(
        default=None, description="Replaced by another document from this day")
    superseded_by: str | None = strawberry.field(
        default=None, description="The key of the document that replaced it")

    @classmethod
    def from_node(cls, data: Mapping[str, Any]) -> DocumentType:
        """The GraphQL view of a stored Document node (:func:`graph.build.build_graph`)."""
        return cls(id=int(data["db_id"]), key=data["key"], label=data["label"],
                   number=data["number"], title=data["title"], issuer=data["issuer"],
                   issued_on=data["issued_on"], withdrawn_on=data["withdrawn_on"],
                   superseded_on=data["superseded_on"], superseded_by=data["superseded_by"])

    @classmethod
    def from_row(cls, row: t.Document) -> DocumentType:
        """The GraphQL view of a stored document."""
        return cls(id=row.id or 0, key=row.key,
                   label=document_label(row.number, row.title, row.text),
                   number=row.number, title=row.title, issuer=row.issuer,
                   issued_on=row.issued_on, withdrawn_on=row.withdrawn_on,
                   superseded_on=row.superseded_on, superseded_by=row.superseded_by)
