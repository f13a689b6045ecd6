"""Idempotency keys in the store: the first outcome is replayed, another request under
the same key is refused, and two concurrent firsts cannot both be stored."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from store.idempotency import KeyReused, fingerprint, remember, replay
from store.progress.reports import report_progress


def write(session: Session, actor: str, key: str, digest: str) -> int:
    row = report_progress(session=session, obligation_id="deadline:x/一/1", unit_id=None,
                          reported_on=dt.date(2019, 3, 1), done=True, actor=actor)
    remember(session=session, actor=actor, key=key, action="report_progress", digest=digest,
             reports=[row])
    assert row.id is not None
    return row.id


def test_the_first_outcome_is_replayed_and_another_request_refused(engine: Engine) -> None:
    digest = fingerprint("report_progress", {"done": True})
    with Session(engine) as session:
        assert replay(session=session, actor="t1", key="k", action="report_progress",
                      digest=digest) is None
        first = write(session, "t1", "k", digest)
        session.commit()
    with Session(engine) as session:
        found = replay(session=session, actor="t1", key="k", action="report_progress",
                       digest=digest)
        assert found is not None and [r.id for r in found.reports] == [first]
        with pytest.raises(KeyReused):
            replay(session=session, actor="t1", key="k", action="report_progress",
                   digest=fingerprint("report_progress", {"done": False}))
        assert replay(session=session, actor="t2", key="k", action="report_progress",
                      digest=digest) is None  # keys are per actor


def test_two_concurrent_first_requests_cannot_both_commit(engine: Engine) -> None:
    digest = fingerprint("report_progress", {"done": True})
    with Session(engine) as one:
        write(one, "t1", "k", digest)
        one.commit()
    with Session(engine) as two, pytest.raises(IntegrityError):
        write(two, "t1", "k", digest)  # the unique (actor, key) stops the second at flush
        two.commit()
