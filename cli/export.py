"""``policygraph export WHAT --format F --output FILE``: the tables of /export/ on disk.

Registered in ``cli/main.py`` with ``app.command("export")(export.export)`` (or
``_register_optional("cli.export", "export")``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import Session

from cli.database import cli_settings, engine_for
from exports.formats import FORMATS, render
from exports.tables import WHAT, export_table
from graph.asof import as_of_context
from graph.build import build_graph
from graph.names import AmbiguousName, UnknownName
from i18n import gettext as _
from store.setup import init_db


def export(
    ctx: typer.Context,
    what: Annotated[str, typer.Argument(help=f"One of: {', '.join(WHAT)} (责任分解表 = breakdown).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")] = "xlsx",
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="File to write (default: WHAT.FORMAT).")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Status day, YYYY-MM-DD "
                                              "(default: today).")] = None,
    document: Annotated[str | None, typer.Option("--document", help="Only this "
                                                 "document's rows (key, number or title).")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Only the rows of what "
                                             "this unit answers for.")] = None,
    jurisdiction: Annotated[str | None, typer.Option(
        "--jurisdiction", help="The government whose --unit is meant, when several "
                               "have a unit of that name (浙江省温州市, 温州市 or its code).")] = None,
) -> None:
    """Export obligations, targets or the responsibility breakdown as csv/xlsx/md/json."""
    if what not in WHAT:
        raise typer.BadParameter(f"WHAT must be one of {', '.join(WHAT)}", param_hint="WHAT")
    if fmt not in FORMATS:
        raise typer.BadParameter(f"must be one of {', '.join(FORMATS)}", param_hint="--format")
    try:
        day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    except ValueError:
        raise typer.BadParameter("must be a date like 2019-01-01", param_hint="--as-of") from None
    engine = engine_for(ctx)
    init_db(engine)
    with Session(engine) as session:
        graph = build_graph(session, rules=cli_settings())
    try:
        table = export_table(as_of_context(graph, engine, day), what, document=document, unit=unit,
                             jurisdiction=jurisdiction)
    except (UnknownName, AmbiguousName) as error:
        raise typer.BadParameter(str(error), param_hint="--document/--unit/--jurisdiction") from None
    finally:
        engine.dispose()
    body = render(table, fmt)
    target = output or Path(f"{what}.{fmt}")
    target.write_bytes(body)
    typer.echo(_("cli.export.wrote", target=target, size=len(body)))
