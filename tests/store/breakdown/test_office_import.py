"""The hand-made office 责任分解表 for 温政发〔2018〕26号: preview, apply, import again."""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from store.breakdown.importer import apply_import, preview_import
from store.corrections.apply import snapshot
from store.curation_tables import Correction
from store.readback import one_row, stored_rows
from store.tables import Task
from tests.store.breakdown.conftest import document_id
from tests.store.breakdown.office_sheet import DIFFERENCES, office_sheet


def _changes(preview) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(c.task_path, c.kind, c.payload.get("unit") or c.payload.get("raw"))
            for c in preview.changes}


def test_office_sheet_preview_lists_exactly_the_differences_from_the_text(corpus: Engine) -> None:
    with Session(corpus) as session:
        preview = preview_import(session=session, document_id=document_id(corpus),
                                 data=office_sheet(), filename="分解表.xlsx")
    assert preview.errors == []
    assert preview.rows == 9 and len(preview.matched) == 9
    assert _changes(preview) == DIFFERENCES
    # the 牵头单位 merged over two rows leads both tasks: no difference for 二(二)3
    assert preview.matched[9] == "二(二)3"


def test_preview_writes_nothing(corpus: Engine, dump) -> None:  # type: ignore[no-untyped-def]
    before = dump(corpus)
    with Session(corpus) as session:
        preview_import(session=session, document_id=document_id(corpus), data=office_sheet(),
                       filename="分解表.xlsx")
        session.commit()
    assert dump(corpus) == before


def test_applying_stores_each_difference_as_a_correction_from_the_file(corpus: Engine) -> None:
    doc = document_id(corpus)
    with Session(corpus) as session:
        preview = preview_import(session=session, document_id=doc, data=office_sheet(),
                                 filename="/somewhere/分解表.xlsx")
        stored = apply_import(session=session, preview=preview, actor="tester")
        session.commit()
        assert len(stored) == len(DIFFERENCES)
        corrections = stored_rows(session=session, model=Correction, order_by=[col(Correction.id)])
        assert {c.source for c in corrections} == {"import:分解表.xlsx"}
        assert {c.created_by for c in corrections} == {"tester"}
        task = one_row(session=session, model=Task,
                       where=[Task.document_id == doc, Task.path == "三(一)"])
        units = snapshot(session=session, task=task)["units"]
        assert {"unit": "市招商局", "role": "lead"} in units
        science = one_row(session=session, model=Task,
                          where=[Task.document_id == doc, Task.path == "二(三)3"])
        # stored by its standard name (extract/data/bureau_names.tsv)
        assert {"unit": "市科学技术局", "role": "co"} in snapshot(session=session, task=science)["units"]
        added = next(c for c in corrections if c.kind == "add_deadline")
        assert json.loads(added.payload)["due"] == "2020-12-31"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(corpus: Engine,
                                                                      dump) -> None:  # type: ignore[no-untyped-def]
    doc = document_id(corpus)
    with Session(corpus) as session:
        apply_import(session=session, actor="tester", preview=preview_import(
            session=session, document_id=doc, data=office_sheet(), filename="分解表.xlsx"))
        session.commit()
    after_first = dump(corpus)
    with Session(corpus) as session:
        again = preview_import(session=session, document_id=doc, data=office_sheet(),
                               filename="分解表.xlsx")
        assert again.ok and again.changes == []
        assert apply_import(session=session, preview=again, actor="tester") == []
        session.commit()
    assert dump(corpus) == after_first
