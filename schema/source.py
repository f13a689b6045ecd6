"""The Source type: where a fact was read (document, section path, span, quote)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from schema.context import ctx
from schema.document import DocumentType


@strawberry.type(name="Source",
                 description="Provenance: the document, the section path, the quoted sentence "
                             "and its character span [start, end) in the document text.")
class SourceType:
    document_id: strawberry.Private[int]
    path: str
    quote: str
    start: int
    end: int

    @strawberry.field
    async def document(self, info: Info) -> DocumentType:
        row = await ctx(info).loaders.document.load(self.document_id)
        return DocumentType.from_row(row)

    @classmethod
    def of(cls, row: object, document_id: int) -> SourceType:
        """From a row with the ``source_*`` provenance fields."""
        return cls(document_id=document_id, path=getattr(row, "source_path", ""),
                   quote=getattr(row, "source_quote", ""),
                   start=getattr(row, "source_start", 0), end=getattr(row, "source_end", 0))
