"""Change notes go out with the writing transaction: on commit, never on rollback; on
PostgreSQL as a NOTIFY every listening connection receives, in this process as a call to
its listeners."""

from __future__ import annotations

import datetime as dt
import json

import psycopg
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.audit import newest_audit_id
from store.crud.documents import bump_data_version, data_version
from store.listen import conninfo
from store.notify import CHANNEL, Note, add_listener
from store.progress.reports import report_progress

OBLIGATION = "deadline:000_test/一/1"


def write_report(engine: Engine, *, commit: bool) -> None:
    with Session(engine) as session:
        report_progress(session=session, obligation_id=OBLIGATION, unit_id=None,
                        reported_on=dt.date(2019, 1, 15), done=True)
        report_progress(session=session, obligation_id=OBLIGATION, unit_id=None,
                        reported_on=dt.date(2019, 1, 16), done=True)
        if commit:
            session.commit()
        else:
            session.rollback()


def test_a_committed_write_calls_this_processs_listeners_once_and_a_rolled_back_one_never(
        engine: Engine) -> None:
    heard: list[Note] = []
    remove = add_listener(heard.append)
    try:
        write_report(engine, commit=False)
        assert heard == []
        write_report(engine, commit=True)
        with Session(engine) as session:
            bump_data_version(session=session)
            session.commit()
    finally:
        remove()
    # one note per kind and transaction, carrying the newest id: two audit entries, one note
    kinds = [note.kind for note in heard]
    assert kinds == ["audit", "version"]
    with Session(engine) as session:  # the transaction's first entry (of two); PostgreSQL's
        assert heard[0].id == newest_audit_id(session=session) - 1  # ids skip the rollback's
        assert heard[1].id == data_version(session=session)


@pytest.mark.postgres
def test_postgresql_notifies_a_listener_on_commit_only_with_a_small_payload(
        pg_cluster: object) -> None:
    from store.db import make_engine
    from store.readback.postgres import listen
    from store.setup import init_db
    from tests.pg_cluster import PgCluster

    assert isinstance(pg_cluster, PgCluster)
    url = pg_cluster.create_database("notify")
    engine = make_engine(url)
    init_db(engine)
    try:
        with psycopg.connect(conninfo(url), autocommit=True) as listener:
            listen(connection=listener)
            write_report(engine, commit=False)
            assert list(listener.notifies(timeout=1.0)) == []  # the rollback sent nothing
            write_report(engine, commit=True)
            received = list(listener.notifies(timeout=1.0, stop_after=5))
        with Session(engine) as session:
            first_committed = newest_audit_id(session=session) - 1
    finally:
        engine.dispose()
    # the first audit id of the transaction; the data itself is never in the payload
    assert [json.loads(n.payload) for n in received] == [{"kind": "audit",
                                                          "id": first_committed}]
    assert all(n.channel == CHANNEL and len(n.payload) < 64 for n in received)
