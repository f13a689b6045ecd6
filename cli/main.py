"""The ``policygraph`` command: assembles the command modules into one Typer app."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from cli import db, extract, ingest, lookup, serve
from cli.database import remember_database_url

app = typer.Typer(
    name="policygraph",
    help="Responsibility structure of Chinese government policy documents.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    ctx: typer.Context,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            envvar="DATABASE_URL",
            help="SQLAlchemy URL (default: data/policygraph.db).",
        ),
    ] = None,
) -> None:
    """Policy documents in, responsibility structure out."""
    remember_database_url(ctx, database_url)


app.command("ingest")(ingest.ingest)
app.command("extract")(extract.extract)
app.command("units")(lookup.units)
app.command("targets")(lookup.targets)
app.command("serve")(serve.serve)
app.add_typer(db.app, name="db")


def _register_optional(module_name: str, name: str) -> None:
    """Add a command module written by another part of the project, if it is present.

    A module exposing a Typer ``app`` becomes a command group; one exposing a function
    named like the command becomes a single command.
    """
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return
    if isinstance(getattr(module, "app", None), typer.Typer):
        app.add_typer(module.app, name=name)
    elif callable(getattr(module, name, None)):
        app.command(name)(getattr(module, name))


_register_optional("cli.overdue", "overdue")
_register_optional("cli.token", "token")

if __name__ == "__main__":
    app()
