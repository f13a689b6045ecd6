"""Rows to tasks: by 任务编号 or 序号 under its section rows, else by text; else an error."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.breakdown.importer import apply_import, preview_import, record_unmatched
from store.breakdown.match import TaskText, match_rows
from store.breakdown.rows import BreakdownRow
from store.curation_tables import Correction
from store.readback import stored_rows
from tests.store.breakdown.conftest import document_id

TASKS = [TaskText("二(二)1", "建立健全生态旅游文化产业园管理运营机制。2018年7月底前…"),
         TaskText("二(三)1", "促进低收入群众增收致富。充分发挥援建资金作用…"),
         TaskText("二(三)4", "帮助建立营销网络。依托发达市(区)市场优势…")]


def test_a_number_under_its_section_rows_names_the_task() -> None:
    [match] = match_rows([BreakdownRow(row=7, section="二(三)", seq="1")], TASKS)
    assert (match.path, match.how) == ("二(三)1", "number")


def test_a_running_number_that_disagrees_with_the_text_yields_to_the_text() -> None:
    row = BreakdownRow(row=9, section="二(二)", seq="1", task="帮助建立营销网络")
    [match] = match_rows([row], TASKS)
    assert (match.path, match.how) == ("二(三)4", "text")


def test_an_exported_task_number_wins_over_a_shortened_text() -> None:
    row = BreakdownRow(row=3, section="", seq="2", path="二（三）1", task="促进增收")
    assert match_rows([row], TASKS)[0].path == "二(三)1"


def test_a_row_like_no_task_is_an_error_row() -> None:
    [match] = match_rows([BreakdownRow(row=12, section="", task="建设海洋经济合作示范区")], TASKS)
    assert match.path is None and "no task" in match.error


def test_any_error_row_means_nothing_is_applied_and_every_error_has_its_row(corpus: Engine) -> None:
    table = ("序号,工作任务,牵头单位,配合单位\n"
             "1,促进低收入群众增收致富,市农业局,市科技局\n"
             "2,建设海洋经济合作示范区,市发改委,\n"
             "3,,市商务局,\n")
    with Session(corpus) as session:
        preview = preview_import(session=session, document_id=document_id(corpus),
                                 data=table.encode(), filename="分解表.csv")
        assert [(e.row, e.column) for e in preview.errors] == [(3, "task"), (4, "task")]
        # row 2 alone would add 市科技局 (and, its units being the table's, drop the rest)
        assert {c.row for c in preview.changes} == {2}
        assert ("add_unit", "市科技局") in {(c.kind, c.payload["unit"]) for c in preview.changes}
        try:
            apply_import(session=session, preview=preview, actor="tester")
        except ValueError as error:
            assert "2 row error" in str(error)
        else:
            raise AssertionError("an import with error rows was applied")
        assert stored_rows(session=session, model=Correction) == []


def test_unmatched_rows_are_queued_for_review_once_when_the_queue_is_there(corpus: Engine) -> None:
    review = pytest.importorskip("store.review")  # the review queue part of the service
    table = "序号,工作任务,牵头单位\n1,建设海洋经济合作示范区,市发改委\n"
    doc = document_id(corpus)
    for _ in range(2):  # the same file twice: one item, found again by its key
        with Session(corpus) as session:
            preview = preview_import(session=session, document_id=doc, data=table.encode(),
                                     filename="分解表.csv")
            assert record_unmatched(session=session, preview=preview) == 1
            session.commit()
    with Session(corpus) as session:
        items = review.list_review_items(session=session, document_id=doc)
        unmatched = [i for i in items if i.kind == "unmatched_row"]
        assert [i.quote for i in unmatched] == ["建设海洋经济合作示范区"]
        assert stored_rows(session=session, model=Correction) == []


def test_two_rows_naming_one_task_are_an_error_on_the_second(corpus: Engine) -> None:
    table = ("序号,工作任务,牵头单位\n1,开展社会事业合作,市教育局\n"
             "2,帮助建立营销网络,市农业局\n3,开展社会事业合作,市科技局\n")
    with Session(corpus) as session:
        preview = preview_import(session=session, document_id=document_id(corpus),
                                 data=table.encode(), filename="分解表.csv")
    assert [(e.row, e.column) for e in preview.errors] == [(4, "task")]
    assert "row 2 already names" in preview.errors[0].message
