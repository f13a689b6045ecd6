"""Silences mute an obligation, a unit, or one unit's share, through their last day."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session

from store.silences import active_silences, add_silence, is_silenced
from tests.store.conftest import unit_id

PLAN_REVIEW = "deadline:二(二)2@2018"
OTHER = "deadline:二(二)1@2018"


def test_an_obligation_silence_mutes_every_receiver_through_its_last_day(session: Session) -> None:
    add_silence(session=session, obligation_id=PLAN_REVIEW, until=dt.date(2019, 1, 31), reason="延期已批准")
    session.commit()
    planning, commerce = unit_id(session, "市规划局"), unit_id(session, "市商务局")
    for unit in (planning, commerce):
        assert is_silenced(session=session, on=dt.date(2019, 1, 31), obligation_id=PLAN_REVIEW, unit_id=unit)
        assert not is_silenced(session=session, on=dt.date(2019, 2, 1), obligation_id=PLAN_REVIEW, unit_id=unit)
    assert not is_silenced(session=session, on=dt.date(2019, 1, 2), obligation_id=OTHER, unit_id=planning)


def test_a_unit_silence_mutes_all_its_obligations_but_not_other_units(session: Session) -> None:
    planning, commerce = unit_id(session, "市规划局"), unit_id(session, "市商务局")
    add_silence(session=session, unit_id=planning, until=dt.date(2019, 1, 10))
    session.commit()
    for oid in (PLAN_REVIEW, OTHER):
        assert is_silenced(session=session, on=dt.date(2019, 1, 1), obligation_id=oid, unit_id=planning)
    assert not is_silenced(session=session, on=dt.date(2019, 1, 1), obligation_id=PLAN_REVIEW, unit_id=commerce)


def test_a_combined_silence_mutes_only_that_units_share(session: Session) -> None:
    planning, commerce = unit_id(session, "市规划局"), unit_id(session, "市商务局")
    add_silence(session=session, obligation_id=PLAN_REVIEW, unit_id=planning, until=dt.date(2019, 1, 10))
    session.commit()
    assert is_silenced(session=session, on=dt.date(2019, 1, 1), obligation_id=PLAN_REVIEW, unit_id=planning)
    assert not is_silenced(session=session, on=dt.date(2019, 1, 1), obligation_id=OTHER, unit_id=planning)
    assert not is_silenced(session=session, on=dt.date(2019, 1, 1), obligation_id=PLAN_REVIEW, unit_id=commerce)
    assert len(active_silences(session=session, on=dt.date(2019, 1, 10))) == 1
    assert active_silences(session=session, on=dt.date(2019, 1, 11)) == []


def test_a_silence_must_name_something(session: Session) -> None:
    with pytest.raises(ValueError):
        add_silence(session=session, until=dt.date(2019, 1, 1))


def test_a_county_silence_mutes_only_that_countys_share(session: Session) -> None:
    from extract.divisions import named
    from store.crud.places import upsert_place

    # 泰顺县 and 苍南县, two members of the pairing's collective (by division code)
    taishun, cangnan = (upsert_place(session=session, name=name, kind="county",
                                     division=named(name)[0]) for name in ("泰顺县", "苍南县"))
    add_silence(session=session, obligation_id=OTHER, place_id=taishun.id,
                until=dt.date(2019, 1, 10), reason="泰顺县已申请延期")
    session.commit()
    on = dt.date(2019, 1, 1)
    assert is_silenced(session=session, on=on, obligation_id=OTHER, place_id=taishun.id)
    assert not is_silenced(session=session, on=on, obligation_id=OTHER, place_id=cangnan.id)
    assert not is_silenced(session=session, on=on, obligation_id=OTHER)  # not the whole
    assert not is_silenced(session=session, on=on, obligation_id=PLAN_REVIEW, place_id=taishun.id)
