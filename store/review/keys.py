"""The stable key of a review item: the same unsure fact found again has the same key."""

from __future__ import annotations

import hashlib


def review_key(kind: str, task_path: str, quote: str, subject: str = "") -> str:
    """Hex SHA-256 of the item's kind, section path, quoted text and subject.

    ``subject`` tells apart two items of one sentence (two deadline phrases, two unit
    names); ids never enter the key, since a re-ingest gives the facts new ids.

    >>> review_key("ambiguous_deadline", "二(二)3", "…2019年前…", "2019年前") == \\
    ...     review_key("ambiguous_deadline", "二(二)3", "…2019年前…", "2019年前")
    True
    >>> len(review_key("no_tasks", "", "")), review_key("a", "b", "c") == review_key("a", "bc", "")
    (64, False)
    """
    parts = "\x1f".join((kind, task_path, quote, subject))  # a separator no text holds
    return hashlib.sha256(parts.encode("utf-8")).hexdigest()
