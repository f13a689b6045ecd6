"""The widget cache serves repeated page views from memory, and never serves an answer
the data has moved past: a progress report or a new data version shows on the next view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from server import create_app
from settings import Settings
from store.crud.documents import bump_data_version
from store.progress.reports import report_progress
from tests.embed.conftest import new_corpus_engine

PARK = "deadline:000_a92242b81cc0d015/二(二)1/1"  # 2018年7月底前, 结对县(市、区)党委、政府
OVERDUE_2019 = "/embed/overdue?asOf=2019-01-01"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = new_corpus_engine(tmp_path)
    yield engine
    engine.dispose()


def serve(engine: Engine, **settings: object) -> TestClient:
    return TestClient(create_app(engine, settings=Settings(version_check_seconds=0,
                                                           **settings)))  # type: ignore[arg-type]


def test_a_repeated_view_is_served_from_the_cache(engine: Engine) -> None:
    with serve(engine) as client:
        cache = client.app.state.widget_cache  # type: ignore[attr-defined]
        first = client.get(OVERDUE_2019)
        second = client.get(OVERDUE_2019)
        assert (cache.misses, cache.hits) == (1, 1)
        assert second.status_code == 200 and second.content == first.content
        assert second.headers["content-type"] == first.headers["content-type"]
        assert "frame-ancestors" in second.headers["content-security-policy"]


def test_another_day_or_filter_is_another_entry(engine: Engine) -> None:
    with serve(engine) as client:
        cache = client.app.state.widget_cache  # type: ignore[attr-defined]
        client.get(OVERDUE_2019)
        client.get("/embed/overdue?asOf=2021-01-01")
        client.get(OVERDUE_2019 + "&unit=市规划局")
        assert (cache.misses, cache.hits) == (3, 0)


def test_a_progress_report_shows_on_the_next_view(engine: Engine) -> None:
    with serve(engine) as client:
        before = client.get("/embed/overdue?asOf=2019-01-01&format=md").text
        assert "二(二)1" in before
        with Session(engine) as session:
            report_progress(session=session, obligation_id=PARK, unit_id=None,
                            reported_on=dt.date(2018, 7, 20), done=True)
            session.commit()
        after = client.get("/embed/overdue?asOf=2019-01-01&format=md").text
        assert "二(二)1" not in after, "done on time: no longer overdue"


def test_a_new_data_version_shows_on_the_next_view(engine: Engine) -> None:
    with serve(engine) as client:
        cache = client.app.state.widget_cache  # type: ignore[attr-defined]
        client.get(OVERDUE_2019)
        with Session(engine) as session:
            bump_data_version(session=session)
            session.commit()
        client.get(OVERDUE_2019)
        assert (cache.misses, cache.hits) == (2, 0)


def test_errors_are_not_cached_and_the_cache_can_be_turned_off(engine: Engine) -> None:
    with serve(engine) as client:
        cache = client.app.state.widget_cache  # type: ignore[attr-defined]
        assert client.get("/embed/unit/没有这个局").status_code == 404
        assert client.get("/embed/unit/没有这个局").status_code == 404
        assert cache.hits == 0
    with serve(engine, widget_cache_entries=0) as client:
        cache = client.app.state.widget_cache  # type: ignore[attr-defined]
        client.get(OVERDUE_2019)
        client.get(OVERDUE_2019)
        assert cache.hits == 0
