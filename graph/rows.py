"""Rows the widgets show: an obligation with its status light, a target with its progress.

Status lights follow the traffic-light reading supervisors expect: red is OVERDUE,
yellow DUE_SOON, green OPEN or DONE, grey DONE_LATE (finished, but after the deadline).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph.agenda import Assessed, assess
from graph.asof import AsOfContext
from graph.status import Status
from i18n import t

LIGHTS = {Status.OVERDUE: "red", Status.DUE_SOON: "yellow", Status.OPEN: "green",
          Status.DONE: "green", Status.DONE_LATE: "grey"}


def status_label(status: Status) -> str:
    """What a status is called in the current language (the catalogue's ``status.*``).

    >>> status_label(Status.OVERDUE)
    '逾期'
    """
    return t(f"status.{status.name}")


# Worst first: the colour of a node carrying several obligations is its worst status.
SEVERITY = [Status.OVERDUE, Status.DUE_SOON, Status.OPEN, Status.DONE_LATE, Status.DONE]


@dataclass(frozen=True)
class ObligationRow:
    """One obligation instance as a widget line."""

    id: str
    path: str
    document: str  # number, else title, else key
    due: str  # ISO date
    status: str  # Status value
    status_label: str
    light: str  # red / yellow / green / grey
    owners: tuple[str, ...]  # lead first
    lead: str  # the lead unit's name, "" when the clause names none
    raw: str  # the deadline phrase as written
    quote: str  # the source sentence (shown on hover)
    task: str | None
    heading: str = ""  # what the task is (its heading or first clause), beside the path


@dataclass(frozen=True)
class TargetRow:
    """A quantitative target and how far it got (0 until progress is reported)."""

    id: str
    path: str
    label: str  # 40亿元
    metric: str
    value: float
    unit: str
    period: str
    reached: float
    percent: int  # 0‥100, for the progress bar's width
    quote: str
    task: str | None


def document_label(graph: nx.MultiDiGraph, node: str) -> str:
    """How a document is named to people: its number, else its title, else its first line
    (the graph node's label, :mod:`store.labels`), never its file key."""
    data = graph.nodes[node]
    return str(data.get("number") or data.get("title") or data.get("label") or node)


def obligation_row(graph: nx.MultiDiGraph, assessed: Assessed) -> ObligationRow:
    """The widget line of one assessed obligation instance."""
    ob = assessed.obligation
    lead = next((o.name for o in ob.owners if o.role == "lead"), "")
    return ObligationRow(
        id=ob.id, path=ob.path, document=document_label(graph, ob.document),
        due=ob.due.isoformat(), status=assessed.status.value,
        status_label=status_label(assessed.status), light=LIGHTS[assessed.status],
        owners=tuple(o.name for o in ob.owners), lead=lead, raw=ob.raw,
        quote="\n".join(dict.fromkeys(q.text for q in ob.provenance)) or ob.text,
        task=ob.task, heading=ob.heading)


def assessed_rows(context: AsOfContext, *, unit: str | None = None) -> list[Assessed]:
    """Every obligation instance with its status as of the day asked about."""
    return assess(context.graph, as_of=context.as_of, reports=context.reports,
                  due_soon_days=context.due_soon_days, unit=unit)


def worst(statuses: Iterable[Status]) -> Status | None:
    """The most urgent status among ``statuses`` (``None`` when there are none).

    >>> worst([Status.OPEN, Status.OVERDUE, Status.DONE]).value
    'OVERDUE'
    >>> worst([]) is None
    True
    """
    found = set(statuses)
    return next((s for s in SEVERITY if s in found), None)
