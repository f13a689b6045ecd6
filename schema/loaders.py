"""DataLoaders: a nested query costs one ``SELECT … IN (…)`` per level, not one per row.

One :class:`Loaders` is made per request (its caches must not outlive the request).
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any, NamedTuple, TypeVar

from graphql import GraphQLError
from sqlmodel import Session
from strawberry.dataloader import DataLoader

from graph.cancel import checkpoint
from i18n import gettext as _
from store import batches, unit_work
from store import tables as t
from store.curation_tables import Correction
from store.outbox import OutboxMessage
from store.urges import (
    Urge,
    UrgeObligation,
    messages_of_urges,
    named_by_urges,
    urges_of_obligations,
)

#: The most urges an obligation lists (newest first).
MAX_URGES_LISTED = 20

K = TypeVar("K")
V = TypeVar("V")


DATA_CHANGED = "DATA_CHANGED"


def data_changed(kind: str, key: object) -> GraphQLError:
    """The error for a row the request's snapshot names but the store no longer holds."""
    return GraphQLError(
        _("error.data_changed", kind=kind, key=key),
        extensions={"code": DATA_CHANGED})


class VersionedRows(NamedTuple):
    """Rows of one key and the store's data version read right after them: when it is
    the request snapshot's, the rows are of the snapshot's version
    (:func:`store.batches.version_now`), so the snapshot may answer about them."""

    rows: list[Any]
    version: int


class Loaders:
    """The request's DataLoaders, all keyed by database ids."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # Each loader is made when a resolver first asks for it: most questions use none or
    # one of them, and making them all (thirteen when measured) cost a request about 40 µs.
    @cached_property
    def unit(self) -> DataLoader[Any, Any]:
        return self._loader(Loaders._units)

    @cached_property
    def document(self) -> DataLoader[Any, Any]:
        return self._loader(Loaders._documents)

    @cached_property
    def task(self) -> DataLoader[Any, Any]:
        return self._loader(Loaders._tasks)

    @cached_property
    def target(self) -> DataLoader[Any, Any]:
        return self._loader(Loaders._targets)

    @cached_property
    def aliases_by_unit(self) -> DataLoader[Any, Any]:
        return self._loader(Loaders._aliases_by_unit)

    @cached_property
    def tasks_by_unit(self) -> DataLoader[Any, Any]:
        return self._loader(Loaders._tasks_by_unit)

    @cached_property
    def task_count_by_unit(self) -> DataLoader[Any, Any]:
        return self._loader(Loaders._task_count_by_unit)

    @cached_property
    def targets_by_unit(self) -> DataLoader[Any, Any]:
        return self._loader(Loaders._targets_by_unit)

    @cached_property
    def targets_by_task(self) -> DataLoader[Any, Any]:
        return self._loader(Loaders._targets_by_task)

    @cached_property
    def owners_by_task(self) -> DataLoader[Any, Any]:
        return self._loader(Loaders._owners_by_task)

    @cached_property
    def correction_by_link(self) -> DataLoader[Any, Any]:
        return self._loader(Loaders._correction_by_link)

    @cached_property
    def corrections_by_task_path(self) -> DataLoader[Any, Any]:
        return self._loader(Loaders._corrections_by_task_path)

    @cached_property
    def correction(self) -> DataLoader[Any, Any]:
        return self._loader(Loaders._corrections)

    @cached_property
    def urges_by_obligation(self) -> DataLoader[Any, Any]:
        return self._loader(Loaders._urges_by_obligation)

    @cached_property
    def named_by_urge(self) -> DataLoader[Any, Any]:
        return self._loader(Loaders._named_by_urge)

    @cached_property
    def messages_by_urge(self) -> DataLoader[Any, Any]:
        return self._loader(Loaders._messages_by_urge)

    def _loader(self, batch: Callable[[Loaders, Sequence[Any]], list[Any]]
                ) -> DataLoader[Any, Any]:
        # The loader reaches these loaders weakly: through a bound method the two were a
        # cycle (loaders → loader → load → method → loaders), and every request that
        # loaded anything left its loaders, their caches and the rows read to the cyclic
        # collector (about 900 objects for a unit card at M) instead of freeing them.
        this = weakref.ref(self)

        async def load(keys: list[Any]) -> list[Any]:
            checkpoint()  # an operation stopped for its time budget reads no more
            loaders = this()
            if loaders is None:  # pragma: no cover - a loader lives inside its loaders
                raise RuntimeError("the request's loaders are gone")
            return batch(loaders, keys)

        return DataLoader(load_fn=load)

    def _found(self, kind: str, found: dict[int, Any], keys: Sequence[int]) -> list[Any]:
        # The ids come from the request's snapshot; a re-ingest since may have replaced
        # the row: say so (DataLoader raises an exception value) rather than fail later.
        return [found[k] if k in found else data_changed(kind, k) for k in keys]

    def _units(self, keys: Sequence[int]) -> list[t.Unit | None]:
        return self._found("Unit", batches.units_by_id(session=self.session, ids=keys), keys)

    def _documents(self, keys: Sequence[int]) -> list[batches.DocumentHeader | None]:
        # Header columns only: the full text is never served through the graph, and
        # loading whole rows made a unit's 500 tasks' `document { number }` slow.
        found = batches.document_headers_by_id(session=self.session, ids=keys)
        return self._found("Document", found, keys)

    def _tasks(self, keys: Sequence[int]) -> list[t.Task | None]:
        return self._found("Task", batches.tasks_by_id(session=self.session, ids=keys), keys)

    def _targets(self, keys: Sequence[int]) -> list[t.Target | None]:
        return self._found("Target", batches.targets_by_id(session=self.session, ids=keys), keys)

    def _aliases_by_unit(self, keys: Sequence[int]) -> list[list[str]]:
        grouped: dict[int, list[str]] = defaultdict(list)
        for alias in batches.aliases_of_units(session=self.session, unit_ids=keys):
            grouped[alias.unit_id].append(alias.alias)
        return [grouped[k] for k in keys]

    def _tasks_by_unit(self, keys: Sequence[tuple[int, int]]) -> list[VersionedRows]:
        """Keys are (unit id, ``first``): each unit's first tasks, cut by the store."""
        grouped = self._first_of_units(unit_work.first_tasks_of_units, keys)
        version = batches.version_now(session=self.session)  # after the rows: see VersionedRows
        return [VersionedRows(grouped[k], version) for k in keys]

    def _first_of_units(self, read: Callable[..., list[unit_work.UnitRow]],
                        keys: Sequence[tuple[int, int]]) -> dict[tuple[int, int], list[Any]]:
        # one statement per distinct `first` of the batch (nearly always one)
        grouped: dict[tuple[int, int], list[Any]] = defaultdict(list)
        for first in sorted({key[1] for key in keys}):
            units = sorted({u for u, f in keys if f == first})
            for unit_id, row in read(session=self.session, unit_ids=units, first=first):
                grouped[unit_id, first].append(row)
        return grouped

    def _task_count_by_unit(self, keys: Sequence[int]) -> list[int]:
        counts = batches.task_counts_of_units(session=self.session, unit_ids=keys)
        return [counts.get(k, 0) for k in keys]

    def _targets_by_unit(self, keys: Sequence[tuple[int, int]]) -> list[list[Any]]:
        """Keys are (unit id, ``first``): the first targets of each unit's tasks."""
        grouped = self._first_of_units(unit_work.first_targets_of_units, keys)
        return [grouped[k] for k in keys]

    def _targets_by_task(self, keys: Sequence[int]) -> list[list[t.Target]]:
        grouped: dict[int, list[t.Target]] = defaultdict(list)
        for target in batches.targets_of_tasks(session=self.session, task_ids=keys):
            grouped[target.task_id or 0].append(target)
        return [grouped[k] for k in keys]

    def _correction_by_link(self, keys: Sequence[tuple[int, int]]) -> list[int | None]:
        """Keys are (task id, unit id): the correction behind each link (``None``: as
        read, or no such link)."""
        found = batches.link_corrections(session=self.session, links=keys)
        return [found.get(k) for k in keys]

    def _corrections_by_task_path(self, keys: Sequence[tuple[int, str]]
                                  ) -> list[list[Correction]]:
        """Keys are (document id, task path): the corrections anchored there, in the order
        made, whatever their status."""
        found = batches.corrections_at_task_paths(session=self.session, places=keys)
        return [found.get(k, []) for k in keys]

    def _corrections(self, keys: Sequence[int]) -> list[batches.StoredCorrection | None]:
        """Each correction with its document's key (``None``: no longer stored, which
        its object skips rather than reports)."""
        found = batches.corrections_by_id(session=self.session, ids=keys)
        return [found.get(k) for k in keys]

    def _urges_by_obligation(self, keys: Sequence[str]) -> list[list[Urge]]:
        """The urges (催办) that named each obligation, newest first, in one query."""
        found = urges_of_obligations(session=self.session, obligation_ids=keys,
                                     limit=MAX_URGES_LISTED)
        return [found.get(k, []) for k in keys]

    def _named_by_urge(self, keys: Sequence[int]) -> list[list[UrgeObligation]]:
        found = named_by_urges(session=self.session, urge_ids=keys)
        return [found.get(k, []) for k in keys]

    def _messages_by_urge(self, keys: Sequence[int]) -> list[list[OutboxMessage]]:
        found = messages_of_urges(session=self.session, urge_ids=keys)
        return [found.get(k, []) for k in keys]

    def _owners_by_task(self, keys: Sequence[int]) -> list[list[tuple[t.TaskUnit, t.Unit]]]:
        """Each task's (link, unit) pairs, lead first, then in clause order."""
        grouped: dict[int, list[tuple[t.TaskUnit, t.Unit]]] = defaultdict(list)
        for link, unit in batches.owners_of_tasks(session=self.session, task_ids=keys):
            grouped[link.task_id].append((link, unit))
        for pairs in grouped.values():
            pairs.sort(key=lambda p: p[0].role != "lead")  # stable: clause order kept
        return [grouped[k] for k in keys]
