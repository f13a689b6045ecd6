"""DataLoaders: a nested query costs one ``SELECT … IN (…)`` per level, not one per row.

One :class:`Loaders` is made per request (its caches must not outlive the request).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from graphql import GraphQLError
from sqlalchemy import func
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select
from strawberry.dataloader import DataLoader

from graph.cancel import checkpoint
from i18n import gettext as _
from store import tables as t

K = TypeVar("K")
V = TypeVar("V")


DATA_CHANGED = "DATA_CHANGED"


def data_changed(kind: str, key: object) -> GraphQLError:
    """The error for a row the request's snapshot names but the store no longer holds."""
    return GraphQLError(
        _("error.data_changed", kind=kind, key=key),
        extensions={"code": DATA_CHANGED})


class Loaders:
    """The request's DataLoaders, all keyed by database ids."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.unit = self._loader(self._units)
        self.document = self._loader(self._documents)
        self.task = self._loader(self._tasks)
        self.target = self._loader(self._targets)
        self.aliases_by_unit = self._loader(self._aliases_by_unit)
        self.tasks_by_unit = self._loader(self._tasks_by_unit)
        self.task_count_by_unit = self._loader(self._task_count_by_unit)
        self.targets_by_unit = self._loader(self._targets_by_unit)
        self.targets_by_task = self._loader(self._targets_by_task)
        self.owners_by_task = self._loader(self._owners_by_task)

    @staticmethod
    def _loader(batch: Callable[[Sequence[Any]], list[Any]]) -> DataLoader[Any, Any]:
        async def load(keys: list[Any]) -> list[Any]:
            checkpoint()  # an operation stopped for its time budget reads no more
            return batch(keys)

        return DataLoader(load_fn=load)

    def _by_id(self, model: Any, keys: Sequence[int], *options: Any) -> list[Any]:
        rows = self.session.exec(select(model).where(col(model.id).in_(keys)).options(*options))
        found = {row.id: row for row in rows.all()}
        # The ids come from the request's snapshot; a re-ingest since may have replaced
        # the row: say so (DataLoader raises an exception value) rather than fail later.
        return [found[k] if k in found else data_changed(model.__name__, k) for k in keys]

    def _units(self, keys: Sequence[int]) -> list[t.Unit | None]:
        return self._by_id(t.Unit, keys)

    def _documents(self, keys: Sequence[int]) -> list[t.Document | None]:
        # The full text is never served through the graph: don't fetch it.
        return self._by_id(t.Document, keys, defer(t.Document.text))  # type: ignore[arg-type]

    def _tasks(self, keys: Sequence[int]) -> list[t.Task | None]:
        return self._by_id(t.Task, keys)

    def _targets(self, keys: Sequence[int]) -> list[t.Target | None]:
        return self._by_id(t.Target, keys)

    def _aliases_by_unit(self, keys: Sequence[int]) -> list[list[str]]:
        query = select(t.UnitAlias).where(col(t.UnitAlias.unit_id).in_(keys))
        grouped: dict[int, list[str]] = defaultdict(list)
        for alias in self.session.exec(query.order_by(col(t.UnitAlias.alias))).all():
            grouped[alias.unit_id].append(alias.alias)
        return [grouped[k] for k in keys]

    def _tasks_by_unit(self, keys: Sequence[int]) -> list[list[t.Task]]:
        query = (select(t.TaskUnit.unit_id, t.Task).join(t.Task, col(t.Task.id) == t.TaskUnit.task_id)
                 .where(col(t.TaskUnit.unit_id).in_(keys))
                 .order_by(col(t.Task.document_id), col(t.Task.start), col(t.Task.id)))
        grouped: dict[int, list[t.Task]] = defaultdict(list)
        for unit_id, task in self.session.exec(query).all():
            grouped[unit_id].append(task)
        return [grouped[k] for k in keys]

    def _task_count_by_unit(self, keys: Sequence[int]) -> list[int]:
        query = (select(t.TaskUnit.unit_id, func.count(col(t.TaskUnit.task_id)))
                 .where(col(t.TaskUnit.unit_id).in_(keys)).group_by(col(t.TaskUnit.unit_id)))
        counts = dict(self.session.exec(query).all())
        return [int(counts.get(k, 0)) for k in keys]

    def _targets_by_unit(self, keys: Sequence[int]) -> list[list[t.Target]]:
        query = (select(t.TaskUnit.unit_id, t.Target)
                 .join(t.Target, col(t.Target.task_id) == t.TaskUnit.task_id)
                 .where(col(t.TaskUnit.unit_id).in_(keys))
                 .order_by(col(t.Target.document_id), col(t.Target.source_start), col(t.Target.id)))
        grouped: dict[int, list[t.Target]] = defaultdict(list)
        for unit_id, target in self.session.exec(query).all():
            grouped[unit_id].append(target)
        return [grouped[k] for k in keys]

    def _targets_by_task(self, keys: Sequence[int]) -> list[list[t.Target]]:
        query = (select(t.Target).where(col(t.Target.task_id).in_(keys))
                 .order_by(col(t.Target.source_start), col(t.Target.id)))
        grouped: dict[int, list[t.Target]] = defaultdict(list)
        for target in self.session.exec(query).all():
            grouped[target.task_id or 0].append(target)
        return [grouped[k] for k in keys]

    def _owners_by_task(self, keys: Sequence[int]) -> list[list[tuple[t.TaskUnit, t.Unit]]]:
        """Each task's (link, unit) pairs, lead first, then in clause order."""
        query = (select(t.TaskUnit, t.Unit).join(t.Unit, col(t.Unit.id) == t.TaskUnit.unit_id)
                 .where(col(t.TaskUnit.task_id).in_(keys))
                 .order_by(col(t.TaskUnit.position), col(t.TaskUnit.id)))
        grouped: dict[int, list[tuple[t.TaskUnit, t.Unit]]] = defaultdict(list)
        for link, unit in self.session.exec(query).all():
            grouped[link.task_id].append((link, unit))
        for pairs in grouped.values():
            pairs.sort(key=lambda p: p[0].role != "lead")  # stable: clause order kept
        return [grouped[k] for k in keys]
