"""Prometheus text exposition (format 0.0.4) of obligation counts per unit and status.

``policygraph_obligations{unit="市规划局",status="OVERDUE"} 2`` for every unit that owns
an obligation and every status (zeros included, so ``OVERDUE`` and ``DUE_SOON`` series
exist before anything is late and alert rules can use ``> 0``), plus the alert outbox by
status and the feed's own request counter.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Mapping

from graph.agenda import Assessed
from graph.status import Status


def escape_label(value: str) -> str:
    r"""Escape a label value: backslash, double quote and newline.

    >>> print(escape_label('a"b\\c\nd'))
    a\"b\\c\nd
    """
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class RequestCounter:
    """A thread-safe counter of requests by route, for ``policygraph_feed_requests_total``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()

    def inc(self, route: str) -> None:
        """Count one request to ``route``."""
        with self._lock:
            self._counts[route] += 1

    def snapshot(self) -> dict[str, int]:
        """The counts so far."""
        with self._lock:
            return dict(self._counts)


def obligation_counts(assessed: Iterable[Assessed]) -> dict[tuple[str, Status], int]:
    """Count obligation instances per (owner unit name, status); unowned ones are left out."""
    counts: Counter[tuple[str, Status]] = Counter()
    for a in assessed:
        for owner in dict.fromkeys(o.name for o in a.obligation.owners):
            counts[(owner, a.status)] += 1
    return dict(counts)


def render_metrics(assessed: Iterable[Assessed], *, outbox: Mapping[str, int] | None = None,
                   requests: Mapping[str, int] | None = None,
                   auth_failures: Mapping[str, int] | None = None) -> str:
    """The exposition text.

    Parameters
    ----------
    assessed
        Every obligation instance with its status today.
    outbox
        Outbox message counts by status.
    requests
        Feed request counts by route.
    auth_failures
        Failed authentications by reason (``invalid_token``, ``missing_token``).

    Returns
    -------
    str
        Serve as ``text/plain; version=0.0.4``.
    """
    counts = obligation_counts(assessed)
    units = sorted({unit for unit, _ in counts})
    lines = [
        "# HELP policygraph_obligations Obligation instances owned by a unit, by status.",
        "# TYPE policygraph_obligations gauge",
    ]
    for unit in units:
        for status in Status:
            value = counts.get((unit, status), 0)
            lines.append(f'policygraph_obligations{{unit="{escape_label(unit)}",'
                         f'status="{status.value}"}} {value}')
    if outbox is not None:
        lines += ["# HELP policygraph_alert_outbox_messages Alert outbox messages by status.",
                  "# TYPE policygraph_alert_outbox_messages gauge"]
        lines += [f'policygraph_alert_outbox_messages{{status="{escape_label(s)}"}} {n}'
                  for s, n in sorted(outbox.items())]
    if requests is not None:
        lines += ["# HELP policygraph_feed_requests_total Requests served by the feeds.",
                  "# TYPE policygraph_feed_requests_total counter"]
        lines += [f'policygraph_feed_requests_total{{route="{escape_label(r)}"}} {n}'
                  for r, n in sorted(requests.items())]
    if auth_failures is not None:
        lines += ["# HELP policygraph_auth_failures_total Requests refused for a missing or "
                  "bad token (not audited).", "# TYPE policygraph_auth_failures_total counter"]
        lines += [f'policygraph_auth_failures_total{{reason="{escape_label(r)}"}} {n}'
                  for r, n in sorted(auth_failures.items())]
    return "\n".join(lines) + "\n"
