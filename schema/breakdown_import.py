"""``previewBreakdownImport`` and ``importBreakdown``: a 责任分解表 uploaded as a file.

The file comes as a GraphQL multipart upload (the multipart request spec: an
``operations`` part, a ``map`` part and the file; :class:`strawberry.file_uploads.Upload`).
Mixed into the root Mutation type (:mod:`schema.mutation`).  Editor tokens (of the
document's jurisdiction or one around it) and admin tokens; the preview writes nothing,
the import stores every difference as a correction in one transaction, or none when any
row has an error (the answer then lists every row's error and ``applied`` is false).
"""

from __future__ import annotations

import json

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from access.principal import EDIT_ROLES, Principal
from i18n import t
from schema.auth import require_editor, require_role
from schema.context import Context, ctx
from schema.correction import CorrectionType
from schema.errors import bad_input, echo, missing
from schema.progress import SheetRowErrorType
from schema.vocabulary import CorrectionKind, member
from store.audit import record_audit
from store.breakdown.diff import Change
from store.breakdown.importer import (
    ImportPreview,
    apply_import,
    preview_import,
    record_unmatched,
)
from store.corrections import CorrectionError, PayloadError
from store.crud.documents import find_document
from store.progress.sheet import SheetFormatError
from store.tables import Document

#: The largest table accepted (bytes); the archive checks bound what it unpacks to.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@strawberry.type(name="BreakdownChange",
                 description="One correction a 责任分解表 row asks for.")
class BreakdownChangeType:
    row: int = strawberry.field(description="The row as the spreadsheet numbers it")
    task_path: str
    kind: CorrectionKind
    payload: str = strawberry.field(description="The correction's payload, JSON")
    description: str

    @classmethod
    def from_change(cls, change: Change) -> BreakdownChangeType:
        """The GraphQL view of a proposed change."""
        return cls(row=change.row, task_path=change.task_path,
                   kind=member(CorrectionKind, change.kind),
                   payload=json.dumps(change.payload, ensure_ascii=False),
                   description=change.describe())


@strawberry.type(name="BreakdownImport",
                 description="What a 责任分解表 would change (preview) or changed (import).")
class BreakdownImportType:
    filename: str
    document: str = strawberry.field(description="The document's key")
    rows: int = strawberry.field(description="Task rows read")
    matched: int = strawberry.field(description="Rows matched to a task")
    changes: list[BreakdownChangeType]
    errors: list[SheetRowErrorType]
    applied: bool = strawberry.field(description="Whether the changes were stored")
    corrections: list[CorrectionType] = strawberry.field(
        description="The corrections stored (empty for a preview)")


def _view(preview: ImportPreview, document: Document, applied: bool,
          corrections: list[CorrectionType]) -> BreakdownImportType:
    return BreakdownImportType(
        filename=preview.filename, document=document.key, rows=preview.rows,
        matched=len(preview.matched), applied=applied, corrections=corrections,
        changes=[BreakdownChangeType.from_change(c) for c in preview.changes],
        errors=[SheetRowErrorType.from_error(e) for e in preview.errors])


def read_upload(file: Upload, argument: str = "file") -> tuple[bytes, str]:
    """The uploaded file's bytes (at most :data:`MAX_UPLOAD_BYTES`) and its name."""
    name = str(getattr(file, "filename", "") or "upload")
    # Strawberry's ASGI view hands over a starlette UploadFile; read its spooled file
    data = file.file.read(MAX_UPLOAD_BYTES + 1)  # type: ignore[attr-defined]
    if len(data) > MAX_UPLOAD_BYTES:
        raise bad_input(f"{echo(name)}: " + t("error.upload_size", limit=MAX_UPLOAD_BYTES),
                        argument=argument)
    return data, name


def _prepare(context: Context, document: str, file: Upload,
             action: str) -> tuple[Principal, Document, ImportPreview]:
    session = context.session
    require_role(session=session, principal=context.principal, action=action,
                 target=f"document:{echo(document)}", roles=EDIT_ROLES)
    row = find_document(session=session, reference=document)
    if row is None or row.id is None:
        session.rollback()
        raise missing(t("documents.not_found", reference=echo(document)), argument="document")
    principal = require_editor(session=session, principal=context.principal, action=action,
                               target=f"document:{row.key}", jurisdiction_id=row.jurisdiction_id)
    data, name = read_upload(file)
    try:
        preview = preview_import(session=session, document_id=row.id, data=data, filename=name)
    except SheetFormatError as error:
        session.rollback()
        raise bad_input(f"{echo(name)}: {echo(error, 300)}") from None
    return principal, row, preview


@strawberry.input(description="A 责任分解表 (XLSX, CSV or .docx) for a document, as a "
                              "multipart upload.")
class BreakdownImportInput:
    document: str = strawberry.field(description="The document: key, 文号 or title")
    file: Upload = strawberry.field(description="The table: a multipart file part (the GraphQL "
                                                "multipart request spec)")
    reason: str = strawberry.field(default="", description="Why (kept with the corrections; "
                                                           "the preview ignores it)")


@strawberry.type
class BreakdownImportMutations:
    @strawberry.mutation(description="Preview a 责任分解表 (XLSX, CSV or .docx, as a multipart "
                                     "upload): the corrections it asks for and every row's "
                                     "error. Writes nothing. Editor and admin tokens.")
    def preview_breakdown_import(self, info: Info, input: BreakdownImportInput
                                 ) -> BreakdownImportType:
        document, file = input.document, input.file
        context = ctx(info)
        _, row, preview = _prepare(context, document, file, "preview_breakdown_import")
        context.session.rollback()
        return _view(preview, row, False, [])

    @strawberry.mutation(description="Import a 责任分解表 (multipart upload): every difference "
                                     "from the current breakdown becomes a correction (source "
                                     "import:<file name>) in one transaction — or none, when "
                                     "any row has an error. Editor and admin tokens; audited.")
    def import_breakdown(self, info: Info, input: BreakdownImportInput) -> BreakdownImportType:
        document, file, reason = input.document, input.file, input.reason
        context = ctx(info)
        session = context.session
        principal, row, preview = _prepare(context, document, file, "import_breakdown")
        if not preview.ok:
            session.rollback()
            record_unmatched(session=session, preview=preview)  # on the review queue
            record_audit(session=session, action="import_breakdown", target=f"document:{row.key}",
                         actor=principal.actor, actor_role=principal.role, outcome="refused",
                         new_value={"file": preview.filename,
                                    "errors": [str(e) for e in preview.errors[:50]]})
            session.commit()
            return _view(preview, row, False, [])
        try:
            stored = apply_import(session=session, preview=preview, actor=principal.actor,
                                  reason=reason)
        except (PayloadError, CorrectionError) as error:
            session.rollback()
            raise bad_input(t("error.correction.refused", reason=echo(error, 300))) from None
        answer = _view(preview, row, True,
                       [CorrectionType.from_row(c, row.key) for c in stored])
        session.commit()
        return answer
