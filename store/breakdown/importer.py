"""Import a 责任分解表: preview its differences from the current breakdown, then apply them
as corrections in one transaction — or, when any row has an error, apply none.

Each difference is checked with :func:`store.corrections.propose` (which works out what
it would change, writing nothing); one that would change nothing is left out, so
importing the same file twice changes nothing the second time.  Applied corrections have
``source = "import:<file name>"``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from sqlmodel import Session, col, select

from store.breakdown.diff import Change, row_changes
from store.breakdown.match import TaskText, match_rows
from store.breakdown.read import read_grids
from store.breakdown.rows import BreakdownRow, parse_table
from store.corrections import CorrectionError, PayloadError, create_correction, propose
from store.curation_tables import Correction
from store.db import writing
from store.labels import document_label
from store.progress.sheet import RowError
from store.tables import Document, Section, Task


@dataclass
class ImportPreview:
    """The corrections an import would make, and every row's error."""

    filename: str
    document_id: int
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0
    matched: dict[int, str] = field(default_factory=dict)  # row number → task path
    unmatched: list[BreakdownRow] = field(default_factory=list)  # rows matched to no task

    @property
    def ok(self) -> bool:
        """True when no row has an error (the import may be applied)."""
        return not self.errors


def _tasks(session: Session, document_id: int) -> list[TaskText]:
    headings = {s.path: s.heading for s in session.exec(
        select(Section).where(Section.document_id == document_id)).all()}
    tasks = session.exec(select(Task).where(Task.document_id == document_id)
                         .order_by(col(Task.start))).all()
    return [TaskText(t.path, f"{headings.get(t.path, '')}。{t.text}") for t in tasks]


def preview_import(*, session: Session, document_id: int, data: bytes,
                   filename: str) -> ImportPreview:
    """Read, match and compare a table; write nothing.

    Each change is tried in a savepoint (rolled back), which may add units, and
    :func:`apply_import` stores them in the same transaction: so the transaction first
    becomes the writer of documents (:func:`store.db.writing`).

    Raises
    ------
    store.breakdown.read.BreakdownFormatError, store.progress.sheet.SheetFormatError
        When the file cannot be read as a table at all.
    LookupError
        When there is no document ``document_id``.
    """
    writing(session)  # before its reads: the import is applied in this transaction
    document = session.get(Document, document_id)
    if document is None:
        raise LookupError(f"no document {document_id}")
    name = PurePath(filename).name
    # An export of several documents has a 文件 column: rows of the others are not ours.
    names = {document.number, document.key, document.title,
             document_label(document.number, document.title, document.text)} - {None, ""}
    rows = [r for r in parse_table(read_grids(data, name)) if not r.document or r.document in names]
    preview = ImportPreview(name, document_id, rows=len(rows))
    for match in match_rows(rows, _tasks(session, document_id)):
        if match.path is None:
            preview.unmatched.append(match.row)  # queued for review by record_unmatched
            preview.errors.append(RowError(match.row.row, "task", match.error))
            continue
        earlier = next((r for r, p in preview.matched.items() if p == match.path), None)
        if earlier is not None:  # two rows saying different things of one task: which wins?
            preview.errors.append(RowError(match.row.row, "task", (
                f"与第{earlier}行对应同一任务 {match.path} (row {earlier} already names this task)")))
            continue
        preview.matched[match.row.row] = match.path
        for change in row_changes(session=session, document=document, row=match.row,
                                  task_path=match.path):
            try:
                plan = propose(session=session, document_id=document_id,
                               task_path=change.task_path, kind=change.kind,
                               payload=change.payload)
            except (PayloadError, CorrectionError) as error:
                preview.errors.append(RowError(match.row.row, change.kind, str(error)[:300]))
                continue
            if plan.changes:
                preview.changes.append(change)
    return preview


def apply_import(*, session: Session, preview: ImportPreview, actor: str,
                 reason: str = "") -> list[Correction]:
    """Store a preview's changes as corrections, all in the caller's transaction.

    Raises
    ------
    ValueError
        When the preview has errors: nothing is written.
    CorrectionError, PayloadError
        When a change can no longer be made (the caller rolls back).
    """
    if not preview.ok:
        raise ValueError(f"{len(preview.errors)} row error(s); nothing imported")
    out = []
    for change in preview.changes:
        out.append(create_correction(
            session=session, document_id=preview.document_id, task_path=change.task_path,
            kind=change.kind, payload=change.payload, actor=actor, source=f"import:{preview.filename}",
            reason=reason or f"责任分解表 {preview.filename} 第{change.row}行"))
    return out


def unmatched_items(preview: ImportPreview) -> list[dict[str, Any]]:
    """The ``unmatched_row`` review items an import's unmatched rows make, as keyword
    arguments of ``store.review.add_review_item`` (the row's task text is the quote, so
    importing the same file again finds the same item).

    >>> p = ImportPreview("表.xlsx", 1, unmatched=[BreakdownRow(row=7, section="", seq="9",
    ...                                                         task="建设海洋经济合作示范区")])
    >>> unmatched_items(p)[0]["quote"], unmatched_items(p)[0]["detail"]["row"]
    ('建设海洋经济合作示范区', 7)
    """
    return [{"document_id": preview.document_id, "kind": "unmatched_row",
             "quote": row.task or row.seq or row.path,
             "detail": {"file": preview.filename, "row": row.row, "seq": row.seq,
                        "lead": list(row.lead), "co": list(row.co)}}
            for row in preview.unmatched]


def record_unmatched(*, session: Session, preview: ImportPreview) -> int:
    """Put each unmatched row on the review queue, in the caller's transaction; how many.

    The queue (``store.review``) is a sibling package merged into the same service; a
    build without it has no queue to put them on, and the rows stay errors of the import.
    """
    try:
        review = importlib.import_module("store.review")
    except ModuleNotFoundError:
        return 0
    items = unmatched_items(preview)
    for item in items:
        review.add_review_item(session=session, **item)
    return len(items)
