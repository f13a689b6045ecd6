"""X-Forwarded-For moves a client to another rate-limit bucket only when it comes from a
configured trusted proxy; from anyone else, loopback included, it is ignored."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient
from typer.testing import CliRunner

from cli.main import app as cli
from graph.sample import fill_sample
from server import create_app
from settings import Settings
from store.db import make_engine
from store.setup import init_db


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    made = make_engine(f"sqlite:///{tmp_path_factory.mktemp('clientip')}/p.db")
    init_db(made)
    with Session(made) as session:
        fill_sample(session)
        session.commit()
    return made


def statuses(engine: Engine, trusted: tuple[str, ...], forwarded: list[str]) -> list[int]:
    settings = Settings(version_check_seconds=0, rate_limit_ip=2, rate_limit_token=0,
                        json_logs=False, trusted_proxies=trusted)
    with TestClient(create_app(engine, settings=settings), client=("127.0.0.1", 4321)) as client:
        while time.time() % 60 > 50:  # within one minute: at its turn the sliding window
            time.sleep(0.5)           # weighs the last one a little less than whole
        return [client.get("/metrics", headers={"X-Forwarded-For": f}).status_code
                for f in forwarded]


def test_forged_forwarded_addresses_from_loopback_share_one_bucket(engine: Engine) -> None:
    assert statuses(engine, (), ["1.1.1.1", "2.2.2.2", "3.3.3.3"]) == [200, 200, 429]


def test_a_trusted_proxy_forwards_each_clients_own_bucket(engine: Engine) -> None:
    assert statuses(engine, ("127.0.0.1",), ["1.1.1.1", "2.2.2.2", "3.3.3.3"]) == [200] * 3
    same = ["9.9.9.9, 1.1.1.1", "8.8.8.8, 1.1.1.1", "1.1.1.1"]  # left of the client: forgeable
    assert statuses(engine, ("127.0.0.0/8",), same) == [200, 200, 429]


def test_serve_turns_uvicorns_proxy_headers_off(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Any) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: calls.append(k))
    result = CliRunner().invoke(cli, ["--database-url", f"sqlite:///{tmp_path}/s.db", "serve"])
    assert result.exit_code == 0, result.output
    assert calls and calls[0]["proxy_headers"] is False


def test_trusted_proxies_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYGRAPH_TRUSTED_PROXIES", "10.0.0.1, 192.168.0.0/16")
    assert Settings.from_env().trusted_proxies == ("10.0.0.1", "192.168.0.0/16")
    monkeypatch.delenv("POLICYGRAPH_TRUSTED_PROXIES")
    assert Settings.from_env().trusted_proxies == ()


def test_the_access_log_names_the_client_a_trusted_proxy_forwarded(
        engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    import json

    settings = Settings(version_check_seconds=0, rate_limit_ip=0, rate_limit_token=0,
                        json_logs=True, trusted_proxies=("127.0.0.1",))
    with TestClient(create_app(engine, settings=settings), client=("127.0.0.1", 4321)) as client, \
            caplog.at_level("INFO", logger="policygraph.access"):
        client.get("/healthz", headers={"X-Forwarded-For": "203.0.113.7"})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "policygraph.access"]
    assert lines and lines[-1]["client"] == "203.0.113.7"
