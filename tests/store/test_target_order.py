"""Targets tied on (document, position) come back by id on SQLite and PostgreSQL, so the
lists, the quoting search and its bounded pages agree and repeat themselves.

The tied targets are stored in the order opposite to their ids: PostgreSQL, sorting a
scan, would otherwise hand back ties in the order the rows were written.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.crud.facts import list_targets
from store.quoting import target_rows_quoting
from store.search import targets_quoting
from store.tables import Document, Target

QUOTE = "到2020年，完成投资40亿元以上。"


def _target(target_id: int, document_id: int, start: int) -> Target:
    return Target(id=target_id, document_id=document_id, path="一/1", comparator=">=",
                  value=40.0, unit="亿元", source_start=start, source_end=start + len(QUOTE),
                  source_quote=QUOTE)


def _store_ties(engine: Engine) -> list[int]:
    with Session(engine) as session:
        document = Document(key="tied", sha256="0" * 64, text=QUOTE * 3)
        session.add(document)
        session.flush()
        assert document.id is not None
        # written 1003, 1002, 1001: the first two tied at 0, the last one after them
        for target_id, start in ((1003, 0), (1002, 0), (1001, len(QUOTE))):
            session.add(_target(target_id, document.id, start))
            session.flush()  # one INSERT each, in this order
        session.commit()
    return [1002, 1003, 1001]


def test_targets_tied_on_document_and_position_come_by_id(engine: Engine) -> None:
    expected = _store_ties(engine)
    with Session(engine) as session:
        listed = [target.id for target, _ in list_targets(session=session)]
        quoting = [target.id for target in targets_quoting(session=session, phrase="40亿元")]
        rows = [row.id for row in target_rows_quoting(session=session, phrase="40亿元").rows]
        first = [row.id for row in target_rows_quoting(session=session, phrase="40亿元",
                                                      limit=1).rows]
    assert listed == quoting == rows == expected
    assert first == expected[:1]
