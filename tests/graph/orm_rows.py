"""The graph's rows read as they were before :mod:`store.graph_rows` returned plain result
rows: every table loaded as SQLModel objects, a target's and a deadline's values taken
with ``model_dump()``.  The reference tests/graph/test_plain_rows.py builds the graph
from, to compare with the one built from plain rows."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import networkx as nx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col

import graph.build as build
import graph.document_nodes as document_nodes
from store import tables as t
from store.db import consistent_read
from store.readback import column_tuples, stored_rows


class OrmRow:
    """A mapped object as the build reads a row: its attributes, and its values (by
    name in ``_mapping``, in order when iterated, their names in ``_fields``) made by
    ``model_dump()`` as the build made a node's values from it, in the table's
    column order.  (A loaded object dumps its values in the order SQLAlchemy set them,
    which follows a frozenset of the mapper's properties: an order of memory addresses
    that no reader relies on, and that the rows' column order replaces.)"""

    def __init__(self, row: SQLModel) -> None:
        self._row = row

    def __getattr__(self, name: str) -> Any:
        return getattr(self._row, name)

    @property
    def _fields(self) -> tuple[str, ...]:
        return tuple(c.name for c in self._row.__table__.columns)  # type: ignore[attr-defined]

    @property
    def _mapping(self) -> dict[str, Any]:
        dumped = self._row.model_dump()
        assert sorted(dumped) == sorted(self._fields)
        return {name: dumped[name] for name in self._fields}

    def __iter__(self) -> Iterator[Any]:
        return iter(self._mapping.values())


def _objects(session: Session, model: type[SQLModel], *order: Any) -> list[OrmRow]:
    return [OrmRow(row) for row in stored_rows(session=session, model=model, order_by=order)]


def orm_reading() -> ModuleType:
    """A stand-in for :mod:`store.graph_rows` reading every table as mapped objects, in
    the orders it reads them."""
    reading = ModuleType("orm_rows")

    def document_texts(*, session: Session, document_ids: list[int]) -> dict[int, str]:
        if not document_ids:
            return {}
        found = column_tuples(session=session, columns=[t.Document.id, t.Document.text],
                              where=[col(t.Document.id).in_(document_ids)])
        return {i: text for i, text in found}

    def deadline_places(*, session: Session) -> list[tuple[Any, ...]]:
        return [(i or 0, d, p, s, r) for i, d, p, s, r in column_tuples(
            session=session, columns=[t.Deadline.id, t.Deadline.document_id, t.Deadline.path,
                                      t.Deadline.source_start, t.Deadline.raw],
            order_by=[t.Deadline.id])]

    def section_labels(*, session: Session) -> Iterator[tuple[Any, ...]]:
        return iter(column_tuples(
            session=session, columns=[t.Section.document_id, t.Section.path, t.Section.label],
            order_by=[t.Section.document_id, t.Section.start, t.Section.id]))

    section_order = (t.Section.document_id, t.Section.start, t.Section.id)
    tables: dict[str, tuple[type[SQLModel], tuple[Any, ...]]] = {
        "all_jurisdictions": (t.Jurisdiction, ()),
        "document_headers": (t.Document, ()),
        "sections_streamed": (t.Section, section_order),
        "all_citations": (t.Citation, (t.Citation.id,)),
        "all_unit_aliases": (t.UnitAlias, (t.UnitAlias.alias,)),
        "all_units": (t.Unit, ()),
        "all_successions": (t.Succession, (t.Succession.id,)),
        "all_tasks": (t.Task, ()),
        "all_task_links": (t.TaskUnit, (t.TaskUnit.position,)),
        "all_targets": (t.Target, ()),
        "all_deadlines": (t.Deadline, (t.Deadline.id,)),
        "all_places": (t.Place, ()),
        "all_place_mentions": (t.PlaceMention, ()),
        "all_pairings": (t.Pairing, ()),
    }
    for name, (model, order) in tables.items():
        def read(*, session: Session, model: type[SQLModel] = model,
                 order: tuple[Any, ...] = order) -> list[OrmRow]:
            return _objects(session, model, *order)
        setattr(reading, name, read)
    reading.document_texts = document_texts  # type: ignore[attr-defined]
    reading.deadline_places = deadline_places  # type: ignore[attr-defined]
    reading.section_labels = section_labels  # type: ignore[attr-defined]
    return reading


def orm_build(engine: Engine) -> nx.MultiDiGraph:
    """``build_graph`` of ``engine``'s store from mapped objects, the way it read them."""
    with pytest.MonkeyPatch.context() as patch, consistent_read(engine) as session:
        reading = orm_reading()
        patch.setattr(build, "rows_of", reading)
        patch.setattr(document_nodes, "rows_of", reading)
        return build.build_graph(session)
