"""``policygraph correct …`` and ``policygraph corrections list|revert``: curate the breakdown.

Whoever runs the CLI holds the database, so corrections are made as ``cli:<login>`` with
the admin role and audited like those made over GraphQL (:mod:`store.corrections`).
Each ``correct`` command takes the document (key, 文号 or title) and the task's section
path, then the kind's arguments, and ``--reason``.
"""

from __future__ import annotations

import getpass
import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import Session

from cli.database import engine_for
from i18n import t
from store.corrections import (
    CorrectionError,
    PayloadError,
    create_correction,
    list_corrections,
    revert_correction,
)
from store.crud.documents import document_keys, find_document
from store.db import session_scope
from store.setup import init_db
from store.tables import Document

correct_app = typer.Typer(name="correct", help=t("cli.correct.help"), no_args_is_help=True)
app = typer.Typer(name="corrections", help=t("cli.corrections.help"), no_args_is_help=True)
console = Console()

DocumentArg = Annotated[str, typer.Argument(help=t("documents.argument.reference"))]
PathArg = Annotated[str, typer.Argument(help=t("cli.correct.argument.path"))]
Reason = Annotated[str, typer.Option("--reason", help=t("cli.correct.option.reason"))]
RoleOption = Annotated[str, typer.Option("--role", help="lead / co")]
Due = Annotated[str | None, typer.Option("--due", help="YYYY-MM-DD")]
Raw = Annotated[str | None, typer.Option("--raw", help=t("cli.correct.option.raw"))]


def actor() -> str:
    """``cli:<login>``, the actor the audit trail records for the command line."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no login name in a bare container
        login = "unknown"
    return f"cli:{login}"[:64]


def _given(**fields: Any) -> dict[str, Any]:
    """The payload fields given (``None`` ones left out).

    >>> _given(unit="市财政局", jurisdiction=None)
    {'unit': '市财政局'}
    """
    return {k: v for k, v in fields.items() if v is not None}


def _fail(message: str) -> typer.Exit:
    console.print(f"[red]{message}[/red]")
    return typer.Exit(1)


def _document(session: Session, reference: str) -> Document:
    found = find_document(session=session, reference=reference)
    if found is None:
        raise _fail(t("documents.not_found", reference=reference))
    return found


def _correct(ctx: typer.Context, document: str, path: str, kind: str,
             payload: dict[str, Any], reason: str) -> None:
    engine = engine_for(ctx)
    init_db(engine)
    try:
        with session_scope(engine) as session:
            row = _document(session, document)
            assert row.id is not None
            made = create_correction(session=session, document_id=row.id, task_path=path,
                                     kind=kind, payload=payload, reason=reason, actor=actor(),
                                     actor_role="admin")
            said = t("cli.correct.done", id=made.id, kind=kind, document=row.key, path=path)
    except (PayloadError, CorrectionError) as error:
        raise _fail(t("cli.correct.refused", reason=error)) from None
    console.print(said)


@correct_app.command("add-unit", help=t("cli.correct.cmd.add_unit"))
def add_unit(ctx: typer.Context, document: DocumentArg, path: PathArg, unit: str, reason: Reason,
             role: RoleOption = "co",
             jurisdiction: Annotated[str | None, typer.Option(
                 help=t("cli.correct.option.jurisdiction"))] = None) -> None:
    _correct(ctx, document, path, "add_unit", _given(unit=unit, role=role,
                                                     jurisdiction=jurisdiction), reason)


@correct_app.command("remove-unit", help=t("cli.correct.cmd.remove_unit"))
def remove_unit(ctx: typer.Context, document: DocumentArg, path: PathArg, unit: str,
                reason: Reason) -> None:
    _correct(ctx, document, path, "remove_unit", {"unit": unit}, reason)


@correct_app.command("set-role", help=t("cli.correct.cmd.set_role"))
def set_role(ctx: typer.Context, document: DocumentArg, path: PathArg, unit: str, role: str,
             reason: Reason) -> None:
    _correct(ctx, document, path, "set_role", {"unit": unit, "role": role}, reason)


@correct_app.command("add-deadline", help=t("cli.correct.cmd.add_deadline"))
def add_deadline(ctx: typer.Context, document: DocumentArg, path: PathArg, reason: Reason,
                 due: Due = None, raw: Raw = None,
                 recurrence: Annotated[str | None, typer.Option(
                     help="once / yearly / half-yearly / quarterly / monthly / ongoing")] = None,
                 month: int | None = None, day: int | None = None) -> None:
    _correct(ctx, document, path, "add_deadline",
             _given(due=due, raw=raw, recurrence=recurrence, month=month, day=day), reason)


@correct_app.command("drop-deadline", help=t("cli.correct.cmd.drop_deadline"))
def drop_deadline(ctx: typer.Context, document: DocumentArg, path: PathArg, reason: Reason,
                  raw: Raw = None, due: Due = None) -> None:
    _correct(ctx, document, path, "drop_deadline", _given(raw=raw, due=due), reason)


@correct_app.command("set-deadline", help=t("cli.correct.cmd.set_deadline"))
def set_deadline(ctx: typer.Context, document: DocumentArg, path: PathArg, due: str,
                 reason: Reason, raw: Raw = None) -> None:
    _correct(ctx, document, path, "set_deadline", _given(due=due, raw=raw), reason)


@correct_app.command("add-target", help=t("cli.correct.cmd.add_target"))
def add_target(ctx: typer.Context, document: DocumentArg, path: PathArg, value: float,
               measure: str, reason: Reason, metric: str = "",
               comparator: Annotated[str, typer.Option(help=">= <= = > < range")] = ">=",
               due: Due = None, value_max: float | None = None) -> None:
    _correct(ctx, document, path, "add_target",
             _given(metric=metric, comparator=comparator, value=value, value_max=value_max,
                    unit=measure, due=due), reason)


@correct_app.command("not-target", help=t("cli.correct.cmd.not_target"))
def not_target(ctx: typer.Context, document: DocumentArg, path: PathArg, value: float,
               measure: str, reason: Reason) -> None:
    _correct(ctx, document, path, "drop_target", {"value": value, "unit": measure}, reason)


@correct_app.command("fix-target", help=t("cli.correct.cmd.fix_target"))
def fix_target(ctx: typer.Context, document: DocumentArg, path: PathArg, value: float,
               measure: str, reason: Reason, new_value: float | None = None,
               new_measure: str | None = None, new_metric: str | None = None,
               new_comparator: str | None = None, new_due: str | None = None) -> None:
    changes = _given(value=new_value, unit=new_measure, metric=new_metric,
                     comparator=new_comparator, due=new_due)
    _correct(ctx, document, path, "fix_target", {"value": value, "unit": measure, "set": changes},
             reason)


@correct_app.command("split-task", help=t("cli.correct.cmd.split_task"))
def split_task(ctx: typer.Context, document: DocumentArg, path: PathArg, at: int, reason: Reason,
               suffix: str = "-2") -> None:
    _correct(ctx, document, path, "split_task", {"at": at, "suffix": suffix}, reason)


@correct_app.command("merge-task", help=t("cli.correct.cmd.merge_task"))
def merge_task(ctx: typer.Context, document: DocumentArg, path: PathArg, with_path: str,
               reason: Reason) -> None:
    _correct(ctx, document, path, "merge_task", {"with_path": with_path}, reason)


@app.command("list", help=t("cli.corrections.cmd.list"))
def list_(ctx: typer.Context,
          document: Annotated[str | None, typer.Argument(
              help=t("documents.argument.reference"))] = None,
          status: Annotated[str | None, typer.Option(
              help="active / needs_review / reverted")] = None) -> None:
    engine = engine_for(ctx)
    init_db(engine)
    with Session(engine) as session:
        document_id = _document(session, document).id if document is not None else None
        rows = list_corrections(session=session, document_id=document_id, status=status)
        keys = document_keys(session=session, document_ids={r.document_id for r in rows})
    if not rows:
        console.print(t("cli.corrections.none"))
        return
    table = Table(*(t(f"cli.column.{c}") for c in
                    ("id", "document", "path", "kind", "change", "status", "by", "reason")))
    for row in rows:
        table.add_row(str(row.id), keys.get(row.document_id, "?"), row.task_path, row.kind,
                      json.dumps(json.loads(row.payload), ensure_ascii=False), row.status,
                      row.created_by, row.reason)
    console.print(table)
    flagged = sum(r.status == "needs_review" for r in rows)
    if flagged:
        console.print(f"[yellow]{t('cli.corrections.needs_review', count=flagged)}[/yellow]")


@app.command("revert", help=t("cli.corrections.cmd.revert"))
def revert(ctx: typer.Context, correction_id: int, reason: Reason) -> None:
    engine = engine_for(ctx)
    init_db(engine)
    try:
        with session_scope(engine) as session:
            revert_correction(session=session, correction_id=correction_id, actor=actor(),
                              reason=reason, actor_role="admin")
    except CorrectionError as error:
        raise _fail(t("cli.correct.refused", reason=error)) from None
    console.print(t("cli.corrections.reverted", id=correction_id))
