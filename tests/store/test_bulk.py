"""Bulk rows sent straight to the driver: one statement per table on every backend."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store import bulk
from store.readback import column_tuples
from store.tables import Deadline, Document, Target


def _document(session: Session) -> int:
    return bulk.insert_one(session, Document, {
        "key": "k", "number": None, "title": "t", "issuer": None,
        "issued_on": dt.date(2019, 1, 2), "source_file": None, "sha256": "0" * 64,
        "text": "正文", "ingested_at": dt.datetime(2026, 3, 4, tzinfo=dt.UTC),
        "fingerprint": None, "withdrawn_on": None, "superseded_on": None,
        "superseded_by": None, "jurisdiction_id": None, "number_normalised": None})


def _target(document_id: int, path: str, value: Any, value_max: Any = None,
            unit: str = "%") -> dict[str, Any]:
    return {"document_id": document_id, "task_id": None, "path": path, "metric": "覆盖率",
            "comparator": ">=", "value": value, "value_max": value_max, "unit": unit,
            "base_value": None, "base_unit": None, "scope": None, "period": "once",
            "due": None, "correction_id": None, "source_path": path, "source_start": 0,
            "source_end": 2, "source_quote": "正文"}


def _deadline(document_id: int, path: str, due: dt.date | None) -> dict[str, Any]:
    return {"document_id": document_id, "task_id": None, "path": path, "raw": "年底前",
            "due": due, "precision": "day", "recurrence": "once", "month": None,
            "day": None, "horizon": None, "readings": "[]", "correction_id": None,
            "source_path": path, "source_start": 0, "source_end": 2, "source_quote": "正文"}


def test_whole_and_fractional_numbers_and_nulls_of_one_column_are_stored_together(
        engine: Engine) -> None:
    with Session(engine) as session:
        document_id = _document(session)
        bulk.bulk_insert(session, Target, [_target(document_id, "一", 3, None),
                                           _target(document_id, "二", 2.5, 4),
                                           _target(document_id, "三", 7, None)])
        session.commit()
        stored = column_tuples(session=session, columns=[Target.path, Target.value,
                                                         Target.value_max, Target.due])
    assert sorted(stored) == [("一", 3.0, None, None), ("三", 7.0, None, None),
                              ("二", 2.5, 4.0, None)]


def test_new_ids_follow_the_order_the_rows_were_given(engine: Engine) -> None:
    paths = [f"{n}" for n in range(40, 0, -1)]  # not in the order a sort would give
    with Session(engine) as session:
        document_id = _document(session)
        ids = bulk.insert_ids(session, Deadline,
                              [_deadline(document_id, path, dt.date(2030, 1, 1))
                               for path in paths], keys=("path",))
        session.commit()
        stored = dict(column_tuples(session=session, columns=[Deadline.path, Deadline.id]))
    assert ids == list(range(ids[0], ids[0] + len(paths)))
    assert [stored[path] for path in paths] == ids


def test_a_value_too_long_for_its_column_is_refused_not_cut(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite does not check a column's length")
    with Session(engine) as session:
        document_id = _document(session)
        with pytest.raises(Exception, match="too long"):
            bulk.bulk_insert(session, Target, [_target(document_id, "一", 1, unit="单" * 17)])


def test_one_statement_text_per_table_whatever_the_number_of_rows(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one prepared statement for every row (executemany)")
    bulk._array_plan.cache_clear()
    with Session(engine) as session:
        document_id = _document(session)
        bulk.bulk_insert(session, Target, [_target(document_id, "一", 1)])
        bulk.bulk_insert(session, Target, [_target(document_id, f"{n}", n) for n in range(300)])
        session.commit()
    # the second insert, of 300 rows, reused the one-row insert's statement
    plans = bulk._array_plan.cache_info()
    assert (plans.misses, plans.hits, plans.currsize) == (1, 1, 1)


@pytest.mark.parametrize("with_null", [False, True])
def test_text_with_quotes_backslashes_braces_and_blanks_is_stored_exactly_as_given(
        engine: Engine, with_null: bool) -> None:
    quotes = ['引"号"', "反\\斜\\\\杠", "{花,括}", "NULL", "", "  前后空格 ", "换\n行\t", "a,b",
              "'单'", "\\", '"', "(1,2)"]
    given = [*quotes, None] if with_null else quotes
    with Session(engine) as session:
        document_id = _document(session)
        bulk.bulk_insert(session, Target, [{**_target(document_id, f"{n}", n), "base_unit": text}
                                           for n, text in enumerate(given)])
        session.commit()
        stored = dict(column_tuples(session=session, columns=[Target.path, Target.base_unit]))
    assert [stored[f"{n}"] for n in range(len(given))] == given


def test_numbers_flags_and_nulls_of_integer_and_boolean_columns_are_stored_as_given(
        engine: Engine) -> None:
    from store.tables import Unit

    with Session(engine) as session:
        ids = bulk.insert_ids(session, Unit, [
            {"name": f"单位{n}", "level": "city", "collective": n % 2 == 0, "jurisdiction_id": 1}
            for n in range(4)], keys=("name",))
        session.commit()
        stored = column_tuples(session=session, columns=[Unit.id, Unit.name, Unit.collective])
    assert sorted(row for row in stored if row[0] in ids) == [
        (ids[n], f"单位{n}", n % 2 == 0) for n in range(4)]
