"""The real application (TestClient) over a private copy of the corpus database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from server import create_app
from settings import Settings
from tests.alerts.corpus_copy import corpus_db, corpus_template, corpus_url  # noqa: F401


@pytest.fixture
def feed_client(corpus_db: Engine) -> Iterator[TestClient]:  # noqa: F811
    """A client of the whole app, graph rebuilt whenever the data version moves."""
    with TestClient(create_app(corpus_db, settings=Settings(version_check_seconds=0))) as client:
        yield client
