"""Inserting many rows at once and learning their ids.

The ingest writes a document's tasks, units, places and review items with one statement
per table; the facts that point at them need their ids.  The rows are plain dictionaries
sent through the session's connection (its transaction, savepoints included), not
through the ORM's execution path: these are Core statements, and the ORM's per-statement
work was a measurable part of each document's cost.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Dialect, Enum, Float, String, Table, insert
from sqlmodel import Session, SQLModel

from store.array_literals import LITERALS, Literal, text_array


def insert_ids(session: Session, table: type[SQLModel], rows: list[dict[str, Any]],
               keys: tuple[str, ...]) -> list[int]:
    """INSERT ``rows`` into ``table`` with one statement; their ids, in the order given.

    Each row is matched to its id by its ``keys`` columns, which must tell the rows apart
    (a unique constraint of the table does), never by the order RETURNING gives: SQLite
    does not promise one, and SQLAlchemy asked to keep the order sends one statement per
    row there.
    """
    if not rows:
        return []
    core = table_of(table)
    connection = session.connection()
    if _direct(connection, core, rows):
        found = {tuple(row[1:]): row[0]
                 for row in _insert_rows(connection, core, rows, ("id", *keys))}
    else:
        columns = [core.c.id, *(core.c[key] for key in keys)]
        found = {tuple(row[1:]): row[0]
                 for row in connection.execute(insert(core).returning(*columns), rows)}
    return [found[tuple(row[key] for key in keys)] for row in rows]


def insert_one(session: Session, table: type[SQLModel], row: dict[str, Any]) -> int:
    """INSERT one plain row into ``table`` (no ORM object, no flush); its new id."""
    core = table_of(table)
    connection = session.connection()
    if _direct(connection, core, [row]):  # a statement built once, not one per row
        ((new_id,),) = _insert_many(connection, core, [row], ("id",))
        return int(new_id)
    result = connection.execute(insert(core).values(row))
    key = result.inserted_primary_key
    assert key is not None and key[0] is not None
    return int(key[0])


def bulk_insert(session: Session, table: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """INSERT ``rows`` into ``table`` in one statement (nothing when there are none).

    Every row names the same columns.  The table's Core form is used: the ORM's bulk
    INSERT splits the rows into one statement per set of columns holding ``None``.
    """
    if not rows:
        return
    core = table_of(table)
    connection = session.connection()
    if not _direct(connection, core, rows):
        connection.execute(insert(core), rows)
    elif connection.dialect.name == "sqlite":  # executemany: a loop in C, no round trips
        sql, read, processors = _statement(connection.dialect, core, tuple(rows[0]), 1, ())
        run_driver(connection, sql, [_values(row, read, processors) for row in rows], many=True)
    else:  # one round trip: the rows as one array per column
        _insert_arrays(connection, core, rows, ())


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a mapped model."""
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


# --- straight to the driver --------------------------------------------------------------
#
# A document's eight or so bulk INSERTs spent more time in SQLAlchemy's per-statement
# work (compiling, caching, parameter processing) than in the database.  When the rows
# name every column but the id (so no column default is left for SQLAlchemy to fill
# in), the statement is built once per table and row count, in the driver's positional
# parameter style, and its parameters are converted by the columns' own bind
# processors, exactly as SQLAlchemy would: the same values stored, with a fraction of
# the work.  Both SQLite (sqlite3) and PostgreSQL (psycopg 3) take it.  The statement
# goes to a cursor of the session's own DBAPI connection (its transaction), not through
# exec_driver_sql, whose per-statement work (execution context, result wrapping) was
# still a tenth of the writer's time: no engine event listens to these statements.

#: Rows per multi-row INSERT: well under SQLite's limit on parameters.
_MAX_PARAMETERS = 900
#: Each driver's positional placeholder, by its DB-API paramstyle (psycopg's
#: ``pyformat`` takes ``%s`` for positional parameters too).
PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}
# (SQL, the row's values in parameter order, (position, bind processor) of the columns
# that convert their values)
_Plan = tuple[str, Callable[[dict[str, Any]], tuple[Any, ...]],
              tuple[tuple[int, Callable[[Any], Any]], ...]]
_plans: dict[tuple[str, str, tuple[str, ...], int, tuple[str, ...]], _Plan] = {}


def _direct(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> bool:
    """Whether these rows may go straight to the driver (see above)."""
    if connection.dialect.name not in ("sqlite", "postgresql") or (
            connection.dialect.paramstyle not in PLACEHOLDERS):
        return False
    names = rows[0].keys()
    return names == _columns(table) and all(row.keys() == names for row in rows)


@lru_cache(maxsize=64)  # one entry per table
def _columns(table: Table) -> frozenset[str]:
    """The names of ``table``'s columns but the id."""
    return frozenset(c.name for c in table.columns) - {"id"}


def _statement(dialect: Dialect, table: Table, names: tuple[str, ...], count: int,
               returning: tuple[str, ...]) -> _Plan:
    """The INSERT of ``count`` rows of ``names`` (positional parameters), the function reading
    a row's values in parameter order and the bind processors to apply; built once per
    shape."""
    key = (dialect.name, table.name, names, count, returning)
    plan = _plans.get(key)
    if plan is None:
        quote = dialect.identifier_preparer.quote
        mark = PLACEHOLDERS[dialect.paramstyle]
        row = "(" + ", ".join(mark for _ in names) + ")"
        sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
               f"VALUES {', '.join([row] * count)}")
        if returning:
            sql += " RETURNING " + ", ".join(quote(n) for n in returning)
        processors = tuple(table.c[n].type.dialect_impl(dialect).bind_processor(dialect)
                           for n in names)
        getter = itemgetter(*names)
        read = getter if len(names) > 1 else lambda row: (getter(row),)
        plan = _plans[key] = (sql, read, tuple(
            (i, process) for i, process in enumerate(processors) if process is not None))
    return plan


def _values(row: dict[str, Any], read: Callable[[dict[str, Any]], tuple[Any, ...]],
            processors: tuple[tuple[int, Callable[[Any], Any]], ...]) -> tuple[Any, ...]:
    """A row's parameters: its values in order, those of converting columns converted."""
    values = read(row)
    if not processors:
        return values
    converted = list(values)
    for i, process in processors:
        converted[i] = process(converted[i])
    return tuple(converted)


def _insert_many(connection: Connection, table: Table, rows: list[dict[str, Any]],
                 returning: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """Insert ``rows`` with multi-row statements of at most :data:`_MAX_PARAMETERS`
    parameters; the ``returning`` columns of each row inserted (none when empty)."""
    names = tuple(rows[0])
    step = max(1, _MAX_PARAMETERS // len(names))
    out: list[tuple[Any, ...]] = []
    for start in range(0, len(rows), step):
        chunk = rows[start:start + step]
        sql, read, processors = _statement(connection.dialect, table, names, len(chunk),
                                            returning)
        flat = [value for row in chunk for value in _values(row, read, processors)]
        out.extend(run_driver(connection, sql, tuple(flat), fetch=bool(returning)))
    return out


def _insert_rows(connection: Connection, table: Table, rows: list[dict[str, Any]],
                 returning: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """:func:`_insert_arrays` on PostgreSQL, :func:`_insert_many` on SQLite."""
    if connection.dialect.name == "postgresql":
        return _insert_arrays(connection, table, rows, returning)
    return _insert_many(connection, table, rows, returning)


# On PostgreSQL a multi-row VALUES has a text and a parameter count per row count: psycopg
# parsed each such text again (it caches only short ones), prepared every shape it met a
# few times, and the server planned each anew.  ``INSERT … SELECT FROM unnest(…)`` takes
# one array per column: one short text per table, whatever the number of rows, parsed and
# prepared once.  Rows come out of ``unnest`` in array order, so ids are handed out in the
# order given, as with VALUES.  Strings go as ``text[]``: the column's own length limit is
# still checked when the value is assigned (a cast to ``varchar(n)`` would truncate).
def _insert_arrays(connection: Connection, table: Table, rows: list[dict[str, Any]],
                   returning: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """Insert ``rows`` with one ``INSERT … SELECT FROM unnest(…)`` (PostgreSQL); the
    ``returning`` columns of each row inserted (none when empty)."""
    names = tuple(rows[0])
    sql, conversions, literals = _array_plan(connection.dialect, table, names, returning)
    columns: list[Any] = []
    for name, convert, literal in zip(names, conversions, literals, strict=True):
        values = [row[name] for row in rows]
        if convert is not None:
            values = [convert(value) for value in values]
        columns.append(values if literal is None else literal(values))
    return run_driver(connection, sql, tuple(columns), fetch=bool(returning))


@lru_cache(maxsize=64)  # one entry per table and set of columns written
def _array_plan(dialect: Dialect, table: Table, names: tuple[str, ...],
                returning: tuple[str, ...]
                ) -> tuple[str, tuple[Callable[[Any], Any] | None, ...],
                           tuple[Literal | None, ...]]:
    """The ``unnest`` statement for ``names`` of ``table``, each column's conversion and
    the function writing its array literal (``None``: the driver adapts the list)."""
    quote = dialect.identifier_preparer.quote
    casts: list[str] = []
    converters: list[Callable[[Any], Any] | None] = []
    literals: list[Literal | None] = []
    for name in names:
        column_type = table.c[name].type
        process = column_type.dialect_impl(dialect).bind_processor(dialect)
        stored = getattr(column_type, "impl_instance", column_type)  # a decorated type's
        if isinstance(stored, String) and not isinstance(stored, Enum):
            casts.append("text")
            literals.append(text_array)
        else:
            casts.append(column_type.compile(dialect=dialect))
            literals.append(LITERALS.get(casts[-1]))
        if isinstance(stored, Float):  # a list mixing int and float is refused
            converters.append(_as_float if process is None else _then_float(process))
        else:
            converters.append(process)
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
           f"SELECT * FROM unnest({', '.join(f'%s::{cast}[]' for cast in casts)})")
    if returning:
        sql += " RETURNING " + ", ".join(quote(n) for n in returning)
    return sql, tuple(converters), tuple(literals)


def _as_float(value: Any) -> Any:
    return None if value is None else float(value)


def _then_float(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: _as_float(process(value))


def run_driver(connection: Connection, sql: str, parameters: Any, *, many: bool = False,
               fetch: bool = False, planned_each_time: bool = False) -> list[tuple[Any, ...]]:
    """Run ``sql`` (the driver's paramstyle) on the connection's DBAPI cursor, in its
    transaction; the rows read when ``fetch`` (``many``: executemany of a parameter list).
    The driver's own exceptions are raised, not SQLAlchemy's wrappers.

    ``planned_each_time``: on PostgreSQL the statement is never prepared on the server
    (psycopg prepares one it has run five times), so every run is planned for the table
    as it is now; see :mod:`store.ingest_lookup`."""
    cursor = connection.connection.cursor()
    try:
        if many:
            cursor.executemany(sql, parameters)
        elif planned_each_time and connection.dialect.name == "postgresql":
            psycopg_cursor: Any = cursor  # psycopg's execute takes ``prepare``
            psycopg_cursor.execute(sql, parameters, prepare=False)
        else:
            cursor.execute(sql, parameters)
        return [tuple(row) for row in cursor.fetchall()] if fetch else []
    finally:
        cursor.close()
