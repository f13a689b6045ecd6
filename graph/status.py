"""The status of an obligation as of a date, from the progress reports known by then.

Progress reporting arrives with the alerts issue; this module only fixes the shape a
report must have (:class:`ProgressReport`, or anything with the same attributes) so that
status is a pure function of (due date, as-of date, reports, window).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

DEFAULT_DUE_SOON_DAYS = 30


class Status(StrEnum):
    """Where an obligation stands on a given day."""

    OPEN = "OPEN"
    DUE_SOON = "DUE_SOON"
    OVERDUE = "OVERDUE"
    DONE = "DONE"
    DONE_LATE = "DONE_LATE"


class Report(Protocol):
    """What status needs from a progress report (the alerts issue's table may add more)."""

    @property
    def obligation_id(self) -> str: ...

    @property
    def reported_on(self) -> dt.date: ...

    @property
    def complete(self) -> bool: ...


@dataclass(frozen=True)
class ProgressReport:
    """A report that an obligation instance was (or was not yet) completed on a day."""

    obligation_id: str
    reported_on: dt.date
    complete: bool = True
    note: str = ""


def status_of(obligation_id: str, due: dt.date, *, as_of: dt.date,
              reports: Iterable[Report] = (),
              due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> Status:
    """Status of one obligation instance on ``as_of``.

    Only reports dated on or before ``as_of`` count, so the question can be asked of any
    past or future day.  The due date itself is still on time: an obligation due on
    2018-07-31 is OVERDUE from 2018-08-01.

    Parameters
    ----------
    obligation_id
        The instance id (``"deadline:17@2019"``); reports for other ids are ignored.
    due
        The instance's due date.
    as_of
        The day the question is asked about.
    reports
        Progress reports (any order, any obligations).
    due_soon_days
        An open obligation due within this many days of ``as_of`` is DUE_SOON.

    Returns
    -------
    Status

    Examples
    --------
    >>> due = dt.date(2018, 7, 31)
    >>> status_of("deadline:1", due, as_of=dt.date(2018, 7, 31)).value
    'DUE_SOON'
    >>> status_of("deadline:1", due, as_of=dt.date(2018, 8, 1)).value
    'OVERDUE'
    >>> status_of("deadline:1", due, as_of=dt.date(2018, 5, 1)).value
    'OPEN'
    >>> late = [ProgressReport("deadline:1", dt.date(2018, 9, 1))]
    >>> status_of("deadline:1", due, as_of=dt.date(2018, 8, 15), reports=late).value
    'OVERDUE'
    >>> status_of("deadline:1", due, as_of=dt.date(2019, 1, 1), reports=late).value
    'DONE_LATE'
    >>> status_of("deadline:1", due, as_of=dt.date(2019, 1, 1),
    ...           reports=[ProgressReport("deadline:1", dt.date(2018, 7, 1))]).value
    'DONE'
    """
    completions = [r.reported_on for r in reports
                   if r.obligation_id == obligation_id and r.complete and r.reported_on <= as_of]
    if completions:
        return Status.DONE if min(completions) <= due else Status.DONE_LATE
    if due < as_of:
        return Status.OVERDUE
    if (due - as_of).days <= due_soon_days:
        return Status.DUE_SOON
    return Status.OPEN
