"""The settings an app starts with reach the code that needs them, passed down from the edge:
the language of answers nobody asked a language for, and the graph's time rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from graph.sample import fill_sample
from server import create_app
from settings import Settings
from store.db import make_engine
from store.setup import init_db

UNKNOWN_UNIT = '{ unit(name: "市招商") { name } }'


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    made = make_engine(f"sqlite:///{Path(tmp_path_factory.mktemp('edges')) / 'p.db'}")
    init_db(made)
    with Session(made) as session:
        fill_sample(session)
        session.commit()
    return made


def _message(engine: Engine, settings: Settings, **headers: str) -> str:
    with TestClient(create_app(engine, settings=settings)) as client:
        response = client.post("/graphql", json={"query": UNKNOWN_UNIT}, headers=headers)
        return str(response.json()["errors"][0]["message"])


def test_an_app_configured_for_english_answers_english_unasked(engine: Engine) -> None:
    english = Settings(version_check_seconds=0, lang="en")
    assert _message(engine, english).startswith("No unit is named “市招商”.")
    # a request that asks still gets its language; an app left alone speaks Chinese
    assert _message(engine, english, **{"Accept-Language": "zh-CN"}).startswith("没有名为“市招商”")
    assert _message(engine, Settings(version_check_seconds=0)).startswith("没有名为“市招商”")


def test_an_app_started_with_rules_builds_its_graph_with_them(engine: Engine) -> None:
    settings = Settings(version_check_seconds=0, progress_rule="all", recurrence_years=3,
                        collective_rule="share:0.5")
    with TestClient(create_app(engine, settings=settings)) as client:
        stamped = client.app.state.holder.current().graph.graph  # type: ignore[attr-defined]
    assert (stamped["progress_rule"], stamped["recurrence_years"], stamped["collective_rule"]) == (
        "all", 3, "share:0.5")
