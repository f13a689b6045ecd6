"""Idempotency keys: a client retrying a write after a timeout gets the first outcome.

A client sends a key of its choosing (``Idempotency-Key`` header or the mutation's
``idempotencyKey`` argument) with ``reportProgress`` or ``importProgressSheet``.  The
first request stores its reports and, in the same transaction, the key with the ids of
the reports it stored; a retry with the same key and the same arguments finds the key
and gets those reports back, storing nothing.  The same key with other arguments is a
client error (:class:`KeyReused`), not a silent replay of something else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, Session, SQLModel, col, select

from store.clock import utcnow
from store.progress.tables import ProgressReport


class IdempotencyKey(SQLModel, table=True):
    """A write a client may retry after a timeout: the first outcome, under the client's
    key, so the retry returns it instead of storing the reports again.

    Keys are per actor (token id): two clients choosing the same key never meet.
    ``fingerprint`` is a hash of the request's arguments, so a key reused for a
    different request is told apart from a retry.
    """

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("actor", "key", name="uq_idempotency_actor_key"),)
    id: int | None = Field(default=None, primary_key=True)
    actor: str = Field(max_length=64)
    key: str = Field(max_length=128)
    action: str = Field(max_length=64)  # report_progress / import_sheet
    fingerprint: str = Field(max_length=64)  # SHA-256 of the arguments
    report_ids: str = Field(sa_column=Column(Text, nullable=False))  # JSON list, in order
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)

MAX_KEY_CHARS = 128


class KeyReused(ValueError):
    """The key was used before for a different request."""


def fingerprint(action: str, arguments: dict[str, object]) -> str:
    """A hash of what a request asks for (its action and arguments, in a stable order).

    >>> a = fingerprint("report_progress", {"obligation_id": "x", "done": True})
    >>> a == fingerprint("report_progress", {"done": True, "obligation_id": "x"}), len(a)
    (True, 64)
    >>> a == fingerprint("report_progress", {"obligation_id": "x", "done": False})
    False
    """
    text = json.dumps([action, arguments], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Replay:
    """The outcome of the first request made with a key."""

    reports: list[ProgressReport]


def replay(*, session: Session, actor: str, key: str, action: str,
           digest: str) -> Replay | None:
    """The first outcome stored under ``(actor, key)``, or ``None`` for a new key.

    Raises
    ------
    KeyReused
        The key was used for another action or other arguments.
    """
    row = session.exec(select(IdempotencyKey).where(col(IdempotencyKey.actor) == actor,
                                                    col(IdempotencyKey.key) == key)).first()
    if row is None:
        return None
    if row.action != action or row.fingerprint != digest:
        raise KeyReused(f"the idempotency key was used before for a different request "
                        f"({row.action}); choose a new key for a new request")
    ids = [int(i) for i in json.loads(row.report_ids)]
    found = {r.id: r for r in session.exec(select(ProgressReport)
                                           .where(col(ProgressReport.id).in_(ids))).all()}
    return Replay(reports=[found[i] for i in ids if i in found])


def remember(*, session: Session, actor: str, key: str, action: str, digest: str,
             reports: Sequence[ProgressReport]) -> None:
    """Store the key with the reports a first request stored (flushed with them; the
    unique ``(actor, key)`` makes a concurrent twin fail at commit)."""
    session.add(IdempotencyKey(actor=actor, key=key, action=action, fingerprint=digest,
                               report_ids=json.dumps([r.id for r in reports])))
    session.flush()
