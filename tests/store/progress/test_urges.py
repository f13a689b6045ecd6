"""Urges in the store: one transaction with the outbox and the audit trail, and a per-unit
interval checked against the stored urges (time passed as an argument), which holds for
two sessions urging the same unit at once, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.audit import list_audit
from store.outbox import OutboxMessage
from store.readback import count_rows, stored_rows
from store.tables import Unit
from store.urges import Named, Urge, UrgeObligation, UrgeTooSoon, record_urge, urges_of_obligations

T0 = dt.datetime(2019, 1, 2, 1, 0, tzinfo=dt.UTC)
FOUR_HOURS = dt.timedelta(hours=4)
PLAN = "deadline:000_a92242b81cc0d015/二(二)2/1"
PARK = "deadline:000_a92242b81cc0d015/二(二)3/1"


@pytest.fixture
def planning(engine: Engine) -> int:
    """The id of a stored 市规划局 (both back-ends)."""
    with Session(engine) as session:
        unit = Unit(name="市规划局", level="city")
        session.add(unit)
        session.commit()
        assert unit.id is not None
        return unit.id


def _urge(engine: Engine, unit_id: int, now: dt.datetime, note: str = "") -> Urge:
    with Session(engine, expire_on_commit=False) as session:
        urge, _ = record_urge(session=session, unit_id=unit_id, receiver="浙江省温州市/市规划局",
                              as_of=now.date(), note=note, sender="浙江省温州市督查督办",
                              obligations=[Named(PLAN, "overdue"), Named(PARK, "due_soon")],
                              channels=["webhook", "dingtalk", "webhook"], actor="tok1",
                              actor_role="editor", interval=FOUR_HOURS, now=now)
        session.commit()
        return urge


def test_an_urge_is_stored_with_one_outbox_message_per_channel_and_audited(
        engine: Engine, planning: int) -> None:
    urge = _urge(engine, planning, T0, note="请报进展")
    with Session(engine) as session:
        messages = stored_rows(session=session, model=OutboxMessage,
                               order_by=[OutboxMessage.channel])
        named = stored_rows(session=session, model=UrgeObligation,
                            order_by=[UrgeObligation.position])
        trail = list_audit(session=session, action="urge")
    assert [(m.channel, m.digest_id, m.payload) for m in messages] == [
        ("dingtalk", f"urge:{urge.id}", f'{{"urge": {urge.id}}}'),
        ("webhook", f"urge:{urge.id}", f'{{"urge": {urge.id}}}')]
    assert [(n.obligation_id, n.kind) for n in named] == [(PLAN, "overdue"), (PARK, "due_soon")]
    assert sorted(e.target for e in trail) == sorted([f"unit:{planning}", PLAN, PARK])
    assert {e.actor for e in trail} == {"tok1"}


def test_within_the_interval_a_second_urge_is_refused_and_after_it_one_goes_through(
        engine: Engine, planning: int) -> None:
    first = _urge(engine, planning, T0)
    with pytest.raises(UrgeTooSoon) as refused:
        _urge(engine, planning, T0 + FOUR_HOURS - dt.timedelta(seconds=1))
    assert refused.value.last.id == first.id
    assert refused.value.next_allowed_at == dt.datetime(2019, 1, 2, 5, 0, tzinfo=dt.UTC)
    later = _urge(engine, planning, T0 + FOUR_HOURS)
    with Session(engine) as session:
        assert [u.id for u in stored_rows(session=session, model=Urge, order_by=[Urge.id])] == [
            first.id, later.id]
        assert count_rows(session=session, model=OutboxMessage) == 4  # two channels, two urges


def test_another_unit_is_not_held_by_the_first_units_urge(engine: Engine, planning: int) -> None:
    with Session(engine) as session:
        other = Unit(name="市商务局", level="city")
        session.add(other)
        session.commit()
        assert other.id is not None
        other_id = other.id
    _urge(engine, planning, T0)
    assert _urge(engine, other_id, T0 + dt.timedelta(minutes=1)).unit_id == other_id


def test_two_sessions_urging_one_unit_at_once_store_one_urge(engine: Engine, planning: int) -> None:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt() -> None:
        barrier.wait()
        try:
            _urge(engine, planning, T0)
            outcomes.append("urged")
        except UrgeTooSoon:
            outcomes.append("refused")

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["refused", "urged"]
    with Session(engine) as session:
        assert count_rows(session=session, model=Urge) == 1


def test_an_obligations_urges_are_listed_newest_first_in_one_query(
        engine: Engine, planning: int) -> None:
    first = _urge(engine, planning, T0)
    second = _urge(engine, planning, T0 + FOUR_HOURS)
    with Session(engine) as session:
        found = urges_of_obligations(session=session, obligation_ids=[PLAN, "deadline:never"])
    assert [u.id for u in found[PLAN]] == [second.id, first.id]
    assert "deadline:never" not in found
