"""Idempotency keys: a client retrying a write after a timeout gets the first outcome.

A client sends a key of its choosing (``Idempotency-Key`` header or the mutation's
``idempotencyKey`` argument) with ``reportProgress`` or ``importProgressSheet``.  The
first request stores its reports and, in the same transaction, the key with the ids of
the reports it stored; a retry with the same key and the same arguments finds the key
and gets those reports back, storing nothing.  The same key with other arguments is a
client error (:class:`KeyReused`), not a silent replay of something else.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from store.progress.tables import IdempotencyKey, ProgressReport

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
