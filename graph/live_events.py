"""What a live-update subscriber is told: a report written or retracted, read from its
audit entry, or an obligation's status change (:mod:`graph.watch`).

Pure: the hub (:mod:`graph.hub`) reads the audit entries and hands them here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass

from graph.watch import StatusChange

REPORT_ACTIONS = frozenset({"report_progress", "retract_report"})


@dataclass(frozen=True)
class ReportEvent:
    """A progress report written, or retracted, as its audit entry recorded it."""

    report_id: int
    obligation_id: str
    path: str
    unit_id: int | None
    place_id: int | None
    reported_on: dt.date
    done: bool
    value_reached: float | None
    note: str
    evidence_url: str | None
    retracted: bool
    at: dt.datetime


Event = ReportEvent | StatusChange


def report_event(action: str, outcome: str, new_value: str | None,
                 at: dt.datetime) -> ReportEvent | None:
    """The report event of one audit entry, or ``None`` when it is not a stored report
    or retraction (a refusal, another action).

    >>> value = ('{"id": 5, "obligation_id": "deadline:1", "unit_id": 2, "place_id": null,'
    ...          ' "reported_on": "2019-03-01", "done": true, "value_reached": null,'
    ...          ' "note": "", "evidence_url": null, "retracted": false}')
    >>> at = dt.datetime(2019, 3, 1, 8)
    >>> event = report_event("report_progress", "ok", value, at)
    >>> event.report_id, event.reported_on, event.done, event.retracted
    (5, datetime.date(2019, 3, 1), True, False)
    >>> report_event("report_progress", "forbidden", '{"reason": "role"}', at) is None
    True
    """
    if action not in REPORT_ACTIONS or outcome != "ok" or not new_value:
        return None
    try:
        data = json.loads(new_value)
        return ReportEvent(
            report_id=int(data["id"]), obligation_id=str(data["obligation_id"]), path="",
            unit_id=data.get("unit_id"), place_id=data.get("place_id"),
            reported_on=dt.date.fromisoformat(str(data["reported_on"])),
            done=bool(data["done"]), value_reached=data.get("value_reached"),
            note=str(data.get("note") or ""), evidence_url=data.get("evidence_url"),
            retracted=bool(data.get("retracted")), at=at)
    except (ValueError, KeyError, TypeError):
        return None


def with_path(event: ReportEvent, path: str) -> ReportEvent:
    """The event with the obligation's section path filled in."""
    return dataclasses.replace(event, path=path)
