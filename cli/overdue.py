"""``policygraph overdue --as-of DATE [--unit NAME]``: what was overdue on a day, as a table."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import Session

from cli.database import cli_settings, engine_for
from graph.agenda import overdue as overdue_on
from graph.build import build_graph
from graph.names import AmbiguousName, UnknownName, resolve_unit
from i18n import gettext as _
from schema.errors import ambiguous, kind_name
from store.setup import init_db

console = Console()


def overdue(
    ctx: typer.Context,
    as_of: Annotated[str, typer.Option("--as-of", help="The day asked about, YYYY-MM-DD.")],
    unit: Annotated[str | None, typer.Option("--unit", help="Only this unit's (name or alias).")] = None,
) -> None:
    """List the obligations overdue on a day: due date, path, owners and the sentence."""
    try:
        day = dt.date.fromisoformat(as_of)
    except ValueError:
        console.print(f"[red]{_('cli.overdue.bad_date', value=as_of[:40])}[/red]")
        raise typer.Exit(2) from None
    engine = engine_for(ctx)
    init_db(engine)
    with Session(engine) as session:
        graph = build_graph(session, rules=cli_settings())
    try:
        node = resolve_unit(graph, unit) if unit else None
    except UnknownName as error:
        hint = (_("error.not_found.hint_suggest", names="、".join(error.suggestions))
                if error.suggestions else "")
        console.print(f"[red]{_('error.not_found.named', name=error.name[:60], hint=hint, kind=kind_name(error.kind))}[/red]")
        raise typer.Exit(1) from None
    except AmbiguousName as error:
        console.print(f"[red]{ambiguous(error).message}[/red]")
        raise typer.Exit(1) from None
    late = overdue_on(graph, as_of=day, unit=node)
    title = _("cli.overdue.title", day=day.isoformat()) + (
        f" · {graph.nodes[node]['name']}" if node else "")
    table = Table(*(_(f"cli.column.{c}") for c in ("due", "document", "path", "owners",
                                                     "obligation")), title=title)
    for item in late:
        ob = item.obligation
        table.add_row(ob.due.isoformat(), graph.nodes[ob.document].get("label", ""), ob.path,
                      "、".join(o.name for o in ob.owners), ob.text[:60])
    console.print(table)
    console.print(_("cli.overdue.count", count=len(late)))
