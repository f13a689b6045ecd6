"""``policygraph serve``: migrate, optionally load the bundled corpus, run uvicorn.

``--workers N`` runs N uvicorn worker processes on one port.  Only on PostgreSQL: the
processes share what one of them writes through the database (the data version by
LISTEN/NOTIFY, the rate limits' counters in a table), while SQLite allows one writer.
The migrations and ``--load-bundled`` run once here, in the parent, before any worker
starts.  The workers' metrics go to a multiprocess folder (``POLICYGRAPH_METRICS_DIR``,
or a temporary one made here and removed on exit), emptied before they start as
prometheus-client requires, so ``/metrics`` sums every worker whichever one answers.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import make_url

from cli.database import engine_for, export_variables, settings_of
from i18n import gettext as _
from observability.redact import uvicorn_log_config
from store.ingest import load_bundled
from store.setup import init_db

#: Most worker processes ``--workers`` accepts (each holds its own connection pool).
MAX_WORKERS = 64
#: Seconds uvicorn's supervisor waits for a worker's answer before taking it for dead and
#: starting another: a new worker imports this command and the whole app first, which on
#: a busy machine takes longer than uvicorn's 5 s (and then no worker ever came up).
WORKER_HEALTHCHECK_SECONDS = 60


def shared_database(url: str) -> bool:
    """Whether several processes may serve the database of ``url`` (PostgreSQL).

    >>> shared_database("postgresql+psycopg://u@127.0.0.1/pg"), shared_database("sqlite:///x.db")
    (True, False)
    """
    return make_url(url).get_backend_name() == "postgresql"


def empty_metrics_folder(folder: Path) -> None:
    """Delete the metric files a previous run left in ``folder`` (created if missing);
    anything else in it stays."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()


@contextmanager
def metrics_folder(configured: str | None, workers: int) -> Iterator[Path | None]:
    """The multiprocess metrics folder for this run, exported to the workers: the
    configured one, else (several workers) a temporary one removed on exit."""
    if configured is None and workers == 1:
        yield None
        return
    made = configured is None
    folder = Path(configured) if configured else Path(tempfile.mkdtemp(prefix="policygraph-metrics-"))
    empty_metrics_folder(folder)
    export_variables({"PROMETHEUS_MULTIPROC_DIR": str(folder),
                      "POLICYGRAPH_METRICS_DIR": str(folder)})
    try:
        yield folder
    finally:
        if made:
            shutil.rmtree(folder, ignore_errors=True)


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    load_bundled_corpus: Annotated[
        bool,
        typer.Option("--load-bundled", help="Load data/corpus when the database has no documents."),
    ] = False,
    workers: Annotated[int, typer.Option(
        min=1, max=MAX_WORKERS,
        help=f"Worker processes on one port (1 to {MAX_WORKERS}); above 1 only on PostgreSQL.",
    )] = 1,
) -> None:
    """Serve the GraphQL API (``server:create_app``) on http://HOST:PORT."""
    import uvicorn

    engine = engine_for(ctx)
    if workers > 1 and not shared_database(str(engine.url)):
        engine.dispose()
        typer.echo(_("cli.serve.workers_need_postgres", workers=workers), err=True)
        raise typer.Exit(2)
    # once, here, before any worker starts: the workers find the database at head
    if load_bundled_corpus:
        if load_bundled(engine=engine):
            typer.echo(_("cli.serve.loaded"), err=True)
    else:
        init_db(engine)
    engine.dispose()
    with metrics_folder(settings_of(ctx).metrics_dir, workers):
        # The app builds its own engine from $DATABASE_URL (set by the root command).
        # proxy_headers off: uvicorn would believe X-Forwarded-For from 127.0.0.1; the app
        # believes it only from POLICYGRAPH_TRUSTED_PROXIES (observability.clientip)
        # log_config: uvicorn's own, with a filter masking ?access_token=… and bearer tokens
        uvicorn.run("server:create_app", factory=True, host=host, port=port,
                    proxy_headers=False, log_config=uvicorn_log_config(), workers=workers,
                    timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS)
