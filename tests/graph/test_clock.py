"""Pure graph code never reads the clock: a snapshot's obligations depend on its data,
not on the day it is built (the edges pass ``today`` or ``as_of``)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from graph.agenda import assess
from graph.obligations import expand, find_obligation, planning_year
from graph.sample import sample_graph

PACKAGES = ("extract", "graph")
EDGES = {
    # The process's live snapshot holder stamps when it built a snapshot (for its age);
    # the stamp decides nothing about any obligation.
    "graph/state.py",
}
CLOCK = re.compile(r"\b(?:date\.today|datetime\.(?:now|utcnow|today)|time\.time)\(")
ROOT = Path(__file__).resolve().parents[2]


def _clock_at(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    """Make ``datetime.date.today()`` and ``datetime.datetime.now()`` answer ``day``."""

    class FrozenDate(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return day

    class FrozenDateTime(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:
            return dt.datetime(day.year, day.month, day.day, 9, tzinfo=tz)

    monkeypatch.setattr(dt, "date", FrozenDate)
    monkeypatch.setattr(dt, "datetime", FrozenDateTime)


def _obligations_built_on(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> list[tuple]:
    with monkeypatch.context() as patch:
        _clock_at(patch, day)
        graph = sample_graph()
        through = planning_year(graph)
        expanded = [(o.id, o.due.isoformat(), o.open_ended) for o in expand(graph, through_year=through)]
        yearly = find_obligation(graph, "deadline:000/三(二)/1@2023")
        one_off = find_obligation(graph, "deadline:000/二(二)1/1")
    statuses = [(a.obligation.id, a.status.value)
                for a in assess(graph, as_of=dt.date(2021, 6, 30))]
    return [through, expanded, yearly and yearly.due, one_off and one_off.due, statuses]


def test_a_snapshot_built_on_two_different_days_has_identical_obligations(
        monkeypatch: pytest.MonkeyPatch) -> None:
    early = _obligations_built_on(monkeypatch, dt.date(2019, 1, 1))
    late = _obligations_built_on(monkeypatch, dt.date(2031, 6, 1))
    assert early[1], "the sample has obligations"
    assert early == late


def test_no_pure_module_reads_the_clock() -> None:
    readers = [f"{path.relative_to(ROOT)}:{n}"
               for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
               if str(path.relative_to(ROOT)) not in EDGES
               for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if CLOCK.search(line.split("#")[0])]
    assert readers == []
