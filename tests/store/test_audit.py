"""The audit trail records refusals too, and reads back newest first with filters."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session

from store.audit import list_audit, record_audit

T0 = dt.datetime(2019, 1, 2, 8, 0, tzinfo=dt.UTC)


def test_a_refusal_is_kept_with_who_tried_and_what(session: Session) -> None:
    record_audit(
        session=session, action="report_progress", target="deadline:二(二)2@2018", actor="tok-sw",
        actor_unit="市商务局", actor_role="reporter", new_value={"done": True}, outcome="forbidden", at=T0,
    )  # fmt: skip
    session.commit()
    [entry] = list_audit(session=session, outcome="forbidden")
    assert (entry.actor, entry.actor_unit, entry.actor_role, entry.at) == ("tok-sw", "市商务局", "reporter", T0)
    assert entry.new_value == '{"done": true}'


def test_entries_read_newest_first_and_filter_by_actor_and_time(session: Session) -> None:
    for minutes, actor in ((0, "a"), (5, "b"), (10, "a")):
        record_audit(session=session, action="token_create", target=f"token:{minutes}", actor=actor,
                     at=T0 + dt.timedelta(minutes=minutes))  # fmt: skip
    session.commit()
    assert [e.target for e in list_audit(session=session)] == ["token:10", "token:5", "token:0"]
    assert [e.target for e in list_audit(session=session, actor="a")] == ["token:10", "token:0"]
    since = list_audit(session=session, since=T0 + dt.timedelta(minutes=5))
    assert [e.target for e in since] == ["token:10", "token:5"]
    assert [e.target for e in list_audit(session=session, limit=1, offset=1)] == ["token:5"]


def test_an_unknown_outcome_is_rejected(session: Session) -> None:
    with pytest.raises(ValueError, match="outcome"):
        record_audit(session=session, action="x", target="y", outcome="maybe")
