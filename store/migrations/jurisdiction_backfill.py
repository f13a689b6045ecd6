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
        "INSERT INTO jurisdiction (name, full_name, level) VALUES (:n, :n, 'unknown')"),
        {"n": UNKNOWN})
    unknown = connection.execute(text("SELECT id FROM jurisdiction WHERE full_name = :n"),
                                 {"n": UNKNOWN}).scalar_one()
    connection.execute(text("UPDATE unit SET jurisdiction_id = :j"), {"j": unknown})
    connection.execute(text("UPDATE unitalias SET jurisdiction_id = :j"), {"j": unknown})
    connection.execute(text("UPDATE place SET full_name = COALESCE(parent, '') || name"))
