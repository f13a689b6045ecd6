"""What a command works with: the settings read at the CLI's start and the database
(``--database-url`` / ``$POLICYGRAPH_DATABASE_URL`` / ``$DATABASE_URL`` / the SQLite file,
migrated by :mod:`cli.migrations`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import click
import typer
from sqlalchemy.engine import Engine

from i18n import use_locale
from settings import Settings, read_settings
from store.db import database_url, make_engine


@dataclass
class CliState:
    """What the root command parsed, handed to sub-commands through ``ctx.obj``."""

    database_url: str | None = None
    settings: Settings = field(default_factory=Settings)


def remember_database_url(ctx: typer.Context, url: str | None) -> None:
    """The CLI's start: read the settings once, keep them and the root ``--database-url``
    for sub-commands, and speak the configured language until the command ends.

    The chosen URL is also exported as ``$DATABASE_URL``, so sub-commands whose own
    ``--database-url`` falls back to the variable (and ``server.create_app``, started by
    uvicorn in ``policygraph serve``) use the same database.
    """
    settings = read_settings()
    chosen = url or settings.database_url
    ctx.obj = CliState(database_url=chosen, settings=settings)
    ctx.with_resource(use_locale(settings.lang))
    if chosen:
        os.environ["DATABASE_URL"] = chosen


def start_command(ctx: typer.Context) -> None:
    """Start a command group run on its own (``policygraph alerts`` as its own app): the
    root command has not read the settings yet, so read them here; under the root, nothing."""
    if ctx.find_object(CliState) is None:
        remember_database_url(ctx, None)


def engine_for(ctx: typer.Context, *, read_only: bool = False) -> Engine:
    """An engine on the database the user chose (``read_only``: a source the command
    only reads, left exactly as it was; :func:`store.db.make_engine`)."""
    state = ctx.find_object(CliState)
    return make_engine(database_url(state.database_url if state else None),
                       read_only=read_only)


def settings_of(ctx: typer.Context) -> Settings:
    """The settings the command of ``ctx`` started with."""
    state = ctx.find_object(CliState)
    return state.settings if state is not None else read_settings()


def cli_settings() -> Settings:
    """The settings the running command started with (the defaults outside a command)."""
    ctx = click.get_current_context(silent=True)
    state = ctx.find_object(CliState) if ctx is not None else None
    return state.settings if state is not None else Settings()


def export_variables(values: dict[str, str]) -> None:
    """Set environment variables for the processes this command starts (the server's
    uvicorn workers read their settings, and prometheus-client its multiprocess
    folder, from their environment)."""
    os.environ.update(values)
