"""The stored documents a page at a time, in key order, for the ``documents`` connection.

A page is read by key (``WHERE key > :after ORDER BY key LIMIT n``, :mod:`store.keyset`)
through the unique index on ``key``, optionally of one jurisdiction.  Keys compare by
code point on both back-ends (``COLLATE "C"`` on PostgreSQL, whose database collation
may sort otherwise), the order the list always had.

A 文号 in any spelling is matched in SQL on the indexed ``number_normalised`` column
(:func:`store.fingerprint.normalised_number`, stored by ingest).  A phrase of the number
or title needs the normalised text, which the store does not keep: with that filter the
short header columns (key, number, title) of the jurisdiction's documents (of the number,
when one is given too) are read and matched here, and only the page's rows are loaded.
Every document's text stays unread.
"""

from __future__ import annotations

import bisect
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from store.fingerprint import normalised_number, normalised_text
from store.keyset import keyset_page
from store.tables import Document


def matches(number: str | None, title: str | None, *, spelled: str | None,
            phrase: str) -> bool:
    """Whether a document's number and title pass the filters: its 文号 is ``spelled``
    (already normalised; ``None``: any) and its number or title holds ``phrase``.

    >>> matches("温政发[2018]26号", "关于…的实施意见", spelled="温政发〔2018〕26号", phrase="")
    True
    >>> matches("温政发〔2018〕26号", "关于 推进 的意见", spelled=None, phrase="推进的")
    True
    >>> matches(None, "关于推进的意见", spelled="温政发〔2018〕26号", phrase="")
    False
    """
    if spelled is not None and normalised_number(number) != spelled:
        return False
    return not phrase or phrase in normalised_text(f"{number or ''} {title or ''}")


def _key_column(session: Session) -> Any:
    key = col(Document.key)
    return key.collate("C") if session.get_bind().dialect.name == "postgresql" else key


def _of_jurisdiction(query: Any, jurisdiction_id: int | None) -> Any:
    return query if jurisdiction_id is None else query.where(
        Document.jurisdiction_id == jurisdiction_id)


def _matching_keys(session: Session, *, jurisdiction_id: int | None, number: str | None,
                   text: str | None) -> list[str] | None:
    """The sorted keys of the documents the number/text filters match, ``None`` when
    neither filter is given (the page is then cut in SQL)."""
    spelled = normalised_number(number) if number else None
    phrase = normalised_text(text).strip() if text else ""
    if spelled is None and not phrase:
        return None
    query = _of_jurisdiction(select(Document.key, Document.number, Document.title),
                             jurisdiction_id)
    if spelled is not None:  # the indexed normal spelling: only that number's documents
        query = query.where(Document.number_normalised == spelled)
    rows = session.exec(query).all()
    return sorted(key for key, n, t in rows if matches(n, t, spelled=spelled, phrase=phrase))


def page_documents(*, session: Session, jurisdiction_id: int | None = None,
                   number: str | None = None, text: str | None = None,
                   after: tuple[str] | None = None, before: tuple[str] | None = None,
                   limit: int = 100, backwards: bool = False) -> list[Document]:
    """A page of the stored documents by key, their texts not loaded.

    Parameters
    ----------
    session
        An open session.
    jurisdiction_id, number, text
        Issued by this jurisdiction; with this 文号 in any spelling; whose number or
        title contains ``text`` (normalised); ``None`` means any.
    after, before
        The ``(key,)`` of documents the page starts after / ends before.
    limit
        How many documents, at most :data:`store.keyset.MAX_KEYSET_ROWS`.
    backwards
        The documents nearest ``before`` (or the last) first.

    Returns
    -------
    list[Document]
        In key order (``backwards``: reversed).
    """
    keys = _matching_keys(session, jurisdiction_id=jurisdiction_id, number=number, text=text)
    query = select(Document).options(defer(Document.text))  # type: ignore[arg-type]
    if keys is None:
        query = _of_jurisdiction(query, jurisdiction_id)
        return list(session.exec(keyset_page(query, [_key_column(session)], after=after,
                                             before=before, limit=limit,
                                             backwards=backwards)).all())
    start = 0 if after is None else bisect.bisect_right(keys, after[0])
    stop = len(keys) if before is None else bisect.bisect_left(keys, before[0])
    wanted = keys[start:stop]
    wanted = wanted[::-1][:limit] if backwards else wanted[:limit]
    found = {d.key: d for d in session.exec(query.where(col(Document.key).in_(wanted))).all()}
    return [found[k] for k in wanted if k in found]


def count_documents(*, session: Session, jurisdiction_id: int | None = None,
                    number: str | None = None, text: str | None = None) -> int:
    """How many stored documents pass the filters of :func:`page_documents`."""
    keys = _matching_keys(session, jurisdiction_id=jurisdiction_id, number=number, text=text)
    if keys is not None:
        return len(keys)
    query = _of_jurisdiction(select(func.count(col(Document.id))), jurisdiction_id)
    return int(session.exec(query).one())
