"""Trends: each month's counts are what the agenda answers as of that month's end, for
the price of one judgement per obligation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlmodel import Session

import graph.trends as trends_module
from graph.agenda import assess
from graph.build import build_graph
from graph.status import Status, StatusReport
from graph.trends import MAX_MONTHS, RangeTooLong, months, trend
from store.db import make_engine
from store.ingest import load_bundled

PARK = "deadline:000_a92242b81cc0d015/二(二)1/1"  # due 2018-07-31, the 结对县 collective's
PLAN_REVIEW = "deadline:000_a92242b81cc0d015/二(二)2/1"  # due 2018-12-31, 市招商局 leads


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory: pytest.TempPathFactory) -> Any:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('trends')}/corpus.db")
    load_bundled(engine=engine)
    with Session(engine) as session:
        graph = build_graph(session)
    engine.dispose()
    return graph


def test_each_month_agrees_with_the_agenda_as_of_its_last_day(corpus_graph: Any) -> None:
    reports = [StatusReport(PARK, dt.date(2019, 3, 1)),
               StatusReport(PLAN_REVIEW, dt.date(2018, 12, 20), unit="unit:1")]
    points = trend(corpus_graph, reports, start=dt.date(2018, 6, 1), end=dt.date(2021, 3, 1))
    for point in points:
        judged = assess(corpus_graph, as_of=point.as_of, reports=reports)
        done = [a for a in judged if a.status in (Status.DONE, Status.DONE_LATE)]
        late = [a for a in judged if a.status is Status.OVERDUE]
        due = [a for a in judged if a.obligation.due <= point.as_of]
        assert (point.due, point.done, point.overdue) == (len(due), len(done), len(late)), \
            point.month


def test_each_obligation_is_judged_once_whatever_the_number_of_months(
        corpus_graph: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    judge = trends_module.judge_obligation

    def counted(graph: Any, obligation: Any, **kwargs: Any) -> Any:
        calls.append(obligation.id)
        return judge(graph, obligation, **kwargs)

    monkeypatch.setattr(trends_module, "judge_obligation", counted)
    trend(corpus_graph, (), start=dt.date(2018, 1, 1), end=dt.date(2018, 12, 1))
    twelve = len(calls)
    calls.clear()
    trend(corpus_graph, (), start=dt.date(2011, 1, 1), end=dt.date(2020, 12, 1))
    assert len(calls) == len(set(calls))  # never twice the same instance
    assert twelve <= len(calls) < 120 * 2  # not one judgement per obligation and month


def test_the_range_is_bounded_to_120_months() -> None:
    assert MAX_MONTHS == 120
    assert len(months(dt.date(2011, 1, 1), dt.date(2020, 12, 31))) == 120
    with pytest.raises(RangeTooLong, match="at most 120 months") as error:
        months(dt.date(2011, 1, 1), dt.date(2021, 1, 1))
    assert error.value.count == 121
    with pytest.raises(RangeTooLong, match="before its start"):
        months(dt.date(2019, 3, 1), dt.date(2019, 2, 28))


def test_no_month_is_judged_after_the_day_asked_on(corpus_graph: Any) -> None:
    day = dt.date(2018, 12, 10)  # judged at its month's end, 2018-12 would count 12-31's dues
    points = trend(corpus_graph, (), start=dt.date(2018, 11, 1), end=dt.date(2019, 1, 1),
                   as_of=day)
    judged = assess(corpus_graph, as_of=day)
    now = (len([a for a in judged if a.obligation.due <= day]),
           len([a for a in judged if a.status is Status.OVERDUE]))
    assert [p.as_of for p in points] == [dt.date(2018, 11, 30), day, day]
    assert [(p.due, p.overdue) for p in points[1:]] == [now, now]


def test_a_place_and_a_jurisdiction_keep_their_own_obligations(corpus_graph: Any) -> None:
    from graph.places import obligations_of_place

    taishun = next(n for n, d in corpus_graph.nodes(data=True)
                   if d["kind"] == "Place" and d["name"] == "泰顺县")
    for point in trend(corpus_graph, (), start=dt.date(2018, 11, 1), end=dt.date(2020, 2, 1),
                       place=taishun):
        judged = obligations_of_place(corpus_graph, taishun, as_of=point.as_of)
        assert point.overdue == len([a for a in judged if a.status is Status.OVERDUE])
        assert point.due == len([a for a in judged if a.obligation.due <= point.as_of])
    wenzhou = next(i for i, j in corpus_graph.graph["jurisdictions"].items()
                   if j["full_name"] == "浙江省温州市")
    zhejiang = next(i for i, j in corpus_graph.graph["jurisdictions"].items()
                    if j["full_name"] == "浙江省")
    day = dict(start=dt.date(2013, 1, 1), end=dt.date(2013, 1, 1))
    # the province's opinion (due 2012) is overdue in 2013; 温政发〔2018〕26号 does not exist yet
    assert trend(corpus_graph, (), jurisdiction=wenzhou, **day)[0].due == 0
    assert trend(corpus_graph, (), jurisdiction=zhejiang, **day)[0].overdue == \
        trend(corpus_graph, (), **day)[0].overdue > 0
