"""Stored progress reports in the shape the status functions read.

The store's reports say ``done`` and name their unit and county by database id; the
graph's :class:`graph.status.StatusReport` says ``complete`` and names them by node.
This is the one conversion between the two, used by the API, the widgets, the feeds
and the alert engine, so they all judge an obligation the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.shares import place_node, reporter_node
from graph.status import StatusReport
from store.progress.tables import ProgressReport as StoredReport


def status_report(row: StoredReport) -> StatusReport:
    """One stored report as the status functions read it.

    >>> import datetime as dt
    >>> status_report(StoredReport(obligation_id="obligation:deadline:1@2019", unit_id=12,
    ...                            place_id=4, reported_on=dt.date(2019, 3, 1), done=True,
    ...                            value_reached=30.0))  # doctest: +NORMALIZE_WHITESPACE
    StatusReport(obligation_id='obligation:deadline:1@2019',
                 reported_on=datetime.date(2019, 3, 1), complete=True, note='',
                 unit='unit:12', value=30.0, place='place:4')
    """
    return StatusReport(obligation_id=row.obligation_id, reported_on=row.reported_on,
                        complete=row.done, unit=reporter_node(row.unit_id),
                        value=row.value_reached, place=place_node(row.place_id))


def status_reports(rows: Iterable[StoredReport]) -> tuple[StatusReport, ...]:
    """Stored reports as the status functions read them, in the order given."""
    return tuple(status_report(row) for row in rows)
