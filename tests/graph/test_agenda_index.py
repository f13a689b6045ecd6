"""The agenda index: one expansion per snapshot through the planning year, built once
even under concurrent first requests, and built ahead of any question by ``warm``."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest

import graph.obligations as obligations_module
from graph.agenda import assess, overdue
from graph.agenda_index import warm
from graph.obligations import planning_year
from graph.sample import sample_graph


def ids(assessed: list[Any]) -> list[tuple[str, str]]:
    return [(a.obligation.id, a.status.value) for a in assessed]


def test_a_year_after_the_planning_year_reads_the_shared_index() -> None:
    graph = sample_graph()
    graph.graph["recurrence_years"] = 100  # open-ended work runs that far here
    warm(graph)
    planning = planning_year(graph)
    assert planning == 2118, "the planning year reaches the open-ended work's default end"
    found = assess(graph, as_of=dt.date(planning + 3, 12, 31))
    found_ids = {a.obligation.id for a in found}
    assert f"deadline:000/三(二)/1@{planning}" in found_ids
    assert f"deadline:000/三(二)/1@{planning + 1}" not in found_ids
    assert list(graph.graph["agenda_index"]) == [planning], "no expansion of its own"


def test_concurrent_first_requests_build_the_index_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = obligations_module.expand_uncached

    def counted(graph: Any, *, through_year: int) -> Any:
        calls.append(through_year)
        return real(graph, through_year=through_year)

    monkeypatch.setattr(obligations_module, "expand_uncached", counted)
    graph = sample_graph()
    answers: list[list[tuple[str, str]]] = []
    start = threading.Barrier(8)

    def ask() -> None:
        start.wait()
        answers.append(ids(overdue(graph, as_of=dt.date(2019, 1, 1))))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [planning_year(graph)]
    assert answers == [[("deadline:000/二(二)1/1", "OVERDUE")]] * 8


def test_warm_builds_the_index_before_any_question() -> None:
    graph = sample_graph()
    assert "agenda_index" not in graph.graph
    warm(graph)
    assert list(graph.graph["agenda_index"]) == [planning_year(graph)]
