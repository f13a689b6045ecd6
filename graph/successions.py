"""Successions (机构改革) applied to obligations: who owns an instance on its due date.

A succession says that a unit merged into, split into or was renamed as another on a
day (``effective_on``, :class:`store.tables.Succession`).  An obligation instance of the
predecessor due on or after that day belongs to the successor; one due before stays
with the predecessor.  Successions chain (市国土资源局 → 市自然资源和规划局 → …): each
step counts when the instance is due on or after its own day.  A split hands the work to
every successor.  The RESPONSIBLE_FOR edges are not touched: the document, the unit's
task list and the audit trail keep the name the work was given to.

The graph keeps the stored successions in ``graph.graph["successions"]`` as
:class:`Step` values (:func:`graph.build.build_graph`); everything here is pure.

Examples
--------
>>> import datetime as dt
>>> from graph.obligation_types import Owner
>>> steps = by_predecessor([Step("unit:1", "unit:2", "merge", dt.date(2019, 3, 1), "")])
>>> owners = (Owner("unit:1", "市国土资源局", "lead"), Owner("unit:3", "市规划局", "co"))
>>> [o.name for o in hand_over(owners, dt.date(2018, 12, 31), steps, {})]
['市国土资源局', '市规划局']
>>> handed = hand_over(owners, dt.date(2019, 12, 31), steps, {"unit:2": "市自然资源和规划局"})
>>> [(o.name, o.role, o.succeeds) for o in handed]
[('市自然资源和规划局', 'lead', '市国土资源局'), ('市规划局', 'co', None)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # graph.build imports this module; obligation_types imports graph.build
    from graph.obligation_types import Owner

__all__ = ["Step", "by_predecessor", "chain", "hand_over", "successors_on"]


@dataclass(frozen=True)
class Step:
    """One recorded succession between two Unit nodes."""

    predecessor: str  # graph node id
    successor: str  # graph node id
    kind: str  # merge / split / rename
    effective_on: dt.date
    note: str = ""


def by_predecessor(steps: Iterable[Step]) -> dict[str, tuple[Step, ...]]:
    """The steps grouped by predecessor, each group by date.

    >>> s = by_predecessor([Step("unit:1", "unit:3", "split", dt.date(2019, 3, 1)),
    ...                     Step("unit:1", "unit:2", "split", dt.date(2019, 1, 1))])
    >>> [step.successor for step in s["unit:1"]]
    ['unit:2', 'unit:3']
    """
    grouped: dict[str, list[Step]] = {}
    for step in steps:
        grouped.setdefault(step.predecessor, []).append(step)
    return {u: tuple(sorted(group, key=lambda s: (s.effective_on, s.successor)))
            for u, group in grouped.items()}


def chain(unit: str, day: dt.date, steps: Mapping[str, Sequence[Step]]) -> list[list[Step]]:
    """Every path of successions in force on ``day`` from ``unit`` to a unit that answers
    for it then (one path per final successor; none when ``unit`` answers for itself).

    >>> s = by_predecessor([Step("unit:1", "unit:2", "merge", dt.date(2019, 3, 1)),
    ...                     Step("unit:2", "unit:5", "rename", dt.date(2021, 1, 1))])
    >>> [[x.successor for x in path] for path in chain("unit:1", dt.date(2022, 1, 1), s)]
    [['unit:2', 'unit:5']]
    >>> [[x.successor for x in path] for path in chain("unit:1", dt.date(2020, 1, 1), s)]
    [['unit:2']]
    >>> chain("unit:1", dt.date(2019, 2, 28), s)
    []
    """
    paths: list[list[Step]] = []

    def walk(node: str, path: list[Step], seen: frozenset[str]) -> None:
        onward = [s for s in steps.get(node, ()) if s.effective_on <= day
                  and s.successor not in seen]  # a loop the store refused, never followed
        if not onward:
            if path:
                paths.append(path)
            return
        for step in onward:
            walk(step.successor, [*path, step], seen | {step.successor})

    walk(unit, [], frozenset({unit}))
    return paths


def successors_on(unit: str, day: dt.date, steps: Mapping[str, Sequence[Step]]) -> list[str]:
    """The units answering on ``day`` for ``unit``'s work: ``[unit]`` without a succession.

    >>> s = by_predecessor([Step("unit:1", "unit:2", "merge", dt.date(2019, 3, 1))])
    >>> successors_on("unit:1", dt.date(2019, 3, 1), s), successors_on("unit:1", dt.date(2019, 1, 1), s)
    (['unit:2'], ['unit:1'])
    """
    paths = chain(unit, day, steps)
    return list(dict.fromkeys(path[-1].successor for path in paths)) if paths else [unit]


def hand_over(owners: tuple[Owner, ...], due: dt.date, steps: Mapping[str, Sequence[Step]],
              names: Mapping[str, str]) -> tuple[Owner, ...]:
    """The owners of an instance due on ``due``: each predecessor replaced by its successors
    then in force (same role, ``succeeds`` naming the predecessor), each unit once.

    Parameters
    ----------
    owners
        The task's owners, lead first (:func:`graph.obligation_types.owners_of`).
    due
        The instance's due date.
    steps
        :func:`by_predecessor` of the graph's successions.
    names
        Unit node id → name, for the successors.
    """
    if not steps or not any(o.unit in steps for o in owners):
        return owners
    handed: dict[str, Owner] = {}
    for owner in owners:
        for unit in successors_on(owner.unit, due, steps):
            found = owner if unit == owner.unit else replace(
                owner, unit=unit, name=names.get(unit, unit), succeeds=owner.name)
            kept = handed.get(unit)
            # a successor already an owner keeps the first place and the stronger role
            if kept is None:
                handed[unit] = found
            elif found.role == "lead" and kept.role != "lead":
                handed[unit] = replace(kept, role="lead")
    return tuple(handed.values())
