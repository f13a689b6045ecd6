"""The serving process's garbage collector: a young generation large enough that a
request's temporaries die before it looks, and cycles still collected."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from starlette.testclient import TestClient

from hardening.collector import YOUNG_OBJECTS, restore_collector, tune_collector
from server import create_app
from settings import Settings
from store.db import make_engine


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_a_serving_app_raises_the_young_generation_and_puts_it_back(tmp_path: Path) -> None:
    before = gc.get_threshold()
    gc.set_threshold(700, before[1], before[2])  # CPython's default, whatever ran before
    try:
        engine = make_engine(f"sqlite:///{tmp_path / 'collector.db'}")
        app = create_app(engine, settings=Settings(response_cache_entries=0))
        with TestClient(app) as client:
            assert client.get("/healthz").status_code == 200
            assert gc.get_threshold()[0] == 20_000
        assert gc.get_threshold()[0] == 700
        engine.dispose()
    finally:
        gc.set_threshold(*before)


def test_cycles_are_still_collected_under_the_raised_threshold() -> None:
    was_enabled = gc.isenabled()
    gc.enable()
    previous = tune_collector()
    try:
        gc.collect()
        first, second = _Node(), _Node()
        first.other, second.other = second, first  # a cycle: reference counting never frees it
        alive = weakref.ref(first)
        del first, second
        kept = [[] for _ in range(YOUNG_OBJECTS * 3)]  # enough new containers to trigger it
        assert alive() is None
        del kept
    finally:
        restore_collector(previous)
        if not was_enabled:
            gc.disable()
