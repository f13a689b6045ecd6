"""The exported tables, as plain header + rows, built from a :class:`graph.asof.AsOfContext`.

``breakdown`` is the responsibility breakdown (责任分解表) the documents attach: one row
per task, its units (lead first), its targets and its deadlines.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from graph.asof import AsOfContext
from graph.build import DUE_BY, HAS_TARGET
from graph.kinds import of_kind
from graph.names import resolve_unit
from graph.obligations import expand, owners_of, planning_year
from graph.rows import assessed_rows, document_label, obligation_row
from graph.selection import resolve_document
from graph.target_progress import progress_rows
from i18n import label
from store.breakdown.cells import LINE, format_deadline, format_target

WHAT = ("obligations", "targets", "breakdown")
JOIN = "、"  # how Chinese tables list several names in one cell


@dataclass(frozen=True)
class Column:
    """A column: a machine key (JSON) and a heading people read (CSV, XLSX, Markdown)."""

    key: str
    heading: str


@dataclass(frozen=True)
class Table:
    """One exported table."""

    name: str  # obligations / targets / breakdown
    title: str  # the sheet / document title
    columns: list[Column]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column key (for JSON)."""
        return [{c.key: v for c, v in zip(self.columns, row, strict=True)} for row in self.rows]


def _columns(*pairs: tuple[str, str]) -> list[Column]:
    return [Column(k, h) for k, h in pairs]


@dataclass(frozen=True)
class Only:
    """What a table is cut to: one document's rows, one unit's, or all (``None``)."""

    document: str | None = None  # a Document node id
    unit: str | None = None  # a Unit node id

    @classmethod
    def resolve(cls, context: AsOfContext, *, document: str | None = None,
                unit: str | None = None, jurisdiction: str | None = None) -> Only:
        """The nodes ``document`` (key, number or title) and ``unit`` (any spelling, in
        ``jurisdiction`` when several governments have a unit of that name) name; raises
        ``graph.names.UnknownName`` / ``AmbiguousName`` as the look-ups do."""
        graph = context.graph
        return cls(resolve_document(graph, document) if document else None,
                   resolve_unit(graph, unit, jurisdiction) if unit else None)


def obligations_table(context: AsOfContext, only: Only = Only()) -> Table:
    """Every obligation instance with its status as of the day asked about (``only``:
    those of one document, or those one unit owns)."""
    rows = [obligation_row(context.graph, a) for a in assessed_rows(context, unit=only.unit)
            if only.document is None or a.obligation.document == only.document]
    return Table("obligations", f"义务清单(截至{context.as_of.isoformat()})", _columns(
        ("id", "编号"), ("document", "文件"), ("path", "条款"), ("deadline", "期限表述"),
        ("due", "到期日"), ("status", "状态"), ("lead", "牵头单位"), ("owners", "责任单位"),
        ("quote", "原文")), [[r.id, r.document, r.path, r.raw, r.due, r.status_label, r.lead,
                             JOIN.join(r.owners), r.quote] for r in rows])


def targets_table(context: AsOfContext, only: Only = Only()) -> Table:
    """Every quantitative target, with what was reached by the day asked about (``only``:
    those of one document, or of the tasks one unit answers for)."""
    graph = context.graph
    ids = [n for n in of_kind(graph, "Target") if only.document is None
           or f"document:{graph.nodes[n]['document_id']}" == only.document]
    out = []
    for r in progress_rows(context, ids):
        data = graph.nodes[r.id]
        owners = owners_of(graph, r.task)
        if only.unit is not None and all(o.unit != only.unit for o in owners):
            continue
        out.append([r.id, document_label(graph, f"document:{data['document_id']}"), r.path,
                    r.metric, data["comparator"], r.value, data.get("value_max"), r.unit,
                    label("period", r.period), data["due"].isoformat() if data.get("due") else "",
                    data.get("scope") or "", r.reached, JOIN.join(o.name for o in owners),
                    r.quote])
    return Table("targets", "量化指标", _columns(
        ("id", "编号"), ("document", "文件"), ("path", "条款"), ("metric", "指标"),
        ("comparator", "比较"), ("value", "目标值"), ("value_max", "上限"), ("unit", "单位"),
        ("period", "周期"), ("due", "到期日"), ("scope", "范围"), ("reached", "已完成"),
        ("owners", "责任单位"), ("quote", "原文")), out)


def breakdown_table(context: AsOfContext, only: Only = Only()) -> Table:
    """责任分解表: one row per task, in document and reading order.

    Shaped to be imported back (:mod:`store.breakdown`): the whole task text, every lead
    and co unit by its stored name, each deadline on its own line with its date (each
    instance's, through the planning year, for a recurring one), each
    target as metric, comparator, value and unit (:mod:`store.breakdown.cells`).
    ``only`` keeps one document's tasks, or the tasks one unit answers for.
    """
    graph = context.graph
    only_document, only_unit = only.document, only.unit
    tasks = sorted(of_kind(graph, "Task"),
                   key=lambda n: (graph.nodes[n]["document_id"], graph.nodes[n]["start"]))
    # each instance of a recurring deadline, through the graph's planning year
    dues: dict[str, list[dt.date]] = defaultdict(list)
    for instance in expand(graph, through_year=planning_year(graph)):
        dues[instance.node].append(instance.due)
    rows: list[list[Any]] = []
    for task in tasks:
        data = graph.nodes[task]
        owners = owners_of(graph, task)
        if only_document and f"document:{data['document_id']}" != only_document:
            continue
        if only_unit and all(o.unit != only_unit for o in owners):
            continue
        targets = [format_target(t["metric"], t["comparator"], t["value"], t.get("value_max"),
                                 t["unit"])
                   for t in (graph.nodes[v] for _, v, k in graph.out_edges(task, keys=True)
                             if k == HAS_TARGET)]
        deadlines = [format_deadline(graph.nodes[ob]["raw"], dues.get(ob) or [
                         d for d in [graph.nodes[ob].get("due")] if d])
                     for _, ob, k in graph.out_edges(task, keys=True)
                     if k == DUE_BY and graph.nodes[ob].get("basis") == "deadline"]
        rows.append([len(rows) + 1, document_label(graph, f"document:{data['document_id']}"),
                     data["path"], data["text"], JOIN.join(o.name for o in owners),
                     JOIN.join(o.name for o in owners if o.role == "lead"),
                     JOIN.join(o.name for o in owners if o.role != "lead"),
                     LINE.join(targets), LINE.join(deadlines)])
    return Table("breakdown", "责任分解表", _columns(
        ("no", "序号"), ("document", "文件"), ("path", "任务编号"), ("task", "工作任务"),
        ("units", "责任单位"), ("lead", "牵头单位"), ("co", "配合单位"), ("targets", "目标指标"),
        ("deadlines", "完成时限")), rows)


def export_table(context: AsOfContext, what: str, *, document: str | None = None,
                 unit: str | None = None, jurisdiction: str | None = None) -> Table:
    """The table called ``what`` (one of :data:`WHAT`); ``KeyError`` for anything else.

    ``document`` (key, number or title) keeps one document's rows, ``unit`` (any spelling;
    ``jurisdiction`` says whose, when several governments have a unit of that name) the
    rows of what that unit answers for (:class:`Only`).
    """
    builders = {"obligations": obligations_table, "targets": targets_table,
                "breakdown": breakdown_table}
    builder = builders[what]
    return builder(context, Only.resolve(context, document=document, unit=unit,
                                         jurisdiction=jurisdiction))
