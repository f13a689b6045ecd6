"""Per-year expansions are bounded: the planning year's is kept for good, later years
only a few at a time, however many distinct years are asked about."""

from __future__ import annotations

import datetime as dt
import threading

from graph.agenda import assess
from graph.agenda_index import warm
from graph.cancel import Cancelled, CancelToken, cancellable
from graph.memo import EXTRA_YEARS, YearCache
from graph.obligations import expand, planning_year
from graph.sample import sample_graph


def test_thirty_distinct_far_years_keep_at_most_the_bounded_number_of_expansions() -> None:
    graph = sample_graph()
    warm(graph)
    planning = planning_year(graph)
    for year in range(planning + 1, planning + 31):
        assess(graph, as_of=dt.date(year, 6, 1))
        expand(graph, through_year=year)
    assert list(graph.graph["agenda_index"]) == [planning], "every year reads the shared index"
    assert len(graph.graph["expanded"]) == 1 + EXTRA_YEARS
    assert planning in graph.graph["expanded"], "the shared expansion is never evicted"


def test_an_evicted_year_is_expanded_again_with_the_same_answer() -> None:
    graph = sample_graph()
    far = planning_year(graph) + 3
    first = [o.id for o in expand(graph, through_year=far)]
    for year in range(far + 1, far + 2 * EXTRA_YEARS):
        expand(graph, through_year=year)
    assert far not in graph.graph["expanded"]
    assert [o.id for o in expand(graph, through_year=far)] == first


def test_the_cache_survives_concurrent_readers_and_writers() -> None:
    cache: YearCache[int] = YearCache(extra=3)
    errors: list[BaseException] = []

    def churn(offset: int) -> None:
        try:
            for i in range(2000):
                cache.put(offset + i % 17, i)
                cache.get(offset + (i * 7) % 17)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=churn, args=(k * 100,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(cache) <= 3


def test_a_cancelled_request_stops_expanding_a_far_year() -> None:
    graph = sample_graph()
    token = CancelToken()
    token.cancel()
    with cancellable(token):
        try:
            expand(graph, through_year=planning_year(graph) + 7)
        except Cancelled:
            stopped = True
        else:
            stopped = False
    assert stopped
    assert planning_year(graph) + 7 not in graph.graph.get("expanded", ())
