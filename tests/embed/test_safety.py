"""Embedding safety: who may frame the widgets, who may read them, escaping of parameters."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from server import create_app
from settings import Settings, read_settings
from store.tokens import create_token

SCRIPT = "<script>alert(1)</script>"


def _policy(engine: Engine, settings: Settings) -> str:
    with TestClient(create_app(engine, settings=settings)) as framed:
        return framed.get("/embed/overdue").headers["content-security-policy"]


def test_frame_ancestors_are_self_plus_the_configured_origins(
        client: TestClient, corpus_sqlite: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYGRAPH_FRAME_ANCESTORS", "https://wiki.example.org http://127.0.0.1:9")
    csp = _policy(corpus_sqlite, read_settings())  # read from the environment at start
    assert "frame-ancestors 'self' https://wiki.example.org http://127.0.0.1:9" in csp
    csp = client.get("/embed/overdue").headers["content-security-policy"]  # started without
    assert csp.endswith("frame-ancestors 'self'")


def test_a_configured_value_cannot_inject_a_directive(corpus_sqlite: Engine) -> None:
    csp = _policy(corpus_sqlite, Settings(version_check_seconds=0,
                                          frame_ancestors="*; script-src * https://ok.example"))
    assert "script-src *" not in csp and csp.endswith("frame-ancestors 'self' https://ok.example")


@pytest.mark.parametrize("url", [
    f"/embed/overdue?unit={SCRIPT}",
    f"/embed/overdue?asOf={SCRIPT}",
    "/embed/unit/<script>alert(1)",  # a path segment cannot hold the closing tag's slash
    "/embed/place/<script>alert(1)?format=snippet",
    f"/embed/timeline?document={SCRIPT}",
    "/embed/unit/<script>alert(1)?format=md",
    f"/embed/network?place={SCRIPT}",
])
def test_a_script_parameter_comes_back_escaped(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (400, 404)
    assert "<script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_production_refuses_anonymous_viewers_and_accepts_tokens(corpus_sqlite: Engine) -> None:
    settings = Settings(version_check_seconds=0, anonymous_read=False)
    with TestClient(create_app(corpus_sqlite, settings=settings)) as client:
        assert client.get("/embed/overdue").status_code == 401
        assert client.get("/export/breakdown.csv").status_code == 401
        with Session(corpus_sqlite) as session:
            _, clear = create_token(session=session, unit_id=None, role="viewer")
            session.commit()
        bearer = {"Authorization": f"Bearer {clear}"}
        assert client.get("/embed/overdue", headers=bearer).status_code == 200
        assert client.get("/embed/overdue", params={"access_token": clear}).status_code == 200
        assert client.get("/embed/overdue",
                          params={"access_token": clear + "x"}).status_code == 401


def test_anonymous_reading_follows_the_settings_not_the_environment(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYGRAPH_ENV", "production")  # the app was built with reads on
    assert client.get("/embed/overdue").status_code == 200
