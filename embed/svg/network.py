"""The responsibility network as SVG: a layered (column) layout, pure functions.

Columns, left to right: Unit, Task, Target, Place.  Within each column nodes are ordered
by the barycentre heuristic (a few sweeps, each node placed at the mean position of its
neighbours in the other columns), which removes most edge crossings, and spaced one
label-height apart so labels never overlap however many nodes there are: the picture grows
taller instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from embed.svg.style import FONT_STACK, NEUTRAL, STATUS_COLOURS, attr, text

KINDS = ("Unit", "Task", "Target", "Place")
ROW = 24  # px between two nodes of a column: a 12-px label plus air
TOP = 40  # room for the column headings
COLUMN_TITLES = {"Unit": "责任单位", "Task": "任务", "Target": "指标", "Place": "地区"}
# Column x positions as a share of the width: units carry long names on their left,
# places on their right, so the outer columns sit inwards.
COLUMN_X = {"Unit": 0.27, "Task": 0.47, "Target": 0.62, "Place": 0.74}


@dataclass(frozen=True)
class NetNode:
    """A node of the picture."""

    id: str
    kind: str  # one of KINDS
    label: str
    status: str | None = None  # worst graph.status value, None for places
    title: str = ""  # hover text


@dataclass(frozen=True)
class NetEdge:
    """An edge of the picture; ``strong`` for a lead unit's responsibility."""

    source: str
    target: str
    kind: str
    strong: bool = False


def order_columns(nodes: Sequence[NetNode], edges: Sequence[NetEdge], *,
                  sweeps: int = 4) -> dict[str, list[str]]:
    """Node ids per column, ordered to reduce crossings (deterministic).

    Examples
    --------
    >>> ns = [NetNode("u1", "Unit", "甲"), NetNode("u2", "Unit", "乙"),
    ...       NetNode("t1", "Task", "1"), NetNode("t2", "Task", "2")]
    >>> es = [NetEdge("u1", "t2", "R"), NetEdge("u2", "t1", "R")]
    >>> order_columns(ns, es)["Task"]
    ['t2', 't1']
    """
    columns = {k: [n.id for n in nodes if n.kind == k] for k in KINDS}
    neighbours: dict[str, list[str]] = {n.id: [] for n in nodes}
    for e in edges:
        if e.source in neighbours and e.target in neighbours:
            neighbours[e.source].append(e.target)
            neighbours[e.target].append(e.source)
    for sweep in range(sweeps):
        position = {nid: i for col in columns.values() for i, nid in enumerate(col)}
        # Alternate directions so both outer columns get to pull the middle ones.
        kinds = KINDS[1:] if sweep % 2 == 0 else tuple(reversed(KINDS[:-1]))
        for kind in kinds:
            col = columns[kind]

            def centre(nid: str, current: list[str] = col,
                       seen: dict[str, int] = position) -> tuple[float, int]:
                others = [seen[o] for o in neighbours[nid] if o not in current]
                mean = sum(others) / len(others) if others else current.index(nid)
                return (mean, current.index(nid))

            columns[kind] = sorted(col, key=centre)
            position.update({nid: i for i, nid in enumerate(columns[kind])})
    return columns


def layout_network(nodes: Sequence[NetNode], edges: Sequence[NetEdge], *,
                   width: int = 900) -> tuple[dict[str, tuple[float, float]], int]:
    """Pixel positions of every node, and the picture's height.

    Each column is centred vertically; nodes are ``ROW`` pixels apart.

    >>> pos, height = layout_network([NetNode("u", "Unit", "甲"), NetNode("t", "Task", "1")],
    ...                              [NetEdge("u", "t", "R")], width=1000)
    >>> pos["u"], pos["t"], height
    ((270.0, 52.0), (470.0, 52.0), 72)
    """
    columns = order_columns(nodes, edges)
    tallest = max((len(c) for c in columns.values()), default=0)
    height = TOP + max(1, tallest) * ROW + 8  # bottom margin for the last label
    positions: dict[str, tuple[float, float]] = {}
    for kind, col in columns.items():
        offset = (tallest - len(col)) * ROW / 2
        for i, nid in enumerate(col):
            positions[nid] = (round(COLUMN_X[kind] * width, 1), TOP + offset + i * ROW + ROW / 2)
    return positions, height


def network_svg(nodes: Sequence[NetNode], edges: Sequence[NetEdge], *, width: int = 900) -> str:
    """The network as a standalone SVG document, coloured by status.

    Unit labels sit left of their dot, the others right of it; hover shows ``title``.
    """
    positions, height = layout_network(nodes, edges, width=width)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" font-family={attr(FONT_STACK)} '
           'font-size="12"><title>责任网络</title>']
    for kind in KINDS:
        anchor = "end" if kind == "Unit" else "start"
        out.append(f'<text x="{COLUMN_X[kind] * width:.1f}" y="18" text-anchor="{anchor}" '
                   f'font-weight="bold" fill="{NEUTRAL}">{COLUMN_TITLES[kind]}</text>')
    for e in edges:
        if e.source not in positions or e.target not in positions:
            continue
        (x1, y1), (x2, y2) = positions[e.source], positions[e.target]
        if x1 > x2:
            (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
        bend = (x2 - x1) / 2  # a horizontal S-curve reads better than a straight line
        stroke = ("#5f6368", "1.6") if e.strong else ("#bdc1c6", "0.8")
        out.append(f'<path d="M{x1} {y1} C{x1 + bend:.1f} {y1} {x2 - bend:.1f} {y2} {x2} {y2}" '
                   f'fill="none" stroke="{stroke[0]}" stroke-width="{stroke[1]}" '
                   f'data-kind={attr(e.kind)}/>')
    for n in nodes:
        x, y = positions[n.id]
        colour = STATUS_COLOURS.get(n.status or "", NEUTRAL)
        shape = (f'<rect x="{x - 5}" y="{y - 5}" width="10" height="10" fill="{colour}"/>'
                 if n.kind in ("Task", "Target") else
                 f'<circle cx="{x}" cy="{y}" r="6" fill="{colour}"/>')
        dx, anchor = (-10, "end") if n.kind == "Unit" else (10, "start")
        out.append(f'<g class="node" data-kind="{n.kind}" data-status={attr(n.status or "")}>'
                   f'<title>{text(n.title or n.label)}</title>{shape}'
                   f'<text x="{x + dx}" y="{y + 4}" text-anchor="{anchor}" fill="#202124">'
                   f'{text(n.label)}</text></g>')
    out.append("</svg>")
    return "".join(out)
