"""Progress reports in GraphQL: their types, and who may report for an obligation.

Ownership rule: a reporter token may report for an obligation when its unit
is one of the obligation's owners, or when an owner is a collective unit of the pairing
(结对县(市、区)党委、政府) and the token's unit belongs to one of that collective's member
counties: its jurisdiction is the county's (泰顺县人民政府 and 泰顺县商务局 live in
浙江省温州市泰顺县, the member 泰顺县's jurisdiction).  Such a county reports its own
share only: its reports are stored under its own unit with the county
(``ProgressReport.place_id``).  An admin may report for any obligation, and for one
county's share by naming it.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
import strawberry

from graph.build import node_id
from graph.obligations import Obligation
from graph.shares import collective_members, member_of
from store.progress.sheet import RowError
from store.progress.tables import ProgressReport


@strawberry.type(name="ProgressReport",
                 description="A unit's statement about one obligation instance, as of a day.")
class ProgressReportType:
    id: int
    obligation_id: str
    unit_id: int | None
    place_id: int | None = strawberry.field(
        description="The member county whose share of a collective obligation it is about")
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
                   place_id=row.place_id,
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


def county_of(graph: nx.MultiDiGraph, *, unit_id: int | None,
              obligation: Obligation) -> str | None:
    """The member county (Place node) whose share of ``obligation`` the unit reports: a
    collective owner's member whose jurisdiction is the unit's own (泰顺县人民政府 lives in
    浙江省温州市泰顺县, the jurisdiction of the member 泰顺县); ``None`` when the unit is an
    owner itself or belongs to no member county.

    >>> from graph.sample import sample_graph
    >>> from graph.obligations import find_obligation
    >>> graph = sample_graph()
    >>> park = find_obligation(graph, "deadline:000/二(二)1/1")  # the collective's
    >>> county_of(graph, unit_id=3, obligation=park) is None  # 市商务局: no county
    True
    """
    node = node_id("unit", unit_id) if unit_id is not None else None
    if node is None or node not in graph or node in {o.unit for o in obligation.owners}:
        return None
    home = graph.nodes[node].get("jurisdiction_id")
    return next((place for o in obligation.owners
                 if (place := member_of(graph, o.unit, home)) is not None), None)


def county_named(graph: nx.MultiDiGraph, name: str, obligation: Obligation) -> str | None:
    """The member county of ``obligation``'s collective owners called ``name`` (its
    name, full name or division code).

    >>> from graph.sample import sample_graph
    >>> from graph.obligations import find_obligation
    >>> graph = sample_graph()
    >>> park = find_obligation(graph, "deadline:000/二(二)1/1")
    >>> graph.nodes[county_named(graph, "泰顺县", park)]["full_name"]
    '浙江省温州市泰顺县'
    >>> county_named(graph, "杭州市", park) is None
    True
    """
    wanted = name.strip()
    members = collective_members(graph)
    return next((place for o in obligation.owners for place in members.get(o.unit, ())
                 if wanted and wanted in (graph.nodes[place].get("name"),
                                          graph.nodes[place].get("full_name"),
                                          graph.nodes[place].get("code"))), None)


def may_report(graph: nx.MultiDiGraph, *, unit_id: int, obligation: Obligation) -> bool:
    """Whether the unit may report for ``obligation`` (see the module docstring).

    >>> from graph.sample import sample_graph
    >>> from graph.obligations import find_obligation
    >>> graph = sample_graph()
    >>> park = find_obligation(graph, "deadline:000/二(二)1/1")  # the collective's
    >>> collective = park.owners[0].unit
    >>> may_report(graph, unit_id=graph.nodes[collective]["db_id"], obligation=park)
    True
    >>> may_report(graph, unit_id=3, obligation=park)  # 市商务局
    False
    """
    if node_id("unit", unit_id) in {o.unit for o in obligation.owners}:
        return True
    return county_of(graph, unit_id=unit_id, obligation=obligation) is not None
