"""The agenda index's tallies and per-task lists, made without a small object per
instance that would outlive the step making it.

A snapshot keeps the agenda index (:mod:`graph.agenda_index`) for as long as it serves, and
what its build freed among the objects it kept stays in the process: Python's allocator
gives memory back only when a whole arena of 1 MiB is free.  Grouping the instances by
appending to a list per task, or tallying them from an ``(issued, due)`` pair each, held
half a million small objects at province scale until the index was done, then freed them
among its own.  Here the instances are sorted (the sort's keys are made and freed in one
step, before anything is kept) and cut into groups from the one sorted list.

Examples
--------
>>> import datetime as dt
>>> from types import SimpleNamespace as Ob
>>> d = dt.date
>>> obs = [Ob(task="task:2", issued_on=d(2018, 1, 1), due=d(2018, 6, 30)),
...        Ob(task="task:1", issued_on=None, due=d(2019, 6, 30)),
...        Ob(task="task:2", issued_on=d(2019, 1, 1), due=d(2019, 3, 31)),
...        Ob(task=None, issued_on=None, due=d(2020, 1, 1))]
>>> {t: [o.due.year for o in found] for t, found in by_task(obs).items()}
{'task:1': [2019], 'task:2': [2018, 2019]}
>>> tally_of(obs, block=2) == DueTally.of([(o.issued_on, o.due) for o in obs], block=2)
True
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

from graph.tally import BLOCK, DueTally

__all__ = ["by_task", "tally_of"]

_FIRST = dt.date.min  # an undated instance's issue day, as graph.tally counts it


def _task(ob: Any) -> str:
    return ob.task


def _issued_then_due(ob: Any) -> tuple[dt.date, dt.date]:
    return (ob.issued_on or _FIRST, ob.due)


def by_task(instances: Sequence[Any]) -> dict[str, tuple[Any, ...]]:
    """``{task: its instances}`` in ``instances``' order (a stable sort by task), for
    those with a task."""
    with_task = sorted((ob for ob in instances if ob.task is not None), key=_task)
    return {task: tuple(found) for task, found in itertools.groupby(with_task, key=_task)}


def tally_of(instances: Sequence[Any], block: int = BLOCK) -> DueTally:
    """:meth:`graph.tally.DueTally.of` of the instances' ``(issued_on, due)``, equal to
    it, without a pair per instance kept while the tally is made."""
    ordered = sorted(instances, key=_issued_then_due)
    days: list[dt.date] = []
    upto: list[int] = []
    for n, ob in enumerate(ordered, start=1):
        issued = ob.issued_on or _FIRST
        if days and days[-1] == issued:
            upto[-1] = n
        else:
            days.append(issued)
            upto.append(n)
    dues = [ob.due for ob in ordered]
    blocks = [sorted(dues[k:k + block]) for k in range(0, len(dues), block)]
    return DueTally(tuple(days), tuple(upto), dues, blocks, block)
