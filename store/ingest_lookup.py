"""The ingest's small questions about stored documents, as plain SQL statements.

Every file an ingest stores asks the ``document`` table two or three small questions
(are these bytes stored? which document has this key or this 文号? which one has this
text?).  As ORM selects each spent more in SQLAlchemy (building, compiling, loading
whole rows into objects) than in the database.  Here each is a fixed SQL string sent to
the driver (sqlite3 keeps it compiled, cached by its text), reading only the columns the
answer needs; a document found is then loaded as an ORM object by its id (from the
session's identity map when it is there already).  The answers are those of
:mod:`store.crud.documents`' look-ups.

On PostgreSQL these questions are planned afresh each time, never prepared.  They ask
tables the ingest itself is filling: the plan PostgreSQL keeps for a prepared statement
is made from the table's statistics when the statement is prepared, and a new database's
tables have none until autovacuum first analyses them (a minute or more into a bulk
ingest).  The kept plan then read every stored document or citation, more with each
document stored: at bench M a key look-up took 0.46 ms and a citation look-up 0.88 ms,
planned afresh 0.03 each, against about 0.1 ms of planning.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from sqlmodel import Session

from store.bulk import PLACEHOLDERS, run_driver
from store.tables import Document


class Found(NamedTuple):
    """What a probe reads of a stored document."""

    id: int
    key: str
    number: str | None
    number_normalised: str | None


_COLUMNS = "id, key, number, number_normalised"
_SQL = {
    "bytes": f"SELECT {_COLUMNS} FROM document WHERE sha256 = ? ORDER BY id",
    "key": f"SELECT {_COLUMNS} FROM document WHERE key = ?",
    "key_or_number": (f"SELECT {_COLUMNS} FROM document WHERE key = ? "
                      "OR number_normalised = ? ORDER BY id"),
    "text": (f"SELECT {_COLUMNS} FROM document WHERE number IS NULL "
             "AND fingerprint = ? ORDER BY id LIMIT 1"),
    "text_or_bytes": (f"SELECT {_COLUMNS} FROM document WHERE number IS NULL "
                      "AND (fingerprint = ? OR sha256 = ?) ORDER BY id LIMIT 1"),
}
# The documents citing a 文号 or a title (either may be missing), other than one.
_CITING = ("SELECT key, text, issued_on FROM document WHERE id IN "
           "(SELECT document_id FROM citation WHERE {}) AND id != ? ORDER BY id")
_SQL.update({
    "citing_number": _CITING.format("number = ?"),
    "citing_title": _CITING.format("title = ?"),
    "citing_either": _CITING.format("number = ? OR title = ?"),
})


def _rows(session: Session, name: str, *params: Any) -> list[tuple[Any, ...]]:
    connection = session.connection()
    # what an ORM select would autoflush first (a no-op when nothing is pending)
    session.flush()
    sql = _SQL[name].replace("?", PLACEHOLDERS[connection.dialect.paramstyle])
    return run_driver(connection, sql, params, fetch=True, planned_each_time=True)


def _probe(session: Session, name: str, *params: Any) -> list[Found]:
    return [Found(*row) for row in _rows(session, name, *params)]


def with_bytes(session: Session, sha256: str) -> list[Found]:
    """The stored documents whose source had exactly these bytes, oldest first."""
    return _probe(session, "bytes", sha256)


def with_key(session: Session, key: str) -> Found | None:
    """The document stored under ``key``, or ``None``."""
    return next(iter(_probe(session, "key", key)), None)


def with_key_or_number(session: Session, key: str, spelled: str) -> list[Found]:
    """The documents under ``key`` or whose 文号 in one spelling is ``spelled``, oldest
    first."""
    return _probe(session, "key_or_number", key, spelled)


def with_text(session: Session, fingerprint: str, sha256: str | None) -> Found | None:
    """The oldest document without a 文号 with this normalised text (or these bytes)."""
    if sha256 is None:
        return next(iter(_probe(session, "text", fingerprint)), None)
    return next(iter(_probe(session, "text_or_bytes", fingerprint, sha256)), None)


def citing(session: Session, number: str | None, title: str | None, other_than: int
           ) -> list[tuple[str, str, dt.date | None]]:
    """``(key, text, issued_on)`` of the documents, but ``other_than``, with a citation of
    this 文号 or title (as written), by id; none when both are missing."""
    if number and title:
        found = _rows(session, "citing_either", number, title, other_than)
    elif number or title:
        found = _rows(session, "citing_number" if number else "citing_title",
                      number or title, other_than)
    else:
        return []
    # the driver's own date type (SQLite gives ISO text) read as SQLAlchemy would
    return [(key, text, _date(issued_on)) for key, text, issued_on in found]


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def load(session: Session, found: Found | None) -> Document | None:
    """The ORM object of a document a probe found (``None`` for none)."""
    return None if found is None else session.get(Document, found.id)
