"""The gauges of one ``/metrics`` scrape: obligation counts per unit and status, and the
alert outbox by status, as prometheus-client metric families.

``policygraph_obligations{jurisdiction="浙江省温州市",status="OVERDUE",unit="市规划局"} 2.0``
for every unit that owns an obligation and every status (zeros included, so ``OVERDUE`` and
``DUE_SOON`` series exist before anything is late and alert rules can use ``> 0``).  The
jurisdiction tells two governments' units of one name apart (every city has a
市发展和改革委员会).  They depend on the scrape's ``?as_of=``, so they are built per scrape
and written with the application's registry (:meth:`observability.metrics.Metrics.exposition`);
request counters live there.  Judging every instance of a province takes seconds, so a
snapshot keeps the written page of its latest (day, reports) pairs: a scrape that finds
neither the snapshot nor the reports changed reads it back.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

import networkx as nx
from cachetools import LRUCache
from prometheus_client.exposition import generate_latest
from prometheus_client.metrics_core import GaugeMetricFamily, Metric

from graph.agenda import Assessed, assess
from graph.names import jurisdiction_of
from graph.status import Status, StatusReport

Counts = Mapping[tuple[str, str, Status], int]
"""Obligation instances per (jurisdiction's full name, unit name, status)."""

KEPT_SCRAPES = 2
"""Pages a snapshot keeps: the day scrapes ask about (today), and one other."""

_LOCK = threading.Lock()


def obligation_counts(assessed: Iterable[Assessed], *,
                      where: Callable[[str], str] = lambda unit: "") -> dict[
                          tuple[str, str, Status], int]:
    """Count obligation instances per (jurisdiction, owner unit name, status); unowned
    ones are left out. ``where`` names a Unit node's jurisdiction.

    >>> from types import SimpleNamespace as Obj
    >>> owner = Obj(unit="unit:1", name="市发改委")
    >>> same_name = Obj(unit="unit:2", name="市发改委")
    >>> seen = [Obj(obligation=Obj(owners=(owner, same_name)), status=Status.OVERDUE)]
    >>> cities = {"unit:1": "浙江省温州市", "unit:2": "浙江省杭州市"}.__getitem__
    >>> sorted(obligation_counts(seen, where=cities).values())
    [1, 1]
    """
    counts: Counter[tuple[str, str, Status]] = Counter()
    for a in assessed:
        for unit, name in dict.fromkeys((o.unit, o.name) for o in a.obligation.owners):
            counts[(where(unit), name, a.status)] += 1
    return dict(counts)


class _Families:
    """Families for :func:`generate_latest`, which asks a registry to ``collect``."""

    def __init__(self, families: Iterable[Metric]) -> None:
        self.families = list(families)

    def collect(self) -> Iterable[Metric]:
        return self.families


def obligations_page(graph: nx.MultiDiGraph, *, as_of: dt.date,
                     reports: Sequence[StatusReport]) -> bytes:
    """The ``policygraph_obligations`` family in the text format, every instance of
    ``graph`` judged on ``as_of`` with ``reports``; kept on the snapshot (it never
    changes) for the same day and reports, as written (a province's page is megabytes of
    series, and writing it costs as much as judging)."""
    key = (as_of, tuple(reports))
    with _LOCK:
        cache: LRUCache[tuple[dt.date, tuple[StatusReport, ...]], bytes] = \
            graph.graph.setdefault("scrape_pages", LRUCache(maxsize=KEPT_SCRAPES))
        found = cache.get(key)
    if found is None:
        names: dict[str, str] = {}

        def where(unit: str) -> str:
            if unit not in names:
                names[unit] = (jurisdiction_of(graph, unit) or {}).get("full_name", "")
            return names[unit]

        counts = obligation_counts(assess(graph, as_of=as_of, reports=reports), where=where)
        found = generate_latest(_Families([obligation_family(counts)]))
        with _LOCK:
            cache[key] = found
    return found


def obligation_family(counts: Counts) -> Metric:
    """``policygraph_obligations``: every status of every unit that owns an instance.

    >>> family = obligation_family({("浙江省温州市", "市规划局", Status.OVERDUE): 2})
    >>> [s.labels for s in family.samples if s.value]
    [{'jurisdiction': '浙江省温州市', 'unit': '市规划局', 'status': 'OVERDUE'}]
    >>> len(family.samples) == len(Status)  # the other statuses as zeros
    True
    """
    obligations = GaugeMetricFamily("policygraph_obligations",
                                    "Obligation instances owned by a unit, by status.",
                                    labels=["jurisdiction", "unit", "status"])
    for where, unit in sorted({(where, unit) for where, unit, _ in counts}):
        for status in Status:
            obligations.add_metric([where, unit, status.value],
                                   counts.get((where, unit, status), 0))
    return obligations


def outbox_family(outbox: Mapping[str, int]) -> Metric:
    """``policygraph_alert_outbox_messages`` by status.

    >>> outbox_family({"pending": 2}).samples[0].value
    2
    """
    messages = GaugeMetricFamily("policygraph_alert_outbox_messages",
                                 "Alert outbox messages by status.", labels=["status"])
    for state, n in sorted(outbox.items()):
        messages.add_metric([state], n)
    return messages
