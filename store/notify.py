"""Telling server processes that the store changed, in the writing transaction.

Every audited write (a progress report, a retraction, a correction …) and every bump of
the data version calls :func:`announce` with the session that writes it.  Two things
happen, both tied to the transaction's fate:

* on PostgreSQL a ``NOTIFY`` on :data:`CHANNEL` is queued in the same transaction, so
  it is delivered to every listening process when the transaction commits and never
  when it rolls back (PostgreSQL's own guarantee);
* in this process, the listeners added with :func:`add_listener` are called after the
  commit (an ``after_commit`` session event; a rollback forgets the note).  On SQLite
  this is how the server's own writes reach its subscribers at once; writes of other
  processes (the CLI beside the server) are seen by a cheap poll of the newest audit id.

The payload is small: what kind of thing changed and its id (``{"kind": "audit",
"id": 42}``, the transaction's first audit entry), never the data; a receiver reads what it
needs.  One note per kind per transaction: the receiver reads every entry from that id on.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import event, text
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

#: The PostgreSQL channel every process listens on.
CHANNEL = "policygraph_changes"
#: What a note says changed: an audit entry was written, or the data version moved.
KINDS = ("audit", "version")

_PENDING = "policygraph_notes"
_log = logging.getLogger("policygraph.notify")


@dataclass(frozen=True)
class Note:
    """One change notification: its kind (:data:`KINDS`) and the id of what changed."""

    kind: str
    id: int


def encode(note: Note) -> str:
    """The NOTIFY payload of a note.

    >>> encode(Note("audit", 42))
    '{"kind":"audit","id":42}'
    """
    return json.dumps({"kind": note.kind, "id": note.id}, separators=(",", ":"))


def decode(payload: str) -> Note | None:
    """A payload read back, or ``None`` when it is not one of ours.

    >>> decode('{"kind":"version","id":7}')
    Note(kind='version', id=7)
    >>> decode("garbage") is None, decode('{"kind":"other","id":1}') is None
    (True, True)
    """
    try:
        data = json.loads(payload)
        note = Note(str(data["kind"]), int(data["id"]))
    except (ValueError, TypeError, KeyError):
        return None
    return note if note.kind in KINDS else None


def announce(*, session: Session, kind: str, id: int) -> None:
    """Note in ``session``'s transaction that ``kind`` changed (the newest ``id``).

    The first note of a kind in a transaction sends the NOTIFY (PostgreSQL) and its id is
    the one every receiver gets (local listeners too): on PostgreSQL transactions may commit
    out of id order, and the first id tells a receiver how far back to read.  Nothing is
    sent when the transaction rolls back.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    pending: dict[str, int] = session.info.setdefault(_PENDING, {})
    if kind not in pending and session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:channel, :payload)"),
                        {"channel": CHANNEL, "payload": encode(Note(kind, id))})
    pending.setdefault(kind, id)


Listener = Callable[[Note], None]
_listeners: list[Listener] = []
_lock = threading.Lock()


def add_listener(listener: Listener) -> Callable[[], None]:
    """Call ``listener`` (from the committing thread) after each commit of this process
    that announced something; returns the function that removes it again."""
    with _lock:
        _listeners.append(listener)

    def remove() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)
    return remove


@event.listens_for(OrmSession, "after_commit")
def _deliver(session: OrmSession) -> None:
    pending: dict[str, int] = session.info.pop(_PENDING, {})
    if not pending:
        return
    with _lock:
        listeners = list(_listeners)
    for kind, id_ in pending.items():
        for listener in listeners:
            try:
                listener(Note(kind, id_))
            except Exception:  # a broken listener must not fail the writer's commit
                _log.exception("change listener failed")


@event.listens_for(OrmSession, "after_soft_rollback")
def _forget(session: OrmSession, previous_transaction: object) -> None:
    session.info.pop(_PENDING, None)
