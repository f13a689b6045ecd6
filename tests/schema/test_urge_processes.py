"""催办 with two live servers on one PostgreSQL, each with its own engine and its own outbox
dispatcher polling every 0.1 s: every urge reaches the receiver exactly once whichever server
took it, and the per-unit limit set through one server holds on the other."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from server import create_app
from settings import Settings
from store.db import make_engine
from store.ingest import ingest_file
from store.outbox import OutboxMessage
from store.readback import stored_rows
from store.setup import init_db
from tests.alerts.conftest import Receiver, Request, start_receiver  # noqa: F401
from tests.live_server import serve
from tests.pg_cluster import PgCluster
from tests.schema.conftest import make_token
from tests.schema.test_corrections import DOC_000

pytestmark = pytest.mark.postgres
URGE = """mutation($input: UrgeInput!) { urge(input: $input) {
  urge { id } error { code nextAllowedAt } } }"""


def _ok(request: Request) -> tuple[int, object]:
    return 200, {"ok": True}


@pytest.fixture
def shared(pg_cluster: PgCluster) -> Iterator[Engine]:
    """One PostgreSQL database holding document 000."""
    engine = make_engine(pg_cluster.create_database())
    init_db(engine)
    assert ingest_file(engine=engine, path=DOC_000).ok
    yield engine
    engine.dispose()


def _servers(stack: ExitStack, url: str, channels: str, **settings: Any) -> list[str]:
    """Two servers over ``url``, each with its own engine (as two processes would have)."""
    found = []
    for _ in range(2):
        engine = make_engine(url)
        stack.callback(engine.dispose)
        app = create_app(engine, settings=Settings(version_check_seconds=0, alert_channels=channels,
                                                   dispatch_seconds=0.1, **settings))
        found.append(stack.enter_context(serve(app)))
    return found


def _urge(base: str, token: str, unit: str) -> dict[str, Any]:
    response = httpx.post(f"{base}/graphql", json={"query": URGE, "variables": {
        "input": {"unit": unit}}}, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return dict(body["data"]["urge"])


def _channels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, receiver: Receiver) -> str:
    monkeypatch.setenv("TEST_URGE_HOOK_URL", receiver.url + "/hook")
    path = tmp_path / "channels.yaml"
    path.write_text("webhook:\n  url_env: TEST_URGE_HOOK_URL\n  timeout: 5\n", encoding="utf-8")
    return str(path)


def test_urges_through_two_servers_reach_the_receiver_once_each(
        shared: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        start_receiver: Callable[..., Receiver]) -> None:  # noqa: F811
    receiver = start_receiver(_ok)
    admin = make_token(shared, "admin")
    url = shared.url.render_as_string(hide_password=False)
    with ExitStack() as stack:
        first, second = _servers(stack, url, _channels(tmp_path, monkeypatch, receiver),
                                 urge_interval=dt.timedelta(0))
        ids = [_urge(base, admin, "市规划局")["urge"]["id"]
               for base in (first, second, first, second, first, second)]
        deadline = time.monotonic() + 10
        while len(receiver.requests) < len(ids) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # several more polls of both dispatchers
    assert sorted(r.json()["urge"]["id"] for r in receiver.requests) == sorted(ids)
    with Session(shared) as session:
        messages = stored_rows(session=session, model=OutboxMessage)
        assert [(m.status, m.attempts) for m in messages] == [
            ("sent", 1)] * len(ids)


def test_the_limit_set_through_one_server_holds_on_the_other(
        shared: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        start_receiver: Callable[..., Receiver]) -> None:  # noqa: F811
    receiver = start_receiver(_ok)
    admin = make_token(shared, "admin")
    url = shared.url.render_as_string(hide_password=False)
    with ExitStack() as stack:
        first, second = _servers(stack, url, _channels(tmp_path, monkeypatch, receiver))
        assert _urge(first, admin, "市规划局")["error"] is None
        refused = _urge(second, admin, "市规划局")
        other_unit = _urge(second, admin, "市招商局")
    assert refused["urge"] is None and refused["error"]["code"] == "RATE_LIMITED"
    assert other_unit["error"] is None
