"""The targets quoting a phrase (``whoOwns``), read with one driver statement compiled once.

Every ``whoOwns`` request reads the targets whose sentence holds its text.  Built as a
SQLAlchemy select of every column and run through the session's ORM execute path, the
statement cost several times more in Python than in SQLite (at M: about 2.9 ms a call
for 0.3 ms of SQL: building the select, its cache key, the ORM's execute and result
machinery).  Here the statement is compiled once per dialect and form (narrowed by the
FTS5 index or not, limited or not), executed on the driver, and each column converted
by its own type's result processor, as SQLAlchemy converts it: the rows hold what the
ORM objects hold (a date as a date on SQLite too).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from typing import Any, NamedTuple

from sqlalchemy import bindparam
from sqlalchemy import select as core_select
from sqlalchemy.engine import Dialect
from sqlmodel import Session, col

from store.search import like_pattern
from store.search_index import match_expression, matching_ids, usable
from store.tables import DataVersion, Target

FTS = "search_target"
_COLUMNS = tuple(Target.__table__.columns)  # type: ignore[attr-defined]
TargetRow = namedtuple("TargetRow", [c.name for c in _COLUMNS] + ["data_version"])  # type: ignore[misc]
"""A target as a plain row: every column of ``target`` by name, and ``data_version``."""

Convert = Callable[[Any], Any] | None
# (statement, parameter names in order or None for named ones, defaults)
Plan = tuple[str, tuple[str, ...] | None, dict[str, Any]]
_plans: dict[tuple[str, bool, bool], Plan] = {}
# per dialect name: each column's converter, from the driver's type codes (PostgreSQL's
# processors depend on them), made on the first read
_converters: dict[str, tuple[Convert, ...]] = {}


class QuotedTargets(NamedTuple):
    """Targets whose sentence holds a phrase, as plain rows, and the data version the
    statement read them at (see :func:`target_rows_quoting`)."""

    rows: list[Any]
    version: int | None


def _plan(dialect: Dialect, narrowed: bool, limited: bool) -> Plan:
    """The statement of one form compiled for ``dialect``, with what runs it."""
    key = (dialect.name, narrowed, limited)
    plan = _plans.get(key)
    if plan is None:
        version = (core_select(DataVersion.__table__.c.version)  # type: ignore[attr-defined]
                   .where(DataVersion.__table__.c.id == 1)  # type: ignore[attr-defined]
                   .scalar_subquery().label("data_version"))
        query = (core_select(*_COLUMNS, version)
                 .where(col(Target.source_quote).like(bindparam("pattern"), escape="\\"))
                 .order_by(col(Target.document_id), col(Target.source_start),
                           col(Target.id)))
        if narrowed:
            query = query.where(col(Target.id).in_(matching_ids(FTS, "")))
        if limited:
            query = query.limit(bindparam("row_limit"))
        compiled = query.compile(dialect=dialect)
        order = tuple(compiled.positiontup or ()) if compiled.positional else None
        plan = _plans[key] = (compiled.string, order, dict(compiled.params))
    return plan


def _converters_of(dialect: Dialect, description: Any) -> tuple[Convert, ...]:
    """Each column's result processor (``None``: kept as read), as SQLAlchemy picks it."""
    found = _converters.get(dialect.name)
    if found is None:
        found = _converters[dialect.name] = (*(
            column.type.dialect_impl(dialect).result_processor(dialect, described[1])
            for column, described in zip(_COLUMNS, description, strict=False)), None)
    return found


def target_rows_quoting(*, session: Session, phrase: str, limit: int | None = None
                        ) -> QuotedTargets:
    """What :func:`store.search.targets_quoting` finds, in its order, as plain rows of
    every column of ``target`` (attribute access as on the ORM object, without its
    hydration and identity map), with the data version read by the same statement.

    One statement reads one version of the data (SQLite and PostgreSQL alike), so the
    version says exactly which data the rows are of: a caller compares it with its
    snapshot's before answering anything else about them from the snapshot.  ``None``
    when no row was read (no version was either).
    """
    narrowed = usable(session, FTS)
    expression = match_expression(session, FTS, phrase) if narrowed else None
    if expression == "" or limit == 0:
        return QuotedTargets([], None)  # no value holds the phrase, or none is asked for
    narrowed = expression is not None
    connection = session.connection()
    sql, order, defaults = _plan(connection.dialect, narrowed, limit is not None)
    values = {**defaults, "pattern": like_pattern(phrase), "match": expression,
              "row_limit": limit}
    parameters = tuple(values[name] for name in order) if order is not None else values
    result = connection.exec_driver_sql(sql, parameters)
    converters = _converters_of(connection.dialect, result.cursor.description)
    found = result.fetchall()
    rows: list[Any] = [TargetRow._make([value if convert is None or value is None else convert(value)
                                       for convert, value in zip(converters, row, strict=True)])
                       for row in found]
    # no data_version row (a store never ingested into) reads as version 0
    return QuotedTargets(rows, int(rows[0].data_version or 0) if rows else None)
