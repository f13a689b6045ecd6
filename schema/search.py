"""Substring search for Chinese over task texts, target quotes, section headings and text,
and units.

Chinese has no spaces, so a substring match (``LIKE '%…%'``) is what people expect; on
PostgreSQL the store's ``pg_trgm`` indexes serve it (see :mod:`store.search`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

import strawberry
from sqlmodel import Session

from schema.vocabulary import SearchHitKind
from store.search import (
    search_section_bodies,
    sections_headed,
    targets_quoting,
    tasks_containing,
    units_named,
)

SNIPPET_CONTEXT = 12  # characters kept each side of the match


@strawberry.type(name="SearchHit", description="Where a phrase occurs.")
class SearchHitType:
    kind: SearchHitKind
    id: int
    path: str | None = strawberry.field(description="Section path; null for a unit")
    snippet: str = strawberry.field(description="The match with some context, … where cut")
    document_number: str | None
    document_label: str | None = strawberry.field(
        default=None, description="The document's name: its number, title or first line")


@dataclass(frozen=True)
class Hit:
    """A plain search result (the resolver wraps it)."""

    kind: str
    id: int
    path: str | None
    snippet: str
    document_id: int | None


def snippet(text: str, phrase: str, *, context: int = SNIPPET_CONTEXT) -> str:
    """The first occurrence of ``phrase`` in ``text`` with ``context`` characters around it.

    >>> snippet("建设一批特色农产品深加工基地、乡村旅游精品客栈(民宿)、乡村餐饮美食", "民宿", context=4)
    '…品客栈(民宿)、乡村…'
    """
    at = text.find(phrase)
    if at < 0:
        return text[: 2 * context]
    start, end = max(0, at - context), min(len(text), at + len(phrase) + context)
    return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")


def find_text(*, session: Session, phrase: str, limit: int | None = None) -> list[Hit]:
    """Every task, target, section (heading or text no task holds) and unit name
    containing ``phrase`` (the first ``limit`` of them).

    Parameters
    ----------
    session
        An open session (a ``SELECT`` per kind, until ``limit`` hits are found).
    phrase
        Matched literally: ``%`` and ``_`` are escaped.
    limit
        The most hits wanted; each kind is asked only for what is still missing.

    Returns
    -------
    list of Hit
        Tasks, then targets, sections and units, each in document order.
    """
    hits: list[Hit] = []

    def wanted() -> int | None:
        return None if limit is None else max(0, limit - len(hits))

    hits += [Hit("Task", r.id or 0, r.path, snippet(r.text, phrase), r.document_id)
             for r in tasks_containing(session=session, phrase=phrase, limit=wanted())]
    hits += [Hit("Target", r.id or 0, r.path, snippet(r.source_quote, phrase), r.document_id)
             for r in targets_quoting(session=session, phrase=phrase, limit=wanted())]
    hits += [Hit("Section", r.id or 0, r.path, snippet(r.heading, phrase), r.document_id)
             for r in sections_headed(session=session, phrase=phrase, limit=wanted())]
    # Section text no task holds (no unit, no deadline) is searched too, once per place;
    # the lists above are whole whenever this is reached with room left.
    seen = {(h.document_id, h.path) for h in hits}
    bodies = (Hit("Section", r.id or 0, r.path, snippet(body, phrase), r.document_id)
              for r, body in search_section_bodies(session=session, phrase=phrase)
              if (r.document_id, r.path) not in seen)
    room = wanted()
    if room != 0:
        hits += list(islice(bodies, room))
    hits += [Hit("Unit", r.id or 0, None, r.name, None)
             for r in units_named(session=session, phrase=phrase, limit=wanted())]
    return hits
