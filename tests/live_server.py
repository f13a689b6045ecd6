"""Serve an ASGI app for real on a free 127.0.0.1 port, for tests that need a live server
(the browser, the GraphQL-over-HTTP audit, fuzzing).  A plain helper module rather than a
fixture so each test package picks the scope and the app it needs."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Run ``app`` under uvicorn in a daemon thread; yield its base URL."""
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets whose proto says
    # TCP, and without it every response waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def database_url(url: str | None) -> Iterator[None]:
    """Point ``DATABASE_URL`` at ``url`` for the block only, so other test packages never
    inherit a temporary database."""
    saved = os.environ.get("DATABASE_URL")
    if url is not None:
        os.environ["DATABASE_URL"] = url
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = saved


def corpus_app(db_path: Path, **settings: Any) -> Any:
    """``server.create_app`` over a new SQLite file holding the bundled corpus."""
    from server import create_app
    from store.db import make_engine
    from store.ingest import load_bundled

    url = f"sqlite:///{db_path}"
    engine = make_engine(url)
    load_bundled(engine=engine)
    with database_url(url):
        return create_app(engine=engine, **settings)


@contextmanager
def uncached_corpus_client(folder: Path, **settings: Any) -> Iterator[Any]:
    """A ``TestClient`` of :func:`corpus_app` in ``folder`` as the bench serves it: the
    response cache off, the data version checked hourly; other ``settings`` as given."""
    from starlette.testclient import TestClient

    from settings import Settings

    app = corpus_app(folder / "policygraph.db",
                     settings=Settings(version_check_seconds=3600.0, response_cache_entries=0,
                                       **settings))
    with TestClient(app) as client:
        yield client
