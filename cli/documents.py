"""``policygraph documents``: list, show, withdraw (废止) and remove stored documents.

Withdrawing and removing are admin work: whoever runs the CLI holds the database, so
they act as ``cli:<login>`` with the admin role, and the audit trail records it.
Removal asks for confirmation unless ``--yes``.
"""

from __future__ import annotations

import datetime as dt
import getpass
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import Session

from cli.database import engine_for
from i18n import t
from store.crud.documents import fact_counts, find_document, list_documents
from store.db import session_scope
from store.labels import document_label
from store.lifecycle import Actor, DocumentNotFound, remove, withdraw
from store.setup import init_db
from store.tables import Document

app = typer.Typer(name="documents", help=t("documents.help"), no_args_is_help=True)
console = Console()

Reference = Annotated[str, typer.Argument(help=t("documents.argument.reference"))]


def _actor() -> Actor:
    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no login name in a bare container
        login = "unknown"
    return Actor(name=f"cli:{login}"[:64], role="admin")


def state(document: Document) -> str:
    """A document's state in words: in force, withdrawn or superseded from a day."""
    ends = [(document.withdrawn_on, t("documents.state.withdrawn", date=document.withdrawn_on)),
            (document.superseded_on, t("documents.state.superseded", date=document.superseded_on,
                                       by=document.superseded_by or "?"))]
    said = [words for day, words in ends if day is not None]
    return "；".join(said) if said else t("documents.state.in_force")


def _label(document: Document) -> str:
    return document_label(document.number, document.title, document.text)


def _not_found(reference: str) -> typer.Exit:
    console.print(f"[red]{t('documents.not_found', reference=reference)}[/red]")
    return typer.Exit(1)


@app.command("list", help=t("documents.cmd.list"))
def list_(ctx: typer.Context) -> None:
    engine = engine_for(ctx)
    init_db(engine)
    with Session(engine) as session:
        documents = list_documents(session=session)
        counts = fact_counts(session=session)
        if not documents:
            console.print(t("documents.none"))
            return
        table = Table(*(t(f"documents.column.{c}") for c in
                        ("key", "name", "issued", "tasks", "deadlines", "state")))
        for doc in documents:
            mine = counts.get(doc.id or 0, {})
            table.add_row(doc.key, _label(doc), str(doc.issued_on or "-"),
                          str(mine.get("tasks", 0)), str(mine.get("deadlines", 0)), state(doc))
    console.print(table)


@app.command("show", help=t("documents.cmd.show"))
def show(ctx: typer.Context, reference: Reference) -> None:
    engine = engine_for(ctx)
    init_db(engine)
    with Session(engine) as session:
        doc = find_document(session=session, reference=reference)
        if doc is None:
            raise _not_found(reference)
        mine = fact_counts(session=session).get(doc.id or 0, {})
        rows = [("key", doc.key), ("number", doc.number), ("title", doc.title),
                ("issuer", doc.issuer), ("issued", doc.issued_on),
                ("source_file", doc.source_file),
                ("ingested_at", doc.ingested_at.isoformat(timespec="seconds")),
                ("sections", mine.get("sections", 0)), ("tasks", mine.get("tasks", 0)),
                ("targets", mine.get("targets", 0)), ("deadlines", mine.get("deadlines", 0)),
                ("state", state(doc))]
        console.print(f"[bold]{_label(doc)}[/bold]")
        for field, value in rows:
            group = "column" if field in ("key", "issued", "tasks", "deadlines", "state") else "field"
            console.print(f"  {t(f'documents.{group}.{field}')}: {value if value is not None else '-'}")


def _day(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()  # the CLI is an edge: it may read the clock
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        console.print(f"[red]{t('documents.bad_date', value=text[:40])}[/red]")
        raise typer.Exit(2) from None


@app.command("withdraw", help=t("documents.cmd.withdraw"))
def withdraw_(
    ctx: typer.Context,
    reference: Reference,
    on: Annotated[str | None, typer.Option("--on", help=t("documents.option.on"))] = None,
    undo: Annotated[bool, typer.Option("--undo", help=t("documents.option.undo"))] = False,
) -> None:
    day = None if undo else _day(on)
    engine = engine_for(ctx)
    init_db(engine)
    try:
        with session_scope(engine) as session:
            doc = withdraw(session=session, reference=reference, on=day, actor=_actor())
            name = _label(doc)
    except DocumentNotFound:
        raise _not_found(reference) from None
    console.print(t("documents.withdrawn", name=name, date=day) if day
                  else t("documents.reinstated", name=name))


@app.command("remove", help=t("documents.cmd.remove"))
def remove_(
    ctx: typer.Context,
    reference: Reference,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=t("documents.option.yes"))] = False,
) -> None:
    engine = engine_for(ctx)
    init_db(engine)
    with Session(engine) as session:
        doc = find_document(session=session, reference=reference)
        if doc is None:
            raise _not_found(reference)
        name, key = _label(doc), doc.key
    if not yes and not typer.confirm(t("documents.confirm_remove", name=name, key=key)):
        console.print(t("documents.remove_cancelled"))
        raise typer.Exit(1)
    try:
        with session_scope(engine) as session:
            remove(session=session, reference=key, actor=_actor())
    except DocumentNotFound:  # removed by someone else since the question
        raise _not_found(reference) from None
    console.print(t("documents.removed", name=name, key=key))
