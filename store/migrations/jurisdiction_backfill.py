"""Move the rows of a database made before jurisdictions to their new identities.

Run by Alembic revision 0006 inside its transaction, on a plain connection (no ORM
models: the models describe the schema after the migration, not during it).
"""

from __future__ import annotations

from sqlalchemy.engine import Connection
from sqlalchemy import text

UNKNOWN = "未确定"


def backfill(connection: Connection) -> None:
    """Give every unit, alias and place the columns 0006 makes NOT NULL.

    Placeholder: every unit and alias goes to the unknown jurisdiction, every place's
    full name is its parent's and its own.
    """
    connection.execute(text(
        "INSERT INTO jurisdiction (id, name, full_name, level) VALUES (1, :n, :n, 'unknown')"),
        {"n": UNKNOWN})
    if connection.dialect.name == "postgresql":  # an explicit id does not advance the sequence
        connection.execute(text("SELECT setval(pg_get_serial_sequence('jurisdiction', 'id'), 1)"))
    unknown = 1
    connection.execute(text("UPDATE unit SET jurisdiction_id = :j"), {"j": unknown})
    connection.execute(text("UPDATE unitalias SET jurisdiction_id = :j"), {"j": unknown})
    connection.execute(text("UPDATE place SET full_name = COALESCE(parent, '') || name"))
