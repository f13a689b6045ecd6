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
