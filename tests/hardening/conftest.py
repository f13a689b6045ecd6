"""Fixtures of the hardening tests: a live corpus server on 127.0.0.1 with chosen
settings, and the figures file the closing note reads (test-artifacts/hardening-figures.json)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from settings import Settings
from tests.hardening.figures import record_figure
from tests.live_server import corpus_app, serve

__all__ = ["post", "record_figure"]

@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], Path]:
    """A factory of fresh SQLite paths (each server gets its own corpus copy)."""
    root = tmp_path_factory.mktemp("hardening")
    counter = iter(range(10_000))
    return lambda: root / f"corpus-{next(counter)}.db"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., AbstractContextManager[str]]:
    """``with live(**settings) as base:`` serves the corpus with those settings."""

    @contextmanager
    def start(**overrides: Any) -> Iterator[str]:
        path = tmp_path_factory.mktemp("live") / "policygraph.db"
        app = corpus_app(path, settings=Settings(**{"version_check_seconds": 3600.0,
                                                     **overrides}))
        with serve(app) as base:
            yield base

    return start


@pytest.fixture(scope="module")
def default_server(live: Callable[..., AbstractContextManager[str]]) -> Iterator[str]:
    """The corpus served with the default limits."""
    with live() as base:
        yield base


def post(base: str, query: str, variables: dict[str, Any] | None = None, *,
         headers: dict[str, str] | None = None, timeout: float = 30) -> httpx.Response:
    """POST a GraphQL operation to ``base``/graphql."""
    return httpx.post(f"{base}/graphql", json={"query": query, "variables": variables or {}},
                      headers=headers or {}, timeout=timeout)
