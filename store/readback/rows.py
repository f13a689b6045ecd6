"""Mapped rows read back in a session: whole rows, columns, counts and maxima.

Each function builds one ``SELECT`` from its keyword arguments: ``where`` conditions are
joined with AND, ``order_by`` takes columns or ``desc(...)``, ``joins`` are
``(model, on-condition)`` pairs.  Nothing is paginated: these read what a check or a
maintenance task wrote, never what a request asks for; pass ``limit`` where a table may
be large.

>>> from sqlmodel import SQLModel, create_engine
>>> from store.audit import AuditEntry
>>> engine = create_engine("sqlite://")
>>> SQLModel.metadata.create_all(engine)
>>> session = Session(engine)
>>> session.add_all([AuditEntry(action="urge", target="unit:1", outcome="refused"),
...                  AuditEntry(action="urge", target="unit:2"),
...                  AuditEntry(action="revoke_token", target="token:a")])
>>> session.commit()
>>> [e.target for e in stored_rows(session=session, model=AuditEntry,
...                                where=[AuditEntry.action == "urge"], order_by=[AuditEntry.id])]
['unit:1', 'unit:2']
>>> count_rows(session=session, model=AuditEntry, where=[AuditEntry.outcome == "ok"])
2
>>> one_row(session=session, model=AuditEntry, where=[AuditEntry.outcome == "refused"]).target
'unit:1'
>>> first_row(session=session, model=AuditEntry, where=[AuditEntry.action == "none"]) is None
True
>>> sorted(column_values(session=session, column=AuditEntry.action))
['revoke_token', 'urge', 'urge']
>>> one_value(session=session, column=AuditEntry.id, where=[AuditEntry.target == "token:a"])
3
>>> max_value(session=session, column=AuditEntry.id)
3
>>> column_tuples(session=session, columns=[AuditEntry.target, AuditEntry.outcome],
...               where=[AuditEntry.action == "urge"], order_by=[AuditEntry.id])
[('unit:1', 'refused'), ('unit:2', 'ok')]
>>> session.close()
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, cast

import sqlalchemy
from sqlalchemy import func
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, SQLModel, select

M = TypeVar("M", bound=SQLModel)
#: A condition such as ``Unit.name == "市财政局"`` (sqlmodel types those as ``bool``).
Condition = ColumnElement[bool] | bool
#: A mapped attribute such as ``Unit.name`` (sqlmodel types it as its Python value).
Column = Any
#: A joined model and the condition it is joined on.
Join = tuple[type[SQLModel], Condition]


def stored_rows(*, session: Session, model: type[M], where: Sequence[Condition] = (),
                order_by: Sequence[Column] = (), limit: int | None = None) -> list[M]:
    """Every stored ``model`` row meeting all of ``where``, in ``order_by`` order (the
    database's order when empty), at most ``limit`` of them."""
    statement = select(model).where(*where).order_by(*order_by).limit(limit)
    return list(session.exec(statement).all())


def first_row(*, session: Session, model: type[M], where: Sequence[Condition] = (),
              order_by: Sequence[Column] = ()) -> M | None:
    """The first row :func:`stored_rows` would give, or ``None`` when none meets ``where``."""
    return session.exec(select(model).where(*where).order_by(*order_by)).first()


def one_row(*, session: Session, model: type[M], where: Sequence[Condition] = ()) -> M:
    """The one row meeting ``where``.

    Raises
    ------
    sqlalchemy.exc.NoResultFound
        When no row meets it.
    sqlalchemy.exc.MultipleResultsFound
        When more than one does: a check that expects one row fails on either.
    """
    return session.exec(select(model).where(*where)).one()


def count_rows(*, session: Session, model: type[SQLModel],
               where: Sequence[Condition] = ()) -> int:
    """How many ``model`` rows meet all of ``where``."""
    statement = select(func.count()).select_from(model).where(*where)
    return int(session.exec(statement).one())


def column_values(*, session: Session, column: Column, joins: Sequence[Join] = (),
                  where: Sequence[Condition] = (), order_by: Sequence[Column] = (),
                  limit: int | None = None) -> list[Any]:
    """The value of one ``column`` in every row meeting ``where`` (over ``joins``)."""
    statement = select(column)
    for model, on in joins:
        statement = statement.join(model, on)  # type: ignore[arg-type]
    return list(session.exec(statement.where(*where).order_by(*order_by).limit(limit)).all())


def one_value(*, session: Session, column: Column, joins: Sequence[Join] = (),
              where: Sequence[Condition] = ()) -> Any:
    """The value of ``column`` in the one row meeting ``where`` (over ``joins``); raises
    as :func:`one_row`."""
    statement = select(column)
    for model, on in joins:
        statement = statement.join(model, on)  # type: ignore[arg-type]
    return session.exec(statement.where(*where)).one()


def column_tuples(*, session: Session, columns: Sequence[Column], joins: Sequence[Join] = (),
                  where: Sequence[Condition] = (), order_by: Sequence[Column] = (),
                  limit: int | None = None) -> list[tuple[Any, ...]]:
    """``columns`` (of one model or of ``joins``' models) of every row meeting ``where``."""
    statement = sqlalchemy.select(*columns)
    for model, on in joins:
        statement = statement.join(model, on)  # type: ignore[arg-type]
    statement = statement.where(*cast(Sequence[ColumnElement[bool]], where))
    # sqlmodel types exec() for its own select() of up to four columns only
    found = session.exec(statement.order_by(*order_by).limit(limit))  # type: ignore[call-overload]
    return [tuple(row) for row in found.all()]


def max_value(*, session: Session, column: Column, where: Sequence[Condition] = ()) -> Any:
    """The largest value of ``column`` among rows meeting ``where`` (``None`` when none)."""
    return session.exec(select(func.max(column)).where(*where)).one()
