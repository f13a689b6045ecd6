"""Reading stored rows back, for checks and maintenance: what a write left in the store.

Tests check what a write stored by reading the rows back; they do it through these
functions so that every query, read-backs included, lives in store/.  The functions are
generic on purpose: a test that checks a store function's write must not read it back
through that same function (it would only check itself), but a plain row read says what
is really there.

* :mod:`store.readback.rows` reads mapped models (``select(Model).where(...)``) in a
  session: whole rows, one column, a few columns over a join, counts and maxima.
* :mod:`store.readback.tables` reads and writes tables by name, reflected from the
  database itself, for databases at any migration revision (a previous release's rows)
  and for dumps of every table.
* :mod:`store.readback.sqlite` runs SQLite's maintenance pragmas (journal mode, integrity
  check, WAL checkpoint).
* :mod:`store.readback.postgres` does PostgreSQL's chores on a raw psycopg connection (a
  scratch database, ``LISTEN`` and a hand-sent note on the change channel, listening
  sessions ended, the statements a session prepared); import it from there.

tests/test_layering.py holds tests/, scripts/ and bench/ to this: no ``select`` call, no
SQLAlchemy ``text`` and no SQL string executed outside store/.
"""

from store.readback.rows import (
    column_tuples,
    column_values,
    count_rows,
    first_row,
    max_value,
    one_row,
    one_value,
    stored_rows,
)
from store.readback.sqlite import (
    checkpoint_wal,
    integrity_check,
    journal_mode,
    use_rollback_journal,
)
from store.readback.tables import index_names, insert_row, table_rows

__all__ = [
    "checkpoint_wal",
    "column_tuples",
    "column_values",
    "count_rows",
    "first_row",
    "index_names",
    "insert_row",
    "integrity_check",
    "journal_mode",
    "max_value",
    "one_row",
    "one_value",
    "stored_rows",
    "table_rows",
    "use_rollback_journal",
]
