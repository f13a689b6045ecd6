"""The review queue: unsure facts of a document for a person to accept, correct or dismiss.

:mod:`store.review.keys`      the stable key of an item (a decision survives re-ingest)
:mod:`store.review.units`     which unit names a person should look at (the rule)
:mod:`store.review.collect`   the items a stored document gives, and refreshing them at ingest
:mod:`store.review.items`     CRUD: add (imports), list, a page by key, count, decide (audited)
"""

from store.review.collect import refresh_review_items
from store.review.items import (
    DECISIONS,
    AlreadyDecided,
    ReviewItemNotFound,
    add_review_item,
    count_review_items,
    count_review_items_of,
    count_review_queue,
    decide_review_item,
    list_review_items,
    page_review_items,
)

__all__ = ["DECISIONS", "AlreadyDecided", "ReviewItemNotFound", "add_review_item", "count_review_items",
           "count_review_items_of",
           "count_review_queue", "decide_review_item", "list_review_items", "page_review_items",
           "refresh_review_items"]
