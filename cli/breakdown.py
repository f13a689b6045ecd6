"""``policygraph breakdown import FILE --document N [--apply]``: a 责任分解表 as corrections.

Without ``--apply`` it previews: every correction the table asks for, and every row's
error with its row number.  With ``--apply`` it stores them in one transaction, or, when
any row has an error, stores none and exits 1.  Registered in ``cli/main.py`` with
``app.add_typer(breakdown.app, name="breakdown")``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import Session

from cli.database import engine_for
from i18n import gettext as _
from store.breakdown.importer import ImportPreview, apply_import, preview_import, record_unmatched
from store.corrections import CorrectionError, PayloadError
from store.crud.documents import find_document, get_document
from store.progress.sheet import SheetFormatError
from store.setup import init_db
from store.tables import Document

app = typer.Typer(help="责任分解表: import a table as corrections (preview, then --apply).",
                  no_args_is_help=True)


def _document(session: Session, reference: str) -> Document:
    found = get_document(session=session, id=int(reference)) if reference.isdigit() else None
    found = found or find_document(session=session, reference=reference)
    if found is None or found.id is None:
        raise typer.BadParameter(_("cli.breakdown.no_document", reference=reference),
                                 param_hint="--document")
    return found


def _show(preview: ImportPreview) -> None:
    typer.echo(_("cli.breakdown.summary", file=preview.filename, rows=preview.rows,
                 matched=len(preview.matched), changes=len(preview.changes),
                 errors=len(preview.errors)))
    for change in preview.changes:
        typer.echo(f"  {change.describe()}")
    for error in preview.errors:
        typer.echo("  " + _("cli.breakdown.row_error", error=error), err=True)


@app.command("import")
def import_table(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                         help="The table: .xlsx, .csv or .docx.")],
    document: Annotated[str, typer.Option("--document", "-d",
                                          help="The document: id, key, 文号 or title.")],
    apply: Annotated[bool, typer.Option("--apply", help="Store the corrections "
                                        "(default: preview only).")] = False,
    actor: Annotated[str, typer.Option("--actor", help="Who imports, for the audit.")] = "cli",
) -> None:
    """Preview (or, with --apply, store) the corrections a 责任分解表 asks for."""
    engine = engine_for(ctx)
    init_db(engine)
    try:
        with Session(engine) as session:
            doc = _document(session, document)
            assert doc.id is not None
            try:
                preview = preview_import(session=session, document_id=doc.id,
                                         data=file.read_bytes(), filename=file.name)
            except SheetFormatError as error:
                typer.echo(_("cli.breakdown.unreadable", file=file.name, reason=error), err=True)
                raise typer.Exit(1) from None
            _show(preview)
            if not preview.ok:
                if apply:
                    if record_unmatched(session=session, preview=preview):
                        session.commit()  # the review items only; no correction
                    typer.echo(_("cli.breakdown.nothing_imported"), err=True)
                raise typer.Exit(1)
            if not apply:
                return
            try:
                stored = apply_import(session=session, preview=preview, actor=actor)
                session.commit()
            except (CorrectionError, PayloadError) as error:
                session.rollback()
                typer.echo(_("cli.breakdown.refused", reason=error), err=True)
                raise typer.Exit(1) from None
            typer.echo(_("cli.breakdown.imported", count=len(stored)))
    finally:
        engine.dispose()
