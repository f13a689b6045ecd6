"""The calendar of a recurring obligation: its instances within one year, each an id
suffix and a due date.

:mod:`graph.obligation_expansion` asks it for every year an obligation runs; nothing
here reads the graph.
"""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = ["instances"]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _day_in(year: int, month: int, day: int | None) -> dt.date:
    """``day`` of the month (clipped to its end: 31 in February is the 28th/29th), or its end."""
    end = _month_end(year, month)
    return end if day is None else end.replace(day=min(day, end.day))


def instances(recurrence: str, year: int, *, month: int | None = None,
              day: int | None = None) -> list[tuple[str, dt.date]]:
    """The instances of a recurring obligation falling in ``year``: (id suffix, due date).

    A yearly one (or a yearly target) has one, ``2019``; a half-yearly one two, ``2019-H1``
    and ``2019-H2`` (30 June, 31 December); a quarterly one four, ``2019-Q1`` … (at each
    quarter's end); a monthly one twelve, ``2019-01`` … (on ``day``, else the month's end).

    >>> instances("yearly", 2019, month=10, day=31)
    [('2019', datetime.date(2019, 10, 31))]
    >>> instances("half-yearly", 2019)
    [('2019-H1', datetime.date(2019, 6, 30)), ('2019-H2', datetime.date(2019, 12, 31))]
    >>> [d.isoformat() for _, d in instances("quarterly", 2020)]
    ['2020-03-31', '2020-06-30', '2020-09-30', '2020-12-31']
    >>> instances("monthly", 2019, day=31)[1]
    ('2019-02', datetime.date(2019, 2, 28))
    """
    if recurrence == "monthly":
        return [(f"{year}-{m:02d}", _day_in(year, m, day)) for m in range(1, 13)]
    if recurrence == "quarterly":
        return [(f"{year}-Q{q}", _month_end(year, 3 * q)) for q in range(1, 5)]
    if recurrence == "half-yearly":
        return [(f"{year}-H{h}", _month_end(year, 6 * h)) for h in (1, 2)]
    if recurrence == "yearly" and month:
        return [(str(year), _day_in(year, month, day))]
    return [(str(year), dt.date(year, 12, 31))]
