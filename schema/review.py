"""The review queue in GraphQL: unsure facts per document, with accept / correct / dismiss.

Anyone who may read may list the queue (``reviewQueue``, ``reviewCounts``).  Deciding
needs an ``admin`` token, or an ``editor`` token whose jurisdiction is the document's or
contains it (:func:`schema.auth.require_editor`); refusals are audited like every
other.  ``correctReviewItem`` makes a correction (:func:`store.corrections.create_correction`,
source ``review``) and links it to the item; every decision is in the audit trail
(``review_accept``, ``review_dismiss``, ``review_correct``, target ``review:<id>``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import strawberry
from strawberry.types import Info

from access.principal import EDIT_ROLES
from i18n import t
from schema.auth import require_editor, require_role
from schema.bounds import BOUND, DEFAULT_FIRST, First, bounded
from schema.connection import connection
from schema.context import Context, ctx
from schema.document import DocumentType
from schema.errors import bad_input, conflict, echo, missing
from schema.review_pages import ReviewQueuePages
from schema.vocabulary import CorrectionKind, ReviewKind, ReviewStatus, member
from store.corrections import CorrectionError, PayloadError, create_correction
from store.crud.document_pages import page_documents
from store.crud.documents import find_document, get_document
from store.curation_tables import ReviewItem
from store.review.items import (
    AlreadyDecided,
    count_review_items_of,
    decide_review_item,
    get_review_item,
)
from store.tables import Document


async def _item_document(root: ReviewItemType, info: Info) -> DocumentType:
    # a page's documents in one query (the request's DataLoader), and only when asked for
    return DocumentType.from_row(await ctx(info).loaders.document.load(root.document_id))


@strawberry.type(name="ReviewItem", description="An unsure fact for a person to look at.")
class ReviewItemType:
    id: int
    document: DocumentType = strawberry.field(resolver=_item_document)
    kind: ReviewKind
    task_path: str = strawberry.field(description="The task's section path (\"\" for the "
                                                  "whole document)")
    quote: str = strawberry.field(description="The text it is about: the clause, the "
                                              "sentence, the warning")
    detail: str = strawberry.field(description="Particulars as JSON: the unit and the tasks "
                                               "naming it, the deadline's readings, the "
                                               "sheet row …")
    status: ReviewStatus
    decided_by: str | None = strawberry.field(description="The token id that decided it")
    decided_at: dt.datetime | None
    correction_id: int | None = strawberry.field(description="The correction made for it")
    created_at: dt.datetime
    document_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: ReviewItem) -> ReviewItemType:
        """The GraphQL view of a stored review item."""
        return cls(id=row.id or 0, document_id=row.document_id,
                   kind=member(ReviewKind, row.kind), task_path=row.task_path, quote=row.quote,
                   detail=row.detail, status=member(ReviewStatus, row.status), decided_by=row.decided_by, decided_at=row.decided_at,
                   correction_id=row.correction_id, created_at=row.created_at)


@strawberry.type(name="ReviewCounts", description="How many of a document's review items "
                                                  "have each status.")
class ReviewCountsType:
    document: DocumentType
    open: int
    accepted: int
    dismissed: int
    corrected: int


@strawberry.input(description="Correct the fact a review item is about: the correction's "
                              "kind and payload (JSON, shapes as for corrections).")
class CorrectReviewItemInput:
    id: int
    kind: CorrectionKind
    payload: str = strawberry.field(description="The kind's arguments as a JSON object")
    reason: str
    task_path: str | None = strawberry.field(
        default=None, description="The task to correct; default the item's own")


def _document(context: Context, reference: str) -> Document:
    row = find_document(session=context.session, reference=reference)
    if row is None or row.id is None:
        raise missing(t("documents.not_found", reference=echo(reference)), argument="document")
    return row


def review_queue(info: Info, *, document: str | None,
                 status: ReviewStatus | None) -> ReviewQueuePages:
    """The review items (one document's, or every document's), oldest first, for the
    connection to read a page at a time."""
    context = ctx(info)
    document_id = _document(context, document).id if document is not None else None
    return ReviewQueuePages(context.session, document_id=document_id,
                            status=status.value if status else None)


def review_counts(info: Info, *, document: str | None, first: int) -> list[ReviewCountsType]:
    """Each document's review item counts by status (the one named, or every document)."""
    context = ctx(info)
    session = context.session
    bounded((), first)  # the range check alone: the page is read with ``first`` as its limit
    rows = ([_document(context, document)][:first] if document is not None
            else page_documents(session=session, limit=first))
    counts = count_review_items_of(session=session, document_ids=[d.id or 0 for d in rows])
    return [ReviewCountsType(document=DocumentType.from_row(d), **counts[d.id or 0])
            for d in rows]


def _decide(info: Info, item_id: int, decision: str, reason: str,
            correction: CorrectReviewItemInput | None = None) -> ReviewItemType:
    context = ctx(info)
    session = context.session
    action, target = f"review_{decision}", f"review:{item_id}"
    require_role(session=session, principal=context.principal, action=action, target=target,
                 roles=EDIT_ROLES)
    item = get_review_item(session=session, item_id=item_id)
    if item is None:
        raise missing(t("review.error.not_found", id=item_id), argument="id")
    document = get_document(session=session, id=item.document_id)
    principal = require_editor(session=session, principal=context.principal, action=action,
                               target=target,
                               jurisdiction_id=document.jurisdiction_id if document else None)
    correction_id = None
    if correction is not None:
        try:
            made = create_correction(session=session, document_id=item.document_id,
                                     task_path=correction.task_path or item.task_path,
                                     kind=correction.kind.value, payload=correction.payload,
                                     reason=reason, actor=principal.actor, source="review",
                                     actor_role=principal.role)
        except (PayloadError, CorrectionError, ValueError) as error:
            session.rollback()
            raise bad_input(t("review.error.correction", reason=echo(str(error), 200)),
                            argument="input") from None
        correction_id = made.id
    try:
        row = decide_review_item(session=session, item_id=item_id, decision=decision,
                                 reason=reason, actor=principal.actor,
                                 actor_unit=principal.unit_name, actor_role=principal.role,
                                 correction_id=correction_id)
    except AlreadyDecided:
        session.rollback()
        raise conflict(t("review.error.already_decided", id=item_id,
                         status=item.status)) from None
    answer = ReviewItemType.from_row(row)
    session.commit()
    return answer


@strawberry.input(description="Which review item to accept or dismiss, and why.")
class DecideReviewItemInput:
    id: int
    reason: str = strawberry.field(default="", description="Why (kept in the audit trail)")


@strawberry.type(name="ReviewItemPayload", description="The review item as decided.")
class ReviewItemPayload:
    item: ReviewItemType


@strawberry.type
class ReviewQueries:
    @connection("Unsure facts of the stored documents (one document's: key, 文号 or title), "
                "oldest first; `status` OPEN by default, null for every status.",
                ReviewItemType)
    def review_queue(self, info: Info, document: str | None = None,
                     status: ReviewStatus | None = ReviewStatus.OPEN
                     ) -> Iterable[ReviewItemType]:
        # read from the store a page at a time (schema.keyed_pages)
        return review_queue(info, document=document, status=status)  # type: ignore[return-value]

    @strawberry.field(description="Review items by status, per document (documents in key "
                                  "order; one document's: key, 文号 or title)." + BOUND)
    def review_counts(self, info: Info, document: str | None = None,
                      first: First = DEFAULT_FIRST) -> list[ReviewCountsType]:
        return review_counts(info, document=document, first=first)


@strawberry.type
class ReviewMutations:
    @strawberry.mutation(description="The fact is right as extracted. Editor tokens of the "
                                     "document's jurisdiction, or admin; audited.")
    def accept_review_item(self, info: Info, input: DecideReviewItemInput) -> ReviewItemPayload:
        return ReviewItemPayload(item=_decide(info, input.id, "accept", input.reason))

    @strawberry.mutation(description="Not worth correcting. Editor tokens of the document's "
                                     "jurisdiction, or admin; audited.")
    def dismiss_review_item(self, info: Info, input: DecideReviewItemInput
                            ) -> ReviewItemPayload:
        return ReviewItemPayload(item=_decide(info, input.id, "dismiss", input.reason))

    @strawberry.mutation(description="Correct the fact: makes a correction (source `review`) "
                                     "and links it to the item. Editor tokens of the "
                                     "document's jurisdiction, or admin; audited.")
    def correct_review_item(self, info: Info, input: CorrectReviewItemInput
                            ) -> ReviewItemPayload:
        return ReviewItemPayload(item=_decide(info, input.id, "correct", input.reason, input))
