"""How far a progress report reaches: the shares it counts for, the goal its value reaches.

An owner's share of an obligation (:func:`graph.status.judge`) counts its own reports, a
collective owner's also those of units that are no owner (its member counties'), and
every share counts a report on nobody's behalf.  A reported value completes the
instance when it reaches the goal nearest its magnitude: a sentence may set several
figures while a report carries one number.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.status import Report

#: Comparators of targets a reached value completes (a floor, an exact figure, a range).
REACHABLE = (">=", "=", "range")


def goal_for(value: float, goals: Sequence[float]) -> float | None:
    """The goal a reported ``value`` speaks of: the one nearest its magnitude.

    A sentence may set several figures (不少于1次 … 不少于40亿元 … 占65%) while a report
    carries one number; its scale tells which figure it measures.

    >>> goal_for(41.2, [1.0, 40.0, 65.0]), goal_for(2.0, [1.0, 40.0, 65.0])
    (40.0, 1.0)
    >>> goal_for(0.0, [40.0]) is None, goal_for(3.0, []) is None
    (True, True)
    """
    positive = [g for g in goals if g > 0]
    if value <= 0 or not positive:
        return None
    return min(positive, key=lambda g: abs(math.log(value / g)))


def reaches_goal(report: Report, goals: Sequence[float]) -> bool:
    """Whether the value ``report`` gives reaches the goal among ``goals`` it measures
    (:func:`goal_for`); a report without a value reaches none.

    >>> from types import SimpleNamespace as Reported
    >>> reaches_goal(Reported(value=42.0), [40.0]), reaches_goal(Reported(value=38.0), [40.0])
    (True, False)
    >>> reaches_goal(Reported(value=None), [40.0])
    False
    """
    value = getattr(report, "value", None)
    if value is None:
        return False
    goal = goal_for(value, goals)
    return goal is not None and value >= goal


def for_everyone(report: Report, owners: Collection[str], collectives: Collection[str]) -> bool:
    """A report on nobody's behalf, or by a unit that is no owner and no member of a
    collective owner (an admin's own unit): it speaks for the whole obligation.  A report
    about one county never does."""
    if getattr(report, "place", None) is not None:
        return False  # about one county's share only
    reporter = getattr(report, "unit", None)
    return reporter is None or (reporter not in owners and not set(owners) & set(collectives))


def counts_for(report: Report, unit: str, owners: Collection[str],
                collectives: Collection[str]) -> bool:
    """Whether ``report`` is part of ``unit``'s share (``owners``: the obligation's owner
    units, ``collectives``: those of them that are collectives).

    >>> import datetime as dt
    >>> from graph.status import StatusReport
    >>> r = StatusReport("d", dt.date(2019, 1, 1), unit="unit:99")
    >>> counts_for(r, "unit:4", {"unit:1", "unit:4"}, {"unit:4"})
    True
    >>> counts_for(r, "unit:1", {"unit:1", "unit:4"}, {"unit:4"})
    False
    """
    reporter = getattr(report, "unit", None)
    if reporter is None:
        return False  # on nobody's behalf: counted for every share instead
    if reporter == unit:
        return True
    # A member county reports its share of the collective it belongs to.
    return reporter not in owners and unit in collectives
