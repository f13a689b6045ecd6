"""Corrections: propose, create, revert, list, and apply again after an ingest.

A correction is anchored to its document, its task's section path and the text it was
made against (:func:`anchor_for`): the task's whole text, or the quoted sentence of the
deadline or target it changes.  After every ingest of the document
:func:`reapply_corrections` applies each active correction whose anchor is still found
in the task at its path; one whose anchor is gone becomes ``needs_review`` and is not
applied anywhere else, nor dropped.  Reverting one re-reads the document from its stored
text (the extraction comes back) and applies the others again.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from store.audit import record_audit
from store.corrections import kinds as k
from store.corrections.apply import CorrectionError, NotApplicable, apply_correction
from store.corrections.snapshot import before_snapshot, task_at
from store.crud.documents import bump_data_version
from store.curation_tables import Correction
from store.db import writing
from store.tables import Deadline, Document, Target, Task

STATUSES = ("active", "needs_review", "reverted")
SYSTEM_ACTOR = "ingest"  # who flags a correction whose anchor changed


@dataclass(frozen=True)
class CorrectionPlan:
    """What a correction would change, worked out without writing anything.

    ``before`` and ``after`` are ``{"tasks": [snapshot, …]}`` (see
    :func:`store.corrections.apply.snapshot`); ``changes`` is False when the breakdown
    already says what the correction says (an import row that matches, say).
    """

    document_id: int
    task_path: str
    kind: str
    payload: k.Payload
    anchor_quote: str
    before: dict[str, Any]
    after: dict[str, Any]

    @property
    def changes(self) -> bool:
        """Whether applying it would change the breakdown."""
        return self.before != self.after


def _task(session: Session, document_id: int, task_path: str) -> tuple[Document, Task]:
    document = session.get(Document, document_id)
    if document is None:
        raise CorrectionError(f"no document {document_id}")
    task = task_at(session=session, document_id=document_id, path=task_path)
    if task is None:
        raise CorrectionError(f"document {document.key} has no task {task_path!r}")
    return document, task


def anchor_for(*, session: Session, task: Task, kind: str, payload: k.Payload) -> str:
    """The text a correction is anchored to: the quoted sentence of the deadline or target
    it changes, else the task's text.

    Raises
    ------
    NotApplicable
        When the deadline or target it names is not on the task.
    """
    quote = None
    if isinstance(payload, k.DropDeadline | k.SetDeadline):
        rows = session.exec(select(Deadline).where(Deadline.task_id == task.id)
                            .order_by(col(Deadline.source_start))).all()
        due = payload.due if isinstance(payload, k.DropDeadline) else None
        found = [d for d in rows if (not payload.raw or d.raw == payload.raw)
                 and (due is None or d.due == due)]
        if not found:
            raise NotApplicable(f"task {task.path} has no such deadline")
        quote = found[0].source_quote
    elif isinstance(payload, k.DropTarget | k.FixTarget):
        targets = session.exec(select(Target).where(Target.task_id == task.id,
                                                    Target.unit == payload.unit)).all()
        found_targets = [t for t in targets if abs(t.value - payload.value) < 1e-9]
        if not found_targets:
            raise NotApplicable(f"task {task.path} has no target {payload.value:g}{payload.unit}")
        quote = found_targets[0].source_quote
    # A fact added by a correction quotes nothing: the task's text anchors it then.
    return quote if quote and quote in task.text else task.text


def anchored(task: Task | None, anchor_quote: str) -> bool:
    """Whether a correction's anchor text is still in the task at its path.

    >>> anchored(Task(document_id=1, path="一", text="市财政局负责。", start=0, end=7), "市财政局负责")
    True
    >>> anchored(None, "x"), anchored(Task(document_id=1, path="一", text="改了", start=0, end=2), "x")
    (False, False)
    """
    return task is not None and anchor_quote in task.text


def propose(*, session: Session, document_id: int, task_path: str, kind: str,
            payload: dict[str, Any] | str) -> CorrectionPlan:
    """Validate a correction and describe what it would change, writing nothing.

    Raises
    ------
    store.corrections.kinds.PayloadError
        For a kind or payload that does not fit.
    CorrectionError
        For a document or task that is not there, or a change that cannot be made.
    """
    parsed = k.parse_payload(kind, payload)
    document, task = _task(session, document_id, task_path)
    anchor = anchor_for(session=session, task=task, kind=kind, payload=parsed)
    before = before_snapshot(session=session, task=task, kind=kind, payload=k.payload_json(parsed))
    trial = Correction(document_id=document_id, task_path=task_path, anchor_quote=anchor,
                       kind=kind, payload=k.payload_json(parsed))
    savepoint = session.begin_nested()
    try:  # applied inside a savepoint, then rolled back: the preview shows the real outcome
        after = apply_correction(session=session, document=document, task=task, correction=trial)
    finally:
        savepoint.rollback()
    return CorrectionPlan(document_id, task_path, kind, parsed, anchor, before, after)


def create_correction(*, session: Session, document_id: int, task_path: str, kind: str,
                      payload: dict[str, Any] | str, reason: str, actor: str,
                      source: str = "manual", actor_role: str | None = None) -> Correction:
    """Store a correction and apply it to the stored rows now, in the caller's transaction.

    Audited (``correct_breakdown``, with before, after and reason) and bumps the data
    version.  Nothing is written when it raises.

    Raises
    ------
    store.corrections.kinds.PayloadError, CorrectionError
        As :func:`propose`; also for a correction that would change nothing.
    """
    writing(session)  # it may add units and jurisdictions: one writer of documents
    plan = propose(session=session, document_id=document_id, task_path=task_path, kind=kind,
                   payload=payload)
    if not plan.changes:
        raise CorrectionError("the breakdown already says this; nothing to correct")
    document, task = _task(session, document_id, task_path)
    correction = Correction(document_id=document_id, task_path=task_path,
                            anchor_quote=plan.anchor_quote, kind=kind,
                            payload=k.payload_json(plan.payload), reason=reason, source=source,
                            created_by=actor, before=_json(plan.before))
    with session.begin_nested():
        session.add(correction)
        session.flush()
        after = apply_correction(session=session, document=document, task=task,
                                 correction=correction)
        correction.after = _json(after)
        session.add(correction)
    record_audit(session=session, action="correct_breakdown", target=f"correction:{correction.id}",
                 actor=actor, actor_role=actor_role, previous_value=plan.before,
                 new_value={"document": document.key, "task": task_path, "kind": kind,
                            "payload": plan.payload.model_dump(mode="json", exclude_unset=True),
                            "after": after, "reason": reason, "source": source})
    bump_data_version(session=session)
    return correction


def revert_correction(*, session: Session, correction_id: int, actor: str, reason: str,
                      actor_role: str | None = None) -> Correction:
    """Mark a correction reverted and re-derive its document's facts without it.

    The document is read again from its stored text, then every other active (or
    flagged) correction is applied again, so the breakdown is what a fresh ingest plus
    the remaining corrections give.  Audited (``revert_correction``).

    Raises
    ------
    CorrectionError
        When there is no such correction or it is reverted already.
    """
    writing(session)  # the document is stored again: one writer of documents, before its reads
    correction = session.get(Correction, correction_id)
    if correction is None:
        raise CorrectionError(f"no correction {correction_id}")
    if correction.status == "reverted":
        raise CorrectionError(f"correction {correction_id} is reverted already")
    previous = correction.status
    correction.status, correction.reverted_by = "reverted", actor
    correction.reverted_at = dt.datetime.now(dt.UTC)
    session.add(correction)
    session.flush()
    rederive_document(session=session, document_id=correction.document_id)
    record_audit(session=session, action="revert_correction", target=f"correction:{correction_id}",
                 actor=actor, actor_role=actor_role,
                 previous_value={"status": previous, "after": _loads(correction.after)},
                 new_value={"status": "reverted", "before": _loads(correction.before),
                            "reason": reason})
    return correction


def rederive_document(*, session: Session, document_id: int) -> Document:
    """Extract the document again from its stored text and store the result, applying
    its corrections again (what ingesting the same file once more does)."""
    from extract.config import ExtractConfig
    from extract.pipeline import extract_document
    from store.ingest import ingest_extraction
    from store.reference import reference_place_names

    document = session.get(Document, document_id)
    if document is None:
        raise CorrectionError(f"no document {document_id}")
    config = ExtractConfig(known_places=reference_place_names())
    extraction = extract_document(document.text, document.key, config)
    return ingest_extraction(session=session, extraction=extraction,
                             source_file=document.source_file, sha256=document.sha256)


def list_corrections(*, session: Session, document_id: int | None = None,
                     status: str | None = None, task_path: str | None = None) -> list[Correction]:
    """Corrections in the order they were made, optionally of one document, status or task."""
    query = select(Correction)
    if document_id is not None:
        query = query.where(Correction.document_id == document_id)
    if status is not None:
        query = query.where(Correction.status == status)
    if task_path is not None:
        query = query.where(Correction.task_path == task_path)
    return list(session.exec(query.order_by(col(Correction.id))).all())


def get_correction(*, session: Session, correction_id: int) -> Correction | None:
    """One correction by id, or ``None``."""
    return session.get(Correction, correction_id)


def corrections_with_ids(*, session: Session, ids: list[int]) -> list[Correction]:
    """The corrections of ``ids`` that exist, by id."""
    query = select(Correction).where(col(Correction.id).in_(ids)).order_by(col(Correction.id))
    return list(session.exec(query).all())


def reapply_corrections(*, session: Session, document_id: int) -> list[Correction]:
    """Apply the document's corrections again after its facts were rewritten.

    Called at the end of every ingest of the document, inside its transaction.  Each
    ``active`` or ``needs_review`` correction, in the order made, whose anchor is found in
    the task at its path is applied and becomes (or stays) ``active``; one whose anchor is
    gone, or whose fact is no longer there, becomes ``needs_review`` and is not applied.
    Every change of status is audited.

    Returns
    -------
    list of Correction
        Every correction considered, with its status now (``needs_review`` ones are the
        review queue's ``anchor_changed`` items).
    """
    document = session.get(Document, document_id)
    assert document is not None
    considered = [c for c in list_corrections(session=session, document_id=document_id)
                  if c.status in ("active", "needs_review")]
    for correction in considered:
        task = task_at(session=session, document_id=document_id, path=correction.task_path)
        status, problem = "active", ""
        if not anchored(task, correction.anchor_quote):
            status, problem = "needs_review", "anchor text changed"
        else:
            assert task is not None
            try:
                with session.begin_nested():
                    apply_correction(session=session, document=document, task=task,
                                     correction=correction, describe=False)
            except CorrectionError as exc:  # the fact it changes is gone
                status, problem = "needs_review", str(exc)
        if status != correction.status:
            record_audit(session=session, action="correction_status",
                         target=f"correction:{correction.id}", actor=SYSTEM_ACTOR,
                         previous_value={"status": correction.status},
                         new_value={"status": status, "problem": problem})
            correction.status = status
            session.add(correction)
    session.flush()
    return considered


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _loads(value: str | None) -> Any:
    return json.loads(value) if value else None


__all__: Sequence[str] = (
    "STATUSES", "CorrectionError", "CorrectionPlan", "NotApplicable", "anchor_for", "anchored",
    "create_correction", "get_correction", "list_corrections", "propose", "reapply_corrections",
    "rederive_document", "revert_correction",
)
