"""The review queue as a connection read from the store a page at a time.

Its order is (document id, item id): a page is the items after its cursor's pair
(:func:`store.review.items.page_review_items`), ``totalCount`` a ``COUNT(*)`` when
asked for.  An item's document is loaded only when asked for, the page's documents in
one query (the request's ``document`` DataLoader).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from schema.cursors import Key
from store.curation_tables import ReviewItem
from store.review.items import count_review_queue, page_review_items


class ReviewQueuePages:
    """The review items of one document (or all) of one status (or any), for
    :func:`schema.keyed_pages.keyed_page`."""

    cursor_name = "reviewQueue"
    key_types: tuple[type, ...] = (int, int)

    def __init__(self, session: Session, *, document_id: int | None,
                 status: str | None) -> None:
        self.session = session
        self.document_id, self.status = document_id, status

    def read(self, *, after: Key | None, before: Key | None, limit: int,
             backwards: bool) -> Sequence[ReviewItem]:
        """The items between the keys, in queue order (``backwards``: last first)."""
        return page_review_items(session=self.session, document_id=self.document_id,
                                 status=self.status, after=after,
                                 before=before, limit=limit,
                                 backwards=backwards)

    def key(self, row: ReviewItem) -> Key:
        """(document id, item id)."""
        return (row.document_id, row.id or 0)

    def total(self) -> int:
        """How many items the queue holds."""
        return count_review_queue(session=self.session, document_id=self.document_id,
                                  status=self.status)

    def build(self, rows: Sequence[ReviewItem]) -> list[object]:
        """The GraphQL items (their documents are resolved when asked for)."""
        from schema.review import ReviewItemType

        return [ReviewItemType.from_row(r) for r in rows]
