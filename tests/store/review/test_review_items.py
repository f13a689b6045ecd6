"""The review queue in the store: which unsure facts a document gives, and decisions that
survive re-ingest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.audit import list_audit
from store.curation_tables import Correction, ReviewItem
from store.ingest import ingest_file
from store.readback import one_row
from store.review import (
    AlreadyDecided,
    add_review_item,
    count_review_items,
    count_review_items_of,
    decide_review_item,
    list_review_items,
    refresh_review_items,
)

CORPUS = Path(__file__).resolve().parents[3] / "data" / "corpus"
DOC_000 = CORPUS / "000_a92242b81cc0d015.txt"


def _ingest(engine: Engine, path: Path) -> int:
    result = ingest_file(engine=engine, path=path, force=True)
    assert result.ok and result.document_id is not None, result.message
    return result.document_id


def _open(engine: Engine, document_id: int) -> list[ReviewItem]:
    with Session(engine) as session:
        return list(list_review_items(session=session, document_id=document_id))


def _deadline(items: list[ReviewItem], raw: str) -> ReviewItem:
    return next(i for i in items if i.kind == "ambiguous_deadline"
                and json.loads(i.detail)["raw"] == raw)


def test_document_000_lists_its_descriptive_unit_and_each_ambiguous_deadline(
        engine: Engine) -> None:
    items = _open(engine, _ingest(engine, DOC_000))
    units = [json.loads(i.detail)["unit"] for i in items if i.kind == "unknown_unit"]
    # 市招商局, 市规划局 … read as bureaus; the pairing collective is a group by design
    assert units == ["加快发展县"]
    deadlines = [(i.task_path, json.loads(i.detail)["raw"]) for i in items
                 if i.kind == "ambiguous_deadline"]
    assert ("二(二)2", "2018年四季度前") in deadlines and ("二(二)3", "2019年前") in deadlines
    assert all(len(json.loads(i.detail)["readings"]) > 1 for i in items
               if i.kind == "ambiguous_deadline")
    assert {i.status for i in items} == {"open"}


def test_a_decision_survives_reingest_and_a_gone_open_item_leaves(
        engine: Engine, tmp_path: Path) -> None:
    copy = tmp_path / DOC_000.name
    shutil.copy(DOC_000, copy)
    document_id = _ingest(engine, copy)
    before = _open(engine, document_id)
    accepted = _deadline(before, "2018年四季度前")
    with Session(engine) as session:
        decide_review_item(session=session, item_id=accepted.id or 0, decision="accept",
                           actor="tok1", actor_role="editor", reason="四季度 means Q4 end")
        session.commit()

    assert _ingest(engine, copy) == document_id  # the same file again
    with Session(engine) as session:
        again = one_row(session=session, model=ReviewItem, where=[ReviewItem.key == accepted.key])
        assert (again.id, again.status, again.decided_by) == (accepted.id, "accepted", "tok1")

    # an edited version without 2019年前: that open item goes, the decided one stays
    copy.write_text(DOC_000.read_text(encoding="utf-8").replace("2019年前", "2019年底前"),
                    encoding="utf-8")
    _ingest(engine, copy)
    after = _open(engine, document_id)
    assert all(json.loads(i.detail)["raw"] != "2019年前" for i in after
               if i.kind == "ambiguous_deadline")
    with Session(engine) as session:
        kept = session.get(ReviewItem, accepted.id)
        assert kept is not None and kept.status == "accepted"


def test_a_document_without_tasks_gets_a_no_tasks_item_and_its_warnings(
        engine: Engine, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("关于召开会议的通知\n\n请各单位准时参加。\n", encoding="utf-8")
    items = _open(engine, _ingest(engine, note))
    kinds = [i.kind for i in items]
    assert "no_tasks" in kinds
    assert any(i.kind == "extraction_warning" and i.quote == "no headings found" for i in items)


def test_a_correction_needing_review_is_queued_until_it_no_longer_does(engine: Engine) -> None:
    document_id = _ingest(engine, DOC_000)
    with Session(engine) as session:
        correction = Correction(document_id=document_id, task_path="二(二)2",
                                anchor_quote="旧的文字", kind="add_unit",
                                payload='{"unit": "市商务局"}', status="needs_review")
        session.add(correction)
        session.flush()
        refresh_review_items(session=session, document_id=document_id)
        changed = [i for i in list_review_items(session=session, document_id=document_id)
                   if i.kind == "anchor_changed"]
        assert [(i.task_path, i.quote) for i in changed] == [("二(二)2", "旧的文字")]
        assert json.loads(changed[0].detail)["correction_id"] == correction.id
        correction.status = "active"  # re-anchored by its curator
        session.add(correction)
        refresh_review_items(session=session, document_id=document_id)
        assert not [i for i in list_review_items(session=session, document_id=document_id)
                    if i.kind == "anchor_changed"]


def test_an_imported_row_added_twice_is_one_item_keeping_its_decision(engine: Engine) -> None:
    document_id = _ingest(engine, DOC_000)
    with Session(engine) as session:
        row = {"row": 7, "task": "建立招商引资项目库"}
        first = add_review_item(session=session, document_id=document_id, kind="unmatched_row",
                                quote="建立招商引资项目库", subject="分解表.xlsx", detail=row)
        decide_review_item(session=session, item_id=first.id or 0, decision="dismiss",
                           actor="tok2", reason="duplicate row")
        second = add_review_item(session=session, document_id=document_id,
                                 kind="unmatched_row", quote="建立招商引资项目库",
                                 subject="分解表.xlsx", detail={**row, "row": 8})
        assert (second.id, second.status) == (first.id, "dismissed")
        assert json.loads(second.detail)["row"] == 8
        with pytest.raises(ValueError):
            add_review_item(session=session, document_id=document_id, kind="typo")


def test_every_decision_is_audited_and_made_once(engine: Engine) -> None:
    document_id = _ingest(engine, DOC_000)
    with Session(engine) as session:
        item = list_review_items(session=session, document_id=document_id)[0]
        decide_review_item(session=session, item_id=item.id or 0, decision="dismiss",
                           actor="tok3", actor_unit=None, actor_role="admin",
                           reason="not worth it")
        session.commit()
        [entry] = list_audit(session=session, target=f"review:{item.id}")
        assert (entry.action, entry.actor, entry.actor_role) == ("review_dismiss", "tok3",
                                                                 "admin")
        assert json.loads(entry.new_value or "{}")["reason"] == "not worth it"
        assert json.loads(entry.previous_value or "{}") == {"status": "open"}
        with pytest.raises(AlreadyDecided):
            decide_review_item(session=session, item_id=item.id or 0, decision="accept")
        counts = count_review_items(session=session, document_id=document_id)
        assert counts["dismissed"] == 1 and counts["open"] == len(
            list_review_items(session=session, document_id=document_id))


def test_a_correction_whose_anchor_an_edited_version_changed_is_queued_at_ingest(
        engine: Engine, tmp_path: Path) -> None:
    from store.corrections import create_correction

    copy = tmp_path / DOC_000.name
    shutil.copy(DOC_000, copy)
    document_id = _ingest(engine, copy)
    with Session(engine) as session:
        made = create_correction(session=session, document_id=document_id, task_path="二(二)2",
                                 kind="add_unit", payload={"unit": "市商务局"},
                                 reason="the table says so", actor="tok4")
        session.commit()
        correction_id, anchor = made.id, made.anchor_quote
    text = DOC_000.read_text(encoding="utf-8")
    assert anchor and anchor in text
    copy.write_text(text.replace(anchor, anchor[:-2] + "另行" + anchor[-2:]), encoding="utf-8")
    _ingest(engine, copy)
    changed = [i for i in _open(engine, document_id) if i.kind == "anchor_changed"]
    assert [json.loads(i.detail)["correction_id"] for i in changed] == [correction_id]
    assert changed[0].task_path == "二(二)2" and changed[0].quote == anchor


def test_counts_of_several_documents_in_one_query_equal_each_documents_own_counts(
        engine: Engine) -> None:
    first = _ingest(engine, DOC_000)
    second = _ingest(engine, sorted(CORPUS.glob("003_*.txt"))[0])
    item = _open(engine, first)[0]
    with Session(engine) as session:
        decide_review_item(session=session, item_id=item.id or 0, decision="dismiss", reason="x")
        session.commit()
    with Session(engine) as session:
        together = count_review_items_of(session=session, document_ids=[first, second, 99999])
        assert together[first] == count_review_items(session=session, document_id=first)
        assert together[second] == count_review_items(session=session, document_id=second)
        assert together[first]["dismissed"] == 1 and together[first]["open"] >= 1
        assert together[99999] == {"open": 0, "accepted": 0, "dismissed": 0, "corrected": 0}
        assert count_review_items_of(session=session, document_ids=[]) == {}
