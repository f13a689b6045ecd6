"""PostgreSQL chores of checks, on a raw psycopg connection: a scratch database, the
change channel heard and spoken on directly, listening sessions ended.

The checks of :mod:`store.listen` and :mod:`store.notify` need PostgreSQL itself beside
the server's own connections: a new database on a throwaway cluster, a plain ``LISTEN``
to see what a commit sends, a note sent by hand, and the listener's session ended as a
restart or a proxy would end it.  Each takes a psycopg connection in autocommit mode
(``CREATE DATABASE`` and ``LISTEN`` need one), for example::

    with psycopg.connect(conninfo(url), autocommit=True) as connection:
        listen(connection=connection)
        ...
        received = list(connection.notifies(timeout=1.0))
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from store.notify import CHANNEL, Note, encode


def create_database(*, connection: psycopg.Connection, name: str,
                    ctype: str | None = None) -> None:
    """Create the empty database ``name`` on the connection's server (with the character
    classification ``ctype``, C.UTF-8, when given)."""
    if ctype is None:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return
    connection.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' "
                               "LC_COLLATE 'C' LC_CTYPE {}").format(sql.Identifier(name),
                                                                  sql.Literal(ctype)))


def listen(*, connection: psycopg.Connection, channel: str = CHANNEL) -> None:
    """Listen on ``channel`` (the change channel): its notes arrive in
    ``connection.notifies()``."""
    connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))


async def send_note(*, connection: psycopg.AsyncConnection, note: Note,
                    channel: str = CHANNEL) -> None:
    """Send ``note`` on ``channel`` as a committing writer would (``pg_notify``)."""
    await connection.execute("SELECT pg_notify(%s, %s)", (channel, encode(note)))


async def end_listening_sessions(*, connection: psycopg.AsyncConnection) -> None:
    """End every other session of the server whose last statement was a ``LISTEN``."""
    await connection.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()")


def prepared_statements(*, connection: psycopg.Connection) -> list[str]:
    """The statements the connection's session has prepared on the server (psycopg
    prepares one it has run five times), as PostgreSQL keeps their text."""
    rows = connection.execute("SELECT statement FROM pg_prepared_statements").fetchall()
    return [str(statement) for statement, in rows]
