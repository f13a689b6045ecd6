"""Progress reports in GraphQL: their types, and who may report for an obligation.

Ownership rule: a reporter token may report for an obligation when its unit
is one of the obligation's owners, or when an owner is a collective unit of the pairing
(结对县(市、区)党委、政府) and the token's unit belongs to one of that collective's member
places.  A unit belongs to a place when its canonical name begins with the place's name:
泰顺县人民政府, 泰顺县商务局 and a unit named just 泰顺县 all belong to 泰顺县, which the
graph makes a member (MEMBER_OF) of the collective.  Such a county reports its own share:
its reports are stored under its own unit.  An admin may report for any obligation.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
import strawberry

from graph.build import MEMBER_OF, node_id
from graph.obligations import Obligation
from store.progress.sheet import RowError
from store.progress.tables import ProgressReport


@strawberry.type(name="ProgressReport",
                 description="A unit's statement about one obligation instance, as of a day.")
class ProgressReportType:
    id: int
    obligation_id: str
    unit_id: int | None
    reported_on: dt.date
    done: bool
    value_reached: float | None
    note: str
    evidence_url: str | None
    created_by: str = strawberry.field(description="The token id that wrote it (never the token)")
    created_at: dt.datetime
    retracted: bool
    version: int = strawberry.field(description="Pass as `expectedVersion` to retract it")

    @classmethod
    def from_row(cls, row: ProgressReport) -> ProgressReportType:
        """The GraphQL view of a stored report."""
        return cls(id=row.id or 0, obligation_id=row.obligation_id, unit_id=row.unit_id,
                   reported_on=row.reported_on, done=row.done, value_reached=row.value_reached,
                   note=row.note, evidence_url=row.evidence_url, created_by=row.created_by,
                   created_at=row.created_at, retracted=row.retracted_at is not None,
                   version=row.version)


@strawberry.type(name="Progress", description="How far a quantitative target is: reached / target.")
class ProgressType:
    reached: float = strawberry.field(description="The latest value reported on or before the day")
    target: float
    unit: str
    ratio: float = strawberry.field(description="reached / target (1.0 = met)")


@strawberry.type(name="SheetRowError", description="Why one row of a progress sheet was refused.")
class SheetRowErrorType:
    row: int = strawberry.field(description="The spreadsheet's own row number")
    column: str | None
    message: str

    @classmethod
    def from_error(cls, error: RowError) -> SheetRowErrorType:
        """The GraphQL view of a sheet row error."""
        return cls(row=error.row, column=error.column, message=error.message)


@strawberry.type(name="SheetImport",
                 description="A progress sheet's outcome: every row stored, or none and every error.")
class SheetImportType:
    stored: int
    reports: list[ProgressReportType]
    errors: list[SheetRowErrorType]


def unit_places(graph: nx.MultiDiGraph, unit_name: str) -> list[str]:
    """Place nodes a unit belongs to: those whose name begins its canonical name.

    >>> from graph.sample import sample_graph
    >>> graph = sample_graph()
    >>> [graph.nodes[p]["name"] for p in unit_places(graph, "泰顺县人民政府")]
    ['泰顺县']
    >>> unit_places(graph, "市商务局")
    []
    """
    return [n for n, d in graph.nodes(data=True)
            if d["kind"] == "Place" and d["name"] and unit_name.startswith(d["name"])]


def may_report(graph: nx.MultiDiGraph, *, unit_id: int, unit_name: str,
               obligation: Obligation) -> bool:
    """Whether the unit may report for ``obligation`` (see the module docstring).

    >>> from graph.sample import sample_graph
    >>> from graph.obligations import find_obligation
    >>> graph = sample_graph()
    >>> park = find_obligation(graph, "deadline:000/二(二)1/1")  # the collective's
    >>> may_report(graph, unit_id=99, unit_name="泰顺县人民政府", obligation=park)
    True
    >>> may_report(graph, unit_id=3, unit_name="市商务局", obligation=park)
    False
    """
    owners = {o.unit for o in obligation.owners}
    if node_id("unit", unit_id) in owners:
        return True
    collectives = {v for place in unit_places(graph, unit_name)
                   for _, v, k in graph.out_edges(place, keys=True) if k == MEMBER_OF}
    return bool(collectives & owners)

