"""The exported tables, as plain header + rows, built from a :class:`embed.reading.Reading`.

``breakdown`` is the responsibility breakdown (责任分解表) the documents attach: one row
per task, its units (lead first), its targets and its deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from embed.reading import Reading
from embed.views.rows import assessed_rows, document_label, obligation_row, target_rows
from graph.build import DUE_BY, HAS_TARGET
from graph.obligations import owners_of
from i18n import label

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


def obligations_table(reading: Reading) -> Table:
    """Every obligation instance with its status as of the reading's day."""
    rows = [obligation_row(reading.graph, a) for a in assessed_rows(reading)]
    return Table("obligations", f"义务清单(截至{reading.as_of.isoformat()})", _columns(
        ("id", "编号"), ("document", "文件"), ("path", "条款"), ("deadline", "期限表述"),
        ("due", "到期日"), ("status", "状态"), ("lead", "牵头单位"), ("owners", "责任单位"),
        ("quote", "原文")), [[r.id, r.document, r.path, r.raw, r.due, r.status_label, r.lead,
                             JOIN.join(r.owners), r.quote] for r in rows])


def targets_table(reading: Reading) -> Table:
    """Every quantitative target, with what was reached by the reading's day."""
    graph = reading.graph
    ids = [n for n, d in graph.nodes(data=True) if d["kind"] == "Target"]
    out = []
    for r in target_rows(reading, ids):
        data = graph.nodes[r.id]
        owners = owners_of(graph, r.task)
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


def breakdown_table(reading: Reading) -> Table:
    """责任分解表: one row per task, in document and reading order."""
    graph = reading.graph
    tasks = sorted((n for n, d in graph.nodes(data=True) if d["kind"] == "Task"),
                   key=lambda n: (graph.nodes[n]["document_id"], graph.nodes[n]["start"]))
    rows = []
    for i, task in enumerate(tasks, start=1):
        data = graph.nodes[task]
        owners = owners_of(graph, task)
        targets = [graph.nodes[v]["label"] for _, v, k in graph.out_edges(task, keys=True)
                   if k == HAS_TARGET]
        deadlines = []
        for _, ob, k in graph.out_edges(task, keys=True):
            node = graph.nodes[ob]
            if k == DUE_BY and node.get("basis") == "deadline":
                due = node["due"].isoformat() if node.get("due") else ""
                deadlines.append(f"{node['raw']}({due})" if due else node["raw"])
        rows.append([i, document_label(graph, f"document:{data['document_id']}"), data["path"],
                     data["text"][:60], JOIN.join(o.name for o in owners),
                     next((o.name for o in owners if o.role == "lead"), ""),
                     JOIN.join(o.name for o in owners if o.role != "lead"),
                     JOIN.join(targets), JOIN.join(deadlines)])
    return Table("breakdown", "责任分解表", _columns(
        ("no", "序号"), ("document", "文件"), ("path", "任务编号"), ("task", "工作任务"),
        ("units", "责任单位"), ("lead", "牵头单位"), ("co", "配合单位"), ("targets", "目标指标"),
        ("deadlines", "完成时限")), rows)


def export_table(reading: Reading, what: str) -> Table:
    """The table called ``what`` (one of :data:`WHAT`); ``KeyError`` for anything else."""
    builders = {"obligations": obligations_table, "targets": targets_table,
                "breakdown": breakdown_table}
    return builders[what](reading)
