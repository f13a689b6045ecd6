"""The Correction type: a curator's change to the extracted breakdown, shown on every fact.

Task, Owner, Target and Obligation answers carry ``corrected`` and ``corrections``
(:func:`corrections_by_id`, :func:`task_corrections`), so a reader always sees that a
fact was not read from the text as such, by whom and why.  ``corrections(document:,
status:)`` lists a document's corrections, the flagged ones (``needs_review``) among them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import strawberry
from sqlmodel import Session
from strawberry.types import Info

from i18n import t
from schema.bounds import BOUND, DEFAULT_FIRST, First, bounded
from schema.context import ctx
from schema.errors import echo, missing
from schema.vocabulary import CorrectionKind, CorrectionStatus, member
from store.corrections.crud import list_corrections
from store.crud.documents import document_keys, find_document
from store.curation_tables import Correction


@strawberry.type(name="Correction",
                 description="A curator's change to a document's extracted breakdown, applied "
                             "again after every ingest; flagged `needs_review` when the text it "
                             "was made against changed.")
class CorrectionType:
    id: int
    document: str = strawberry.field(description="The document's key")
    task_path: str = strawberry.field(description="The task's section path")
    kind: CorrectionKind
    payload: str = strawberry.field(description="The kind's arguments (JSON)")
    anchor_quote: str = strawberry.field(description="The text it was made against")
    status: CorrectionStatus
    reason: str
    source: str = strawberry.field(description="manual, import:<file> or review")
    created_by: str = strawberry.field(description="The token id (or cli) that made it")
    created_at: dt.datetime
    reverted_by: str | None
    reverted_at: dt.datetime | None
    before: str | None = strawberry.field(description="The task's breakdown before (JSON)")
    after: str | None = strawberry.field(description="The task's breakdown after (JSON)")

    @classmethod
    def from_row(cls, row: Correction, document_key: str) -> CorrectionType:
        """The GraphQL view of a stored correction."""
        return cls(id=row.id or 0, document=document_key, task_path=row.task_path,
                   kind=member(CorrectionKind, row.kind), payload=row.payload,
                   anchor_quote=row.anchor_quote, status=member(CorrectionStatus, row.status), reason=row.reason, source=row.source,
                   created_by=row.created_by, created_at=row.created_at,
                   reverted_by=row.reverted_by, reverted_at=row.reverted_at,
                   before=row.before, after=row.after)


def _views(session: Session, rows: Iterable[Correction]) -> list[CorrectionType]:
    rows = list(rows)
    keys = document_keys(session=session, document_ids={r.document_id for r in rows})
    return [CorrectionType.from_row(r, keys.get(r.document_id, "")) for r in rows]


async def corrections_by_id(info: Info, ids: Iterable[int | None]) -> list[CorrectionType]:
    """The corrections with these ids (``None`` skipped), in id order.

    The request's loader reads them with those of every other object asked about; an
    object without any reads nothing.
    """
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return []
    found = await ctx(info).loaders.correction.load_many(wanted)
    return [CorrectionType.from_row(f.row, f.document_key) for f in found if f is not None]


async def task_corrected(info: Info, anchored: Iterable[Correction],
                         correction_id: int | None = None) -> bool:
    """Whether a correction is in force on a task: one ``anchored`` to its path (the
    request's loader reads them for many tasks at once) that is not reverted, or the one
    that made or last changed it (read with every other task's, if asked)."""
    if any(r.status != "reverted" for r in anchored):
        return True
    return correction_id is not None and (
        await ctx(info).loaders.correction.load(correction_id)) is not None


async def task_corrections(info: Info, anchored: Iterable[Correction],
                           correction_id: int | None = None) -> list[CorrectionType]:
    """The corrections in force on a task, by id: those ``anchored`` to its path that are
    not reverted, and the one that made or last changed it; read, with their documents'
    keys, together with every other object's (:func:`corrections_by_id`)."""
    return await corrections_by_id(
        info, [*(r.id for r in anchored if r.status != "reverted"), correction_id])


@strawberry.type
class CorrectionQueries:
    @strawberry.field(description="A document's corrections (by key, 文号 or title), or every "
                                  "document's, oldest first; `status`: ACTIVE, NEEDS_REVIEW "
                                  "(the text they were made against changed) or REVERTED."
                                  + BOUND)
    def corrections(self, info: Info, document: str | None = None,
                    status: CorrectionStatus | None = None,
                    first: First = DEFAULT_FIRST) -> list[CorrectionType]:
        session = ctx(info).session
        document_id = None
        if document is not None:
            row = find_document(session=session, reference=document)
            if row is None:
                raise missing(t("documents.not_found", reference=echo(document)),
                              argument="document")
            document_id = row.id
        rows = list_corrections(session=session, document_id=document_id,
                                status=status.value if status else None)
        return _views(session, bounded(rows, first))
