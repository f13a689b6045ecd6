"""``policygraph serve``: migrate, optionally load the bundled corpus, run uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.database import engine_for
from i18n import gettext as _
from observability.redact import uvicorn_log_config
from store.ingest import load_bundled
from store.setup import init_db


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    load_bundled_corpus: Annotated[
        bool,
        typer.Option("--load-bundled", help="Load data/corpus when the database has no documents."),
    ] = False,
) -> None:
    """Serve the GraphQL API (``server:create_app``) on http://HOST:PORT."""
    import uvicorn

    engine = engine_for(ctx)
    if load_bundled_corpus:
        if load_bundled(engine=engine):
            typer.echo(_("cli.serve.loaded"), err=True)
    else:
        init_db(engine)
    engine.dispose()
    # The app builds its own engine from $DATABASE_URL (set by the root command).
    # proxy_headers off: uvicorn would believe X-Forwarded-For from 127.0.0.1; the app
    # believes it only from POLICYGRAPH_TRUSTED_PROXIES (observability.clientip)
    # log_config: uvicorn's own, with a filter masking ?access_token=… and bearer tokens
    uvicorn.run("server:create_app", factory=True, host=host, port=port, proxy_headers=False,
                log_config=uvicorn_log_config())
