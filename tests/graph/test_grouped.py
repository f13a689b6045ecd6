"""The agenda index's per-task lists and tallies, made from one sorted list
(graph.grouped), equal those made by appending per task and from a pair per instance."""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace
from typing import Any

from graph.agenda_index import agenda_index
from graph.grouped import by_task, tally_of
from graph.sample import sample_graph
from graph.tally import DueTally


def _appended(instances: list[Any]) -> dict[str, tuple[Any, ...]]:
    found: dict[str, list[Any]] = {}
    for ob in instances:
        if ob.task is not None:
            found.setdefault(ob.task, []).append(ob)
    return {task: tuple(obs) for task, obs in found.items()}


def _instances(count: int) -> list[Any]:
    rng = random.Random(7)
    days = [None, *(dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(900)) for _ in range(40))]
    return [SimpleNamespace(task=rng.choice([None, *(f"task:{i}" for i in range(300))]),
                            issued_on=rng.choice(days),
                            due=dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(700)))
            for _ in range(count)]


def test_per_task_lists_keep_the_instances_order() -> None:
    instances = _instances(5_000)
    assert by_task(instances) == _appended(instances)


def test_tallies_equal_those_made_from_a_pair_per_instance() -> None:
    instances = _instances(5_000)
    for block in (1, 7, 1024):
        assert tally_of(instances, block=block) == DueTally.of(
            ((ob.issued_on, ob.due) for ob in instances), block=block)
    assert tally_of([]) == DueTally.of(())


def test_the_index_of_a_graph_holds_the_same_lists_and_tally() -> None:
    index = agenda_index(sample_graph())
    assert index.by_task == _appended(index.expanded) and index.by_task
    assert index.tally == DueTally.of((ob.issued_on, ob.due) for ob in index.expanded)
