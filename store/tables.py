"""SQLModel tables for the extracted responsibility structure.

Follows the fastapi full-stack template's habit: a ``…Base`` with the shared fields,
the ``table=True`` class with keys, and (where the API or exports need one) a
``…Public`` read model.  Every extracted fact mixes in :class:`SourceFields`, its
provenance record: section path, character span and the quoted sentence; the
document is the fact's ``document_id``.

The schema is created by Alembic (``store/migrations``), never by ``create_all`` in
production code, so PostgreSQL and SQLite deployments evolve the same way.  The
curation tables (corrections, the review queue) are in :mod:`store.curation_tables`,
re-exported here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Column, Index, Text, UniqueConstraint, event
from sqlmodel import Field, SQLModel

from store.clock import utcnow
from store.curation_tables import CORRECTION_KINDS as CORRECTION_KINDS
from store.curation_tables import REVIEW_KINDS as REVIEW_KINDS
from store.curation_tables import Correction as Correction
from store.curation_tables import ReviewItem as ReviewItem
from store.fingerprint import normalised_number


class SourceFields(SQLModel):
    """Provenance of one extracted fact: where in its document it was read."""

    source_path: str = Field(default="", max_length=64)
    source_start: int = 0
    source_end: int = 0
    source_quote: str = Field(default="", sa_type=Text)


# --- jurisdictions ---------------------------------------------------------------------

UNKNOWN_JURISDICTION = "未确定"  # full_name of the one for documents that name no government
UNKNOWN_JURISDICTION_ID = 1  # made first, with this id, by the migration that adds jurisdictions


class Jurisdiction(SQLModel, table=True):
    """A government's territory: province → city → county or district → township.

    ``code`` is the GB/T 2260 division code (12 digits) where one applies, so two
    鼓楼区 stay apart; ``full_name`` (浙江省温州市鹿城区) is unique in any case.  The one
    jurisdiction named :data:`UNKNOWN_JURISDICTION` holds documents whose issuer could
    not be placed, so every unit has a jurisdiction.
    """

    id: int | None = Field(default=None, primary_key=True)
    code: str | None = Field(default=None, max_length=12, unique=True, index=True)
    name: str = Field(max_length=100, index=True)  # 鹿城区
    full_name: str = Field(max_length=300, unique=True, index=True)  # 浙江省温州市鹿城区
    level: str = Field(max_length=16)  # province / city / county / township / unknown
    parent_id: int | None = Field(default=None, foreign_key="jurisdiction.id", index=True)


# --- documents -------------------------------------------------------------------------


class DocumentBase(SQLModel):
    key: str = Field(max_length=200, unique=True, index=True)  # stable id: file stem
    number: str | None = Field(default=None, max_length=100, index=True)  # 温政发〔2018〕26号
    title: str | None = None
    issuer: str | None = None
    issued_on: dt.date | None = None
    source_file: str | None = None  # the path it was ingested from
    sha256: str = Field(max_length=64, index=True)


class Document(DocumentBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    ingested_at: dt.datetime = Field(default_factory=utcnow)
    # SHA-256 of the normalised text (store.fingerprint): recognises a number-less
    # document ingested again under another file name.
    fingerprint: str | None = Field(default=None, max_length=64, index=True)
    withdrawn_on: dt.date | None = None  # 废止: open obligations end on this day
    superseded_on: dt.date | None = None  # replaced by another document from this day
    superseded_by: str | None = Field(default=None, max_length=200)  # the replacing key
    jurisdiction_id: int | None = Field(default=None, foreign_key="jurisdiction.id", index=True)
    # ``number`` in one spelling (store.fingerprint.normalised_number), kept in step by
    # the listener below: a 文号 in any spelling is one indexed look-up, not a scan.
    number_normalised: str | None = Field(default=None, max_length=100, index=True)


@event.listens_for(Document, "before_insert")
@event.listens_for(Document, "before_update")
def _normalise_number(mapper: Any, connection: Any, document: Document) -> None:
    document.number_normalised = normalised_number(document.number)


class Section(SQLModel, table=True):
    # (document_id, path) unique: its index serves the look-ups by document alone too
    __table_args__ = (UniqueConstraint("document_id", "path"),)
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE")
    path: str = Field(max_length=64)
    label: str = Field(max_length=16)
    level: int
    heading: str = Field(sa_column=Column(Text, nullable=False))
    start: int
    end: int


class Citation(SourceFields, table=True):
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    number: str | None = Field(default=None, max_length=100, index=True)
    title: str | None = None
    kind: str = Field(default="cites", max_length=16)  # cites / implements (贯彻落实《…》)


# --- units -----------------------------------------------------------------------------


class UnitBase(SQLModel):
    name: str = Field(max_length=200, index=True)  # standard: 市发展和改革委员会
    level: str = Field(default="unknown", max_length=16)  # province / city / county / …
    collective: bool = False  # 结对县(市、区)党委、政府 stands for several counties


class Unit(UnitBase, table=True):
    """A bureau of one government: (jurisdiction, standard name) is unique, so 杭州's
    市发改委 and 宁波's never merge."""

    __table_args__ = (UniqueConstraint("jurisdiction_id", "name", name="uq_unit_jurisdiction_name"),)
    id: int | None = Field(default=None, primary_key=True)
    jurisdiction_id: int = Field(default=UNKNOWN_JURISDICTION_ID, foreign_key="jurisdiction.id",
                                 index=True)


class UnitAlias(SQLModel, table=True):
    """Another name of a unit (经合办 for 市招商局); within one jurisdiction an alias
    resolves to one unit.  ``jurisdiction_id`` repeats the unit's, for that constraint."""

    __table_args__ = (UniqueConstraint("jurisdiction_id", "alias", name="uq_alias_jurisdiction_alias"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True, ondelete="CASCADE")
    jurisdiction_id: int = Field(default=UNKNOWN_JURISDICTION_ID, foreign_key="jurisdiction.id",
                                 index=True)
    alias: str = Field(max_length=200, index=True)
    source: str = Field(default="extracted", max_length=16)  # extracted / lexicon / user


class Succession(SQLModel, table=True):
    """A unit merged into, split into or renamed as another on a day (机构改革): the
    predecessor's obligations due from ``effective_on`` belong to the successor."""

    __table_args__ = (UniqueConstraint("predecessor_id", "successor_id", name="uq_succession_pair"),)
    id: int | None = Field(default=None, primary_key=True)
    predecessor_id: int = Field(foreign_key="unit.id", index=True, ondelete="CASCADE")
    successor_id: int = Field(foreign_key="unit.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=16)  # merge / split / rename
    effective_on: dt.date
    note: str = Field(default="", sa_type=Text)  # the source: 温州市机构改革方案 …
    created_by: str = Field(default="reference", max_length=64)  # token id, cli or reference
    created_at: dt.datetime = Field(default_factory=utcnow)


# --- tasks and what hangs off them ------------------------------------------------------


class Task(SourceFields, table=True):
    """A leaf section's work; ``source_*`` quotes its responsibility clause."""

    # (document_id, path) unique: its index serves the look-ups by document alone too
    __table_args__ = (UniqueConstraint("document_id", "path"),)
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE")
    path: str = Field(max_length=64, index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    start: int
    end: int
    correction_id: int | None = Field(default=None, foreign_key="correction.id", ondelete="SET NULL")


class TaskUnit(SQLModel, table=True):
    """RESPONSIBLE_FOR: a unit's role (lead / co) on a task, as written in the clause."""

    # No index of their own: (task_id, unit_id) unique and ix_taskunit_unit_role start with
    # them, and each index more is paid on every link a document writes.
    __table_args__ = (UniqueConstraint("task_id", "unit_id"),)
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", ondelete="CASCADE")
    unit_id: int = Field(foreign_key="unit.id", ondelete="CASCADE")
    role: str = Field(max_length=8)  # lead / co
    position: int = 0  # order in the clause
    raw: str = ""  # as written: 市招商局〈经合办〉
    correction_id: int | None = Field(default=None, foreign_key="correction.id", ondelete="SET NULL")


class Target(SourceFields, table=True):
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    task_id: int | None = Field(default=None, foreign_key="task.id", index=True, ondelete="CASCADE")
    path: str = Field(max_length=64)
    metric: str = ""
    comparator: str = Field(max_length=8)
    value: float
    value_max: float | None = None
    unit: str = Field(max_length=16)
    base_value: float | None = None
    base_unit: str | None = Field(default=None, max_length=16)
    scope: str | None = None
    period: str = Field(default="once", max_length=16)  # yearly / cumulative / once
    due: dt.date | None = Field(default=None, index=True)
    correction_id: int | None = Field(default=None, foreign_key="correction.id", ondelete="SET NULL")


class Deadline(SourceFields, table=True):
    """A deadline phrase; recurring ones expand to one obligation instance per period."""

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    task_id: int | None = Field(default=None, foreign_key="task.id", index=True, ondelete="CASCADE")
    path: str = Field(max_length=64)
    raw: str = Field(max_length=64)
    due: dt.date | None = Field(default=None, index=True)
    precision: str = Field(max_length=8)
    recurrence: str = Field(default="once", max_length=16)  # once, yearly, half-yearly, quarterly, monthly, ongoing
    month: int | None = None
    day: int | None = None
    horizon: dt.date | None = None
    readings: str = "[]"  # JSON list of ISO dates, every plausible reading
    correction_id: int | None = Field(default=None, foreign_key="correction.id", ondelete="SET NULL")


# --- places and pairings -----------------------------------------------------------------


class Place(SQLModel, table=True):
    """A place named in documents: a division (identified by its code and full name, so
    two 鼓楼区 stay apart), a township, a park.  ``jurisdiction_id`` is the government of
    a division (泰顺县's), through which its units report for it."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, index=True)  # 泰顺县
    full_name: str = Field(max_length=300, unique=True, index=True)  # 浙江省温州市泰顺县
    code: str | None = Field(default=None, max_length=12, index=True)  # GB/T 2260
    kind: str = Field(max_length=16)  # county, district, city, township, street, park, enclave
    parent: str | None = Field(default=None, max_length=100)  # 温州市 for 泰顺县
    jurisdiction_id: int | None = Field(default=None, foreign_key="jurisdiction.id", index=True)


class PlaceMention(SourceFields, table=True):
    """CONCERNS: a place named in a document (task_id when inside a task's section)."""

    id: int | None = Field(default=None, primary_key=True)
    place_id: int = Field(foreign_key="place.id", index=True, ondelete="CASCADE")
    document_id: int = Field(foreign_key="document.id", index=True, ondelete="CASCADE")
    task_id: int | None = Field(default=None, foreign_key="task.id", index=True, ondelete="CASCADE")


class Pairing(SQLModel, table=True):
    """PAIRED_WITH: a developed county paired with an accelerated-development one."""

    __table_args__ = (UniqueConstraint("developed_id", "accelerated_id"),)
    id: int | None = Field(default=None, primary_key=True)
    developed_id: int = Field(foreign_key="place.id", index=True)
    accelerated_id: int = Field(foreign_key="place.id", index=True)
    confidence: str = Field(max_length=16)  # stated / reported / inferred
    source: str = Field(sa_column=Column(Text, nullable=False))
    since: int | None = None


# --- data version ------------------------------------------------------------------------


class DataVersion(SQLModel, table=True):
    """One row; bumped in the same transaction as every change to the facts, so each
    server process can tell, with one cheap query, that its graph is stale."""

    id: int = Field(default=1, primary_key=True)
    version: int = 0
    changed_at: dt.datetime = Field(default_factory=utcnow)


Index("ix_taskunit_unit_role", TaskUnit.unit_id, TaskUnit.role)  # type: ignore[arg-type]
# Ingest asks which documents cite a title (store.ingest_write.apply_repeals).  A hash
# index on PostgreSQL: a title may outgrow a b-tree entry (about 2.7 kB).
Index("ix_citation_title", Citation.title,  # type: ignore[arg-type]
      postgresql_using="hash")
