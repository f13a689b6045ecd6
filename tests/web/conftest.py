"""A real HTTP server on 127.0.0.1 serving ``server.create_app`` over a temporary SQLite
database holding the bundled corpus, for the playground's browser and HTTP tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.live_server import corpus_app, serve

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"


@dataclass(frozen=True)
class LiveServer:
    """Where the server listens."""

    base_url: str


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The GraphQL server, live on 127.0.0.1 for the whole session."""
    app = corpus_app(tmp_path_factory.mktemp("web-db") / "policygraph.db")
    with serve(app) as base_url:
        yield LiveServer(base_url=base_url)


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """``test-artifacts/`` at the project root, kept by CI."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
