"""The targets quoting a phrase, read on the driver with a statement compiled once, hold
every column the ORM objects hold, in the same order, on SQLite and PostgreSQL; a bound
takes the first rows; a phrase nothing quotes reads nothing."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store import batches
from store.quoting import target_rows_quoting
from store.search import targets_quoting
from store.tables import Target

PHRASES = ["40亿元", "亿元", "%", "个", "65%", "不少于", "没有这句话"]


@pytest.mark.parametrize("phrase", PHRASES)
def test_rows_hold_every_column_of_the_orm_objects_in_their_order_on_each_backend(
        corpus_engine: Engine, phrase: str) -> None:
    with Session(corpus_engine) as session:
        objects = targets_quoting(session=session, phrase=phrase)
        rows, version = target_rows_quoting(session=session, phrase=phrase)
        again = target_rows_quoting(session=session, phrase=phrase).rows  # the compiled plan
        limited = target_rows_quoting(session=session, phrase=phrase, limit=2).rows
        first_two = targets_quoting(session=session, phrase=phrase, limit=2)
        now = batches.version_now(session=session)
    columns = list(Target.model_fields)
    expected = [{c: getattr(o, c) for c in columns} for o in objects]
    assert [{c: getattr(r, c) for c in columns} for r in rows] == expected
    assert [{c: getattr(r, c) for c in columns} for r in again] == expected
    # targets tied on (document, position) come by id on both backends, so a bound
    # takes the same first rows as the whole list
    assert [r.id for r in limited] == [o.id for o in first_two] == [o.id for o in objects[:2]]
    keys = [(o.document_id, o.source_start, o.id) for o in objects]
    assert keys == sorted(keys)
    assert version == (now if objects else None)
    if phrase == "40亿元":
        assert objects, "the bundled 温政发〔2018〕26号 quotes 40亿元"


def test_a_bound_of_none_reads_nothing(corpus_engine: Engine) -> None:
    with Session(corpus_engine) as session:
        assert target_rows_quoting(session=session, phrase="亿元", limit=0) == ([], None)
