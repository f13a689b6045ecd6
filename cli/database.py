"""Which database a command works on: ``--database-url`` / ``$DATABASE_URL`` / the SQLite
file (migrating it: :mod:`cli.migrations`)."""

from __future__ import annotations

import os
from dataclasses import dataclass

import typer
from sqlalchemy.engine import Engine

from store.db import database_url, make_engine


@dataclass
class CliState:
    """What the root command parsed, handed to sub-commands through ``ctx.obj``."""

    database_url: str | None = None


def remember_database_url(ctx: typer.Context, url: str | None) -> None:
    """Keep the root ``--database-url`` for sub-commands.

    Also exported as ``$DATABASE_URL`` so command groups that read the variable
    themselves (and ``server.create_app``, started by uvicorn) use the same database.
    """
    ctx.obj = CliState(database_url=url)
    if url:
        os.environ["DATABASE_URL"] = url


def engine_for(ctx: typer.Context) -> Engine:
    """An engine on the database the user chose."""
    state = ctx.find_object(CliState)
    return make_engine(database_url(state.database_url if state else None))
