"""``policygraph db …``: the schema migrations (which database: :mod:`cli.database`)."""

from __future__ import annotations

import typer

from cli.database import engine_for
from i18n import gettext as _
from store.setup import current_revision, init_db

app = typer.Typer(name="db", help="Database schema (Alembic migrations).", no_args_is_help=True)


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Migrate the database to the newest schema (idempotent)."""
    engine = engine_for(ctx)
    init_db(engine)
    typer.echo(_("cli.db.revision", revision=current_revision(engine)))
    engine.dispose()


@app.command("copy")
def copy(ctx: typer.Context,
         target: str = typer.Argument(..., metavar="TARGET_URL",
                                      help="The database to copy into (e.g. postgresql://…); "
                                           "migrated first; it must hold no documents.")) -> None:
    """Copy every row of this database into another (a city's SQLite into PostgreSQL).

    The source is only read: bring it to the newest schema with ``db upgrade`` first."""
    from rich.console import Console
    from rich.progress import Progress

    from store.db import make_engine
    from store.transfer import TransferError, check_source, copy_database, tables

    source = engine_for(ctx, read_only=True)
    destination = make_engine(target)
    try:
        check_source(source)  # before the target is touched: the source is only read
        init_db(destination)
        with Progress(console=Console(stderr=True), transient=True) as progress:
            bar = progress.add_task(_("cli.db.copy.progress"), total=len(tables()))
            seen: set[str] = set()

            def report(table: str, rows: int) -> None:
                if table not in seen:
                    seen.add(table)
                    progress.advance(bar)
                progress.update(bar, description=_("cli.db.copy.table", table=table,
                                                   rows=f"{rows:,}"))

            copied = copy_database(source=source, target=destination, progress=report)
    except TransferError as error:
        typer.secho(_("cli.db.copy.refused", reason=str(error)), err=True, fg="red")
        raise typer.Exit(code=1) from error
    finally:
        source.dispose()
        destination.dispose()
    typer.echo(_("cli.db.copy.done", rows=f"{sum(copied.values()):,}", tables=len(copied),
                 documents=f"{copied.get('document', 0):,}"))
