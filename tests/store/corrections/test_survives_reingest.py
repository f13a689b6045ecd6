"""A correction outlives re-ingest; an edited anchor flags it; reverting restores the extraction."""

from __future__ import annotations

from sqlmodel import Session

from store.audit import list_audit
from store.corrections import create_correction, list_corrections, revert_correction
from store.db import session_scope
from store.ingest import ingest_file
from tests.store.corrections.conftest import Stored

TASK = "二(二)1"


def _correct(stored: Stored) -> int:
    with session_scope(stored.engine) as session:
        correction = create_correction(
            session=session, document_id=stored.document_id, task_path=TASK, kind="add_unit",
            payload={"unit": "市财政局", "role": "co"}, reason="表二列明", actor="tok1")
        assert correction.id is not None
        return correction.id


def _units(task: dict) -> list[tuple[str, str]]:
    return [(u["unit"], u["role"]) for u in task["units"]]


def test_a_correction_is_applied_at_once_and_again_after_a_forced_reingest(stored: Stored) -> None:
    _correct(stored)
    assert ("市财政局", "co") in _units(stored.task(TASK))
    result = ingest_file(engine=stored.engine, path=stored.path, force=True)
    assert result.status == "updated"
    assert ("市财政局", "co") in _units(stored.task(TASK))
    with Session(stored.engine) as session:
        assert [c.status for c in list_corrections(session=session)] == ["active"]


def test_an_edited_anchor_sentence_flags_the_correction_and_does_not_apply_it(stored: Stored) -> None:
    cid = _correct(stored)
    text = stored.path.read_text(encoding="utf-8")
    stored.path.write_text(text.replace("建立健全生态旅游文化产业园管理运营机制",
                                        "建立生态旅游文化产业园管理运营机制"), encoding="utf-8")
    ingest_file(engine=stored.engine, path=stored.path)
    assert _units(stored.task(TASK)) == _units(next(t for t in stored.extracted if t["path"] == TASK))
    with Session(stored.engine) as session:
        [correction] = list_corrections(session=session)
        assert correction.status == "needs_review"
        flagged = list_audit(session=session, target=f"correction:{cid}", action="correction_status")
        assert [e.new_value for e in flagged] == ['{"status": "needs_review", "problem": "anchor text changed"}']
    # The sentence restored, the correction applies again.
    stored.path.write_text(text, encoding="utf-8")
    ingest_file(engine=stored.engine, path=stored.path)
    assert ("市财政局", "co") in _units(stored.task(TASK))
    with Session(stored.engine) as session:
        assert [c.status for c in list_corrections(session=session)] == ["active"]


def test_the_audit_trail_says_who_when_before_after_and_why(stored: Stored) -> None:
    cid = _correct(stored)
    with Session(stored.engine) as session:
        [entry] = list_audit(session=session, target=f"correction:{cid}", action="correct_breakdown")
        assert (entry.actor, entry.outcome) == ("tok1", "ok")
        assert entry.at is not None
        assert "市财政局" not in (entry.previous_value or "")
        assert "市财政局" in (entry.new_value or "") and "表二列明" in (entry.new_value or "")


def test_reverting_restores_the_extraction_and_keeps_the_other_corrections(stored: Stored) -> None:
    first = _correct(stored)
    with session_scope(stored.engine) as session:
        create_correction(session=session, document_id=stored.document_id, task_path="二(一)",
                          kind="remove_unit", payload={"unit": "加快发展县"}, reason="不是单位",
                          actor="tok1")
    with session_scope(stored.engine) as session:
        revert_correction(session=session, correction_id=first, actor="tok2", reason="表二有误")
    after = stored.breakdown()
    assert "加快发展县" not in [u["unit"] for u in next(t for t in after if t["path"] == "二(一)")["units"]]
    kept = [t for t in after if t["path"] != "二(一)"]
    assert kept == [t for t in stored.extracted if t["path"] != "二(一)"]
    with Session(stored.engine) as session:
        assert [c.status for c in list_corrections(session=session)] == ["reverted", "active"]
        [entry] = list_audit(session=session, target=f"correction:{first}", action="revert_correction")
        assert entry.actor == "tok2" and "表二有误" in (entry.new_value or "")


def test_reverting_the_only_correction_gives_what_a_fresh_ingest_gives(stored: Stored) -> None:
    cid = _correct(stored)
    with session_scope(stored.engine) as session:
        revert_correction(session=session, correction_id=cid, actor="tok1", reason="撤销")
    assert stored.breakdown() == stored.extracted
    ingest_file(engine=stored.engine, path=stored.path, force=True)
    assert stored.breakdown() == stored.extracted
