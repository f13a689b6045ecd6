"""Mutations that curate the breakdown: ``correctBreakdown`` and ``revertCorrection``.

Mixed into the root Mutation type (:mod:`schema.mutation`).  An ``editor`` token curates
the documents of its jurisdiction and of those inside it, ``admin`` any document
(:func:`schema.auth.require_editor`); refusals are audited like every other.  A correction
that cannot be made (a unit that is not on the task, a payload of the wrong shape) is
refused with BAD_USER_INPUT, audited with outcome ``refused``, and writes nothing else.
The work is :mod:`store.corrections`'s, shared with ``policygraph correct``.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from typing import Any

import strawberry
from strawberry.types import Info

from access.principal import EDIT_ROLES, Principal
from i18n import t
from schema.auth import require_editor, require_role
from schema.context import Context, ctx
from schema.correction import CorrectionType
from schema.errors import bad_input, echo, missing
from schema.vocabulary import Comparator, CorrectionKind, Recurrence, Role
from store.audit import record_audit
from store.corrections import CorrectionError, PayloadError, create_correction, revert_correction
from store.corrections.crud import get_correction
from store.crud.documents import find_document, get_document
from store.tables import Document

# Typed input fields → payload keys; ``measure`` is a target's unit (亿元), ``unit`` a
# responsible unit, so the two never clash.
_FIELDS = {"unit": "unit", "role": "role", "jurisdiction": "jurisdiction", "due": "due",
           "raw": "raw", "recurrence": "recurrence", "month": "month", "day": "day",
           "metric": "metric", "comparator": "comparator", "value": "value",
           "value_max": "value_max", "measure": "unit", "at": "at", "suffix": "suffix",
           "with_path": "with_path"}
_SET_FIELDS = {"new_metric": "metric", "new_comparator": "comparator", "new_value": "value",
               "new_measure": "unit", "new_due": "due"}


def _plain(value: Any) -> Any:
    """A typed input value as the payload (JSON) keeps it: an enum's word, a date's ISO text.

    >>> _plain(Role.CO), _plain(dt.date(2019, 3, 1)), _plain(2)
    ('co', '2019-03-01', 2)
    """
    if isinstance(value, Enum):
        return value.value
    return value.isoformat() if isinstance(value, dt.date) else value


@strawberry.type(name="CorrectionPayload", description="The correction made or reverted.")
class CorrectionPayload:
    correction: CorrectionType


@strawberry.input(description="Which correction to revert, and why.")
class RevertCorrectionInput:
    id: int
    reason: str = strawberry.field(description="Why: kept in the audit trail")


@strawberry.input(description="One correction of a document's breakdown. Give the kind's "
                              "arguments as typed fields or as `payload` (JSON), or both "
                              "(typed fields win).")
class CorrectBreakdownInput:
    document: str = strawberry.field(description="The document: key, 文号 or title")
    task_path: str = strawberry.field(description="The task's section path, e.g. 二(二)1")
    kind: CorrectionKind = strawberry.field(description="DROP_TARGET: not a target")
    reason: str = strawberry.field(description="Why: kept in the audit trail")
    payload: str | None = strawberry.field(default=None, description="The kind's arguments as "
                                           "a JSON object, e.g. {\"unit\": \"市财政局\", "
                                           "\"role\": \"co\"}")
    unit: str | None = strawberry.field(default=None, description="A responsible unit")
    role: Role | None = None
    jurisdiction: str | None = strawberry.field(default=None, description="The unit's government "
                                                "(full name) when not the document's")
    due: dt.date | None = None
    raw: str | None = strawberry.field(default=None, description="A deadline as written")
    recurrence: Recurrence | None = None
    month: int | None = None
    day: int | None = None
    metric: str | None = None
    comparator: Comparator | None = None
    value: float | None = None
    value_max: float | None = None
    measure: str | None = strawberry.field(default=None, description="A target's unit (亿元, 个)")
    new_metric: str | None = strawberry.field(default=None, description="fix_target: new metric")
    new_comparator: Comparator | None = None
    new_value: float | None = None
    new_measure: str | None = None
    new_due: dt.date | None = None
    at: int | None = strawberry.field(default=None, description="split_task: character offset "
                                      "into the task's text")
    suffix: str | None = strawberry.field(default=None, description="split_task: the new "
                                          "task's path is the task's path plus this")
    with_path: str | None = strawberry.field(default=None, description="merge_task: the other "
                                             "task's path")

    def to_payload(self) -> dict[str, Any]:
        """The payload: ``payload``'s JSON with the typed fields laid over it."""
        try:
            payload = json.loads(self.payload) if self.payload else {}
        except json.JSONDecodeError:
            raise bad_input(t("error.correction.payload"), argument="payload") from None
        if not isinstance(payload, dict):
            raise bad_input(t("error.correction.payload"), argument="payload")
        payload.update({key: _plain(getattr(self, name)) for name, key in _FIELDS.items()
                        if getattr(self, name) is not None})
        changes = {key: _plain(getattr(self, name)) for name, key in _SET_FIELDS.items()
                   if getattr(self, name) is not None}
        if changes:
            payload["set"] = {**payload.get("set", {}), **changes}
        return payload


def _refused(context: Context, principal: Principal, action: str, target: str,
             error: Exception, arguments: dict[str, Any]) -> Exception:
    """Audit a correction refused for its input (nothing else is kept) and the error."""
    session = context.session
    session.rollback()
    record_audit(session=session, action=action, target=target[:200], actor=principal.actor,
                 actor_unit=principal.unit_name, actor_role=principal.role, outcome="refused",
                 new_value={"reason": str(error), **arguments})
    session.commit()
    return bad_input(t("error.correction.refused", reason=echo(error, 300)))


def _document(context: Context, reference: str) -> Document:
    row = find_document(session=context.session, reference=reference)
    if row is None:
        context.session.rollback()
        raise missing(t("documents.not_found", reference=echo(reference)), argument="document")
    return row


@strawberry.type
class CorrectionMutations:
    @strawberry.mutation(description="Correct a document's extracted breakdown: add or remove a "
                                     "unit, change lead / co, add, drop or fix a deadline or a "
                                     "target, split or merge tasks. Applied at once and again "
                                     "after every ingest; audited. Editor tokens (their "
                                     "jurisdiction) and admin tokens.")
    def correct_breakdown(self, info: Info, input: CorrectBreakdownInput) -> CorrectionPayload:
        context = ctx(info)
        session = context.session
        target = f"document:{echo(input.document)}/{echo(input.task_path)}"
        require_role(session=session, principal=context.principal, action="correct_breakdown",
                     target=target, roles=EDIT_ROLES)
        document = _document(context, input.document)
        principal = require_editor(session=session, principal=context.principal,
                                   action="correct_breakdown", target=f"document:{document.key}",
                                   jurisdiction_id=document.jurisdiction_id)
        payload = input.to_payload()
        assert document.id is not None
        try:
            row = create_correction(session=session, document_id=document.id,
                                    task_path=input.task_path, kind=input.kind.value,
                                    payload=payload,
                                    reason=input.reason, actor=principal.actor,
                                    actor_role=principal.role)
        except (PayloadError, CorrectionError) as error:
            raise _refused(context, principal, "correct_breakdown", f"document:{document.key}",
                           error, {"task": input.task_path, "kind": input.kind.value,
                                   "payload": payload}) from None
        answer = CorrectionPayload(correction=CorrectionType.from_row(row, document.key))
        session.commit()
        return answer

    @strawberry.mutation(description="Revert a correction: the document is read again from its "
                                     "text and its other corrections applied again. Editor "
                                     "tokens (their jurisdiction) and admin tokens; audited.")
    def revert_correction(self, info: Info, input: RevertCorrectionInput) -> CorrectionPayload:
        id, reason = input.id, input.reason
        context = ctx(info)
        session = context.session
        target = f"correction:{id}"
        require_role(session=session, principal=context.principal, action="revert_correction",
                     target=target, roles=EDIT_ROLES)
        row = get_correction(session=session, correction_id=id)
        if row is None:
            session.rollback()
            raise missing(t("error.correction.not_found", id=id), argument="id")
        document = get_document(session=session, id=row.document_id)
        assert document is not None
        principal = require_editor(session=session, principal=context.principal,
                                   action="revert_correction", target=target,
                                   jurisdiction_id=document.jurisdiction_id)
        try:
            row = revert_correction(session=session, correction_id=id, actor=principal.actor,
                                    reason=reason, actor_role=principal.role)
        except CorrectionError as error:
            raise _refused(context, principal, "revert_correction", target, error,
                           {"reason_given": reason}) from None
        answer = CorrectionPayload(correction=CorrectionType.from_row(row, document.key))
        session.commit()
        return answer
