"""Every correction kind changes the stored breakdown as its payload says, and a preview writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from store.corrections import (
    CorrectionError,
    NotApplicable,
    PayloadError,
    create_correction,
    propose,
)
from store.db import session_scope
from store.readback import one_row, stored_rows
from store.tables import Deadline, Target, Task, TaskUnit
from tests.store.conftest import Dump
from tests.store.corrections.conftest import Stored


def _make(stored: Stored, path: str, kind: str, payload: dict[str, Any]) -> int:
    with session_scope(stored.engine) as session:
        correction = create_correction(session=session, document_id=stored.document_id,
                                       task_path=path, kind=kind, payload=payload,
                                       reason="核对", actor="tester")
        assert correction.id is not None
        return correction.id


def _extracted(stored: Stored, path: str) -> dict:
    return next(t for t in stored.extracted if t["path"] == path)


def test_remove_unit_and_set_role(stored: Stored) -> None:
    _make(stored, "二(一)", "remove_unit", {"unit": "加快发展县"})
    _make(stored, "二(一)", "set_role", {"unit": "结对县(市、区)党委、政府", "role": "lead"})
    units = stored.task("二(一)")["units"]
    assert {"unit": "加快发展县", "role": "co"} not in units
    assert {"unit": "结对县(市、区)党委、政府", "role": "lead"} in units


def test_a_unit_added_by_its_alias_is_the_unit_of_the_documents_jurisdiction(stored: Stored) -> None:
    _make(stored, "二(二)1", "add_unit", {"unit": "经合办", "role": "lead"})
    assert {"unit": "市招商局", "role": "lead"} in stored.task("二(二)1")["units"]
    with Session(stored.engine) as session:
        links = stored_rows(session=session, model=TaskUnit,
                            where=[col(TaskUnit.correction_id).is_not(None)])
        assert len(links) == 1


def test_deadline_kinds(stored: Stored) -> None:
    _make(stored, "二(二)1", "set_deadline", {"due": "2018-09-30"})
    assert [d["due"] for d in stored.task("二(二)1")["deadlines"]] == ["2018-09-30"]
    _make(stored, "二(二)1", "add_deadline", {"recurrence": "yearly", "month": 12, "day": 31,
                                            "raw": "每年年底前"})
    _make(stored, "二(二)2", "drop_deadline", {"raw": "2020年"})
    assert [d["raw"] for d in stored.task("二(二)1")["deadlines"]] == ["2018年7月底前", "每年年底前"]
    assert [d["raw"] for d in stored.task("二(二)2")["deadlines"]] == ["2018年四季度前"]


def test_target_kinds(stored: Stored) -> None:
    _make(stored, "二(一)", "drop_target", {"value": 1, "unit": "次"})
    _make(stored, "二(一)", "fix_target", {"value": 40, "unit": "亿元", "set": {"value": 45}})
    _make(stored, "二(二)3", "add_target", {"metric": "入驻企业", "value": 10, "unit": "家",
                                           "due": "2019-12-31"})
    assert [(t["value"], t["unit"]) for t in stored.task("二(一)")["targets"]] == [(45.0, "亿元"), (65.0, "%")]
    assert stored.task("二(二)3")["targets"] == [{"metric": "入驻企业", "comparator": ">=", "value": 10.0,
                                                 "unit": "家", "due": "2019-12-31"}]
    with Session(stored.engine) as session:
        marked = stored_rows(session=session, model=Target,
                             where=[col(Target.correction_id).is_not(None)])
        assert len(marked) == 2


def test_split_moves_the_later_facts_to_the_new_task(stored: Stored) -> None:
    text = _extracted(stored, "二(二)1")["text"]
    at = text.index("2018年7月底前")
    _make(stored, "二(二)1", "split_task", {"at": at, "suffix": "b"})
    first, second = stored.task("二(二)1"), stored.task("二(二)1b")
    assert first["text"] + second["text"] == text
    assert (first["deadlines"], [d["raw"] for d in second["deadlines"]]) == ([], ["2018年7月底前"])
    assert first["units"] == second["units"] == _extracted(stored, "二(二)1")["units"]


def test_merge_joins_texts_units_and_facts(stored: Stored) -> None:
    _make(stored, "二(二)1", "merge_task", {"with_path": "二(二)2"})
    merged, other = stored.task("二(二)1"), _extracted(stored, "二(二)2")
    assert merged["text"] == _extracted(stored, "二(二)1")["text"] + "\n" + other["text"]
    assert {"unit": "市规划局", "role": "co"} in merged["units"]
    assert len(merged["deadlines"]) == 3
    assert "二(二)2" not in [t["path"] for t in stored.breakdown()]


def test_a_preview_describes_the_change_and_writes_nothing(
    stored: Stored, dump: Callable[[Engine], Dump]
) -> None:
    before = dump(stored.engine)
    with Session(stored.engine) as session:
        plan = propose(session=session, document_id=stored.document_id, task_path="二(二)1",
                       kind="add_unit", payload={"unit": "市审计局", "role": "co"})
        session.commit()
    assert plan.changes
    assert {"unit": "市审计局", "role": "co"} in plan.after["tasks"][0]["units"]
    assert plan.before["tasks"][0] == _extracted(stored, "二(二)1")
    assert dump(stored.engine) == before


def test_a_correction_that_changes_nothing_is_refused(stored: Stored) -> None:
    with pytest.raises(CorrectionError, match="already"):
        _make(stored, "二(二)1", "set_role", {"unit": "结对县(市、区)党委、政府", "role": "lead"})


@pytest.mark.parametrize(("path", "kind", "payload", "error"), [
    ("二(二)1", "remove_unit", {"unit": "市审计局"}, NotApplicable),
    ("二(二)1", "drop_target", {"value": 99, "unit": "个"}, NotApplicable),
    ("九", "add_unit", {"unit": "市审计局"}, CorrectionError),
    ("二(二)1", "split_task", {"at": 100000}, CorrectionError),
    ("二(二)1", "add_unit", {"unit": "市审计局", "role": "boss"}, PayloadError),
    ("二(二)1", "add_deadline", {"recurrence": "once"}, PayloadError),
])
def test_refused_corrections_write_nothing(stored: Stored, dump: Callable[[Engine], Dump],
                                           path: str, kind: str, payload: dict[str, Any],
                                           error: type[Exception]) -> None:
    before = dump(stored.engine)
    with pytest.raises(error):
        _make(stored, path, kind, payload)
    assert dump(stored.engine) == before


def test_every_kind_survives_a_forced_reingest(stored: Stored) -> None:
    from store.ingest import ingest_file

    _make(stored, "二(一)", "remove_unit", {"unit": "加快发展县"})
    _make(stored, "二(二)1", "split_task", {"at": 10, "suffix": "b"})
    _make(stored, "二(二)2", "merge_task", {"with_path": "二(二)3"})
    _make(stored, "二(二)2", "fix_target", {"value": 237.7, "unit": "亿元", "set": {"metric": "总投资"}})
    corrected = stored.breakdown()
    ingest_file(engine=stored.engine, path=stored.path, force=True)
    assert stored.breakdown() == corrected
    with Session(stored.engine) as session:
        assert one_row(session=session, model=Task, where=[Task.path == "二(二)1b"]).correction_id
        assert stored_rows(session=session, model=Deadline,
                           where=[Deadline.path == "二(二)3"]) == []
