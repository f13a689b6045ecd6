"""A request context's session is given back however often it is closed: the guards
close it in the operation's worker, the view again once the request is over."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from schema.context import Context


def _context(session: Session) -> Context:
    context = Context.__new__(Context)  # only the session matters to close()
    context.session = session
    return context


def _counting(session: Session) -> list[int]:
    calls: list[int] = []
    close = session.close

    def counted(*args: Any, **kwargs: Any) -> None:
        calls.append(1)
        close(*args, **kwargs)

    session.close = counted  # type: ignore[method-assign]
    return calls


def test_a_session_used_after_its_first_close_is_closed_again(tmp_path: Any) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}", poolclass=QueuePool)
    try:
        session = Session(engine)
        context = _context(session)
        session.connection()  # the operation's read: a transaction, a pooled connection
        context.close()
        assert engine.pool.checkedout() == 0
        session.connection()  # something read again after the guards closed it
        assert engine.pool.checkedout() == 1
        context.close()
        assert engine.pool.checkedout() == 0
        assert not session.in_transaction()
    finally:
        engine.dispose()


def test_a_second_close_of_an_untouched_session_leaves_it_alone(tmp_path: Any) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}", poolclass=QueuePool)
    try:
        session = Session(engine)
        calls = _counting(session)
        context = _context(session)
        session.connection()
        context.close()
        context.close()
        assert len(calls) == 1
        assert engine.pool.checkedout() == 0
    finally:
        engine.dispose()
