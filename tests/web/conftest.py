"""A real HTTP server on 127.0.0.1 serving the GraphQL endpoint with the offline playground.

When the project's ``server.create_app`` exists it is used, over a temporary SQLite database
loaded with the bundled corpus.  Until then (``server.py`` is written in parallel) a stand-in
Starlette app with a two-field Strawberry schema is served, wired exactly as the real server
is meant to be: ``PlaygroundGraphQL`` mixed into strawberry's ``GraphQL`` and ``static_mount()``.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import strawberry
import uvicorn
from starlette.applications import Starlette
from starlette.routing import Route
from strawberry.asgi import GraphQL

from web.playground import PlaygroundGraphQL, static_mount

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"


@dataclass(frozen=True)
class LiveServer:
    """Where the server listens and which app it is (``"project"`` or ``"stand-in"``)."""

    base_url: str
    kind: str


# --- the stand-in app ----------------------------------------------------------------------
# Typed by hand from 温政发〔2018〕26号: "(责任单位:市招商局〈经合办〉,…)" names 市招商局 with
# the alias 经合办.  Only what the playground test asks for is modelled.


@strawberry.type
class StandInUnit:
    name: str
    aliases: list[str]


_STAND_IN_UNITS = [StandInUnit(name="市招商局", aliases=["经合办"])]


@strawberry.type
class StandInQuery:
    @strawberry.field
    def units(self) -> list[StandInUnit]:
        return _STAND_IN_UNITS

    @strawberry.field
    def unit(self, name: str) -> StandInUnit | None:
        for unit in _STAND_IN_UNITS:
            if name == unit.name or name in unit.aliases:
                return unit
        return None


class StandInGraphQL(PlaygroundGraphQL, GraphQL):
    """The wiring the real server is expected to use."""


def _stand_in_app() -> Starlette:
    schema = strawberry.Schema(query=StandInQuery)
    return Starlette(routes=[Route("/graphql", StandInGraphQL(schema)), static_mount()])


# --- the project's app ---------------------------------------------------------------------


def _project_create_app() -> Any | None:
    if importlib.util.find_spec("server") is None:
        return None
    return getattr(importlib.import_module("server"), "create_app", None)


def _project_app(create_app: Any, url: str) -> Starlette:
    """``server.create_app`` over a fresh SQLite database holding the bundled corpus."""
    from store.db import make_engine

    engine = make_engine(url)
    _load_bundled_corpus(engine)
    return create_app(engine=engine)


def _load_bundled_corpus(engine: Any) -> None:
    """Migrate, then ingest ``data/corpus`` through ``store.ingest.load_bundled`` if present."""
    from store.setup import init_db

    init_db(engine)
    if importlib.util.find_spec("store.ingest") is not None:
        importlib.import_module("store.ingest").load_bundled(engine=engine)


# --- serving ---------------------------------------------------------------------------------


@contextmanager
def _serve(app: Starlette) -> Iterator[str]:
    """Run ``app`` under uvicorn in a daemon thread on a free loopback port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="auto")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
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
def _database_url(url: str | None) -> Iterator[None]:
    """Point ``DATABASE_URL`` at ``url`` for the block only, so other test packages never
    inherit this package's temporary database."""
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


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The GraphQL server, live on 127.0.0.1 for the whole session."""
    create_app = _project_create_app()
    if create_app is None:
        with _serve(_stand_in_app()) as base_url:
            yield LiveServer(base_url=base_url, kind="stand-in")
        return
    db_path = tmp_path_factory.mktemp("web-db") / "policygraph.db"
    url = f"sqlite:///{db_path}"
    # The app gets its engine explicitly; the variable is set while it is built and starts
    # (its lifespan may read settings), then restored.
    with ExitStack() as stack:
        with _database_url(url):
            app = _project_app(create_app, url)
            base_url = stack.enter_context(_serve(app))
        yield LiveServer(base_url=base_url, kind="project")


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """``test-artifacts/`` at the project root, kept by CI."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
