"""The gauges of one ``/metrics`` scrape: obligation counts per unit and status, and the
alert outbox by status, as prometheus-client metric families.

``policygraph_obligations{status="OVERDUE",unit="市规划局"} 2.0`` for every unit that owns
an obligation and every status (zeros included, so ``OVERDUE`` and ``DUE_SOON`` series
exist before anything is late and alert rules can use ``> 0``).  They depend on the
scrape's ``?as_of=``, so they are built per scrape and written with the application's
registry (:meth:`observability.metrics.Metrics.exposition`); request counters live there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from prometheus_client.metrics_core import GaugeMetricFamily, Metric

from graph.agenda import Assessed
from graph.status import Status


def obligation_counts(assessed: Iterable[Assessed]) -> dict[tuple[str, Status], int]:
    """Count obligation instances per (owner unit name, status); unowned ones are left out."""
    counts: Counter[tuple[str, Status]] = Counter()
    for a in assessed:
        for owner in dict.fromkeys(o.name for o in a.obligation.owners):
            counts[(owner, a.status)] += 1
    return dict(counts)


def scrape_families(assessed: Iterable[Assessed], *,
                    outbox: Mapping[str, int] | None = None) -> list[Metric]:
    """The scrape's gauges.

    Parameters
    ----------
    assessed
        Every obligation instance with its status on the scrape's day.
    outbox
        Outbox message counts by status.

    Returns
    -------
    list of Metric
        ``policygraph_obligations`` and, with ``outbox``, ``policygraph_alert_outbox_messages``.

    Examples
    --------
    >>> [m.name for m in scrape_families([], outbox={"pending": 2})]
    ['policygraph_obligations', 'policygraph_alert_outbox_messages']
    >>> scrape_families([], outbox={"pending": 2})[1].samples[0].value
    2
    """
    counts = obligation_counts(assessed)
    obligations = GaugeMetricFamily("policygraph_obligations",
                                    "Obligation instances owned by a unit, by status.",
                                    labels=["unit", "status"])
    for unit in sorted({unit for unit, _ in counts}):
        for status in Status:
            obligations.add_metric([unit, status.value], counts.get((unit, status), 0))
    families: list[Metric] = [obligations]
    if outbox is not None:
        messages = GaugeMetricFamily("policygraph_alert_outbox_messages",
                                     "Alert outbox messages by status.", labels=["status"])
        for state, n in sorted(outbox.items()):
            messages.add_metric([state], n)
        families.append(messages)
    return families
