"""A line chart of monthly counts as SVG: due, done and overdue obligations per month.

Pure: :func:`trend_svg` writes the SVG text from the points and the labels it is given
(the caller translates them), with a legend, a month axis and a count axis; no
JavaScript, CJK text in the shared font stack.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from embed.svg.style import FONT_STACK, NEUTRAL, attr, text

WIDTH, HEIGHT = 620, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 30, 40, 46  # margins: counts, half a month label, legend, months
MAX_MONTH_LABELS = 12
COLOURS = {"due": "#1a73e8", "done": "#1e8e3e", "overdue": "#d93025"}
LEGEND = ("due", "done", "overdue")
DRAWN = ("due", "overdue", "done")
"""Drawing order: done last, dashed with square marks, so it stays visible where it runs
along another series (done and overdue are often equal)."""
DASH = {"done": "6 4"}


@dataclass(frozen=True)
class Point:
    """One month's counts, as the chart reads them."""

    month: str  # YYYY-MM
    due: int
    done: int
    overdue: int


def nice_top(value: int) -> int:
    """The top of the count axis: four ticks of a whole, round step at or above ``value``.

    >>> nice_top(0), nice_top(3), nice_top(7), nice_top(13), nice_top(240), nice_top(241)
    (4, 4, 8, 16, 240, 320)
    """
    for power in range(12):
        for step in (1, 2, 3, 4, 5, 6, 8):
            if value <= 4 * step * 10 ** power:
                return 4 * step * 10 ** power
    return max(4, value)


def trend_svg(points: Sequence[Point], *, title: str, labels: dict[str, str],
              empty: str = "") -> str:
    """The chart as a standalone SVG document.

    ``labels`` names the series (``due``, ``done``, ``overdue``) in the reader's language.

    >>> svg = trend_svg([Point("2018-12", 2, 0, 0), Point("2019-01", 2, 0, 2)], title="t",
    ...                 labels={"due": "到期", "done": "完成", "overdue": "逾期"})
    >>> svg.count("<polyline"), "2019-01" in svg, "逾期" in svg
    (3, True, True)
    """
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = nice_top(max((max(p.due, p.done, p.overdue) for p in points), default=0))
    step_x = plot_w / max(1, len(points) - 1)

    def x(i: int) -> float:
        return LEFT + (i * step_x if len(points) > 1 else plot_w / 2)

    def y(v: int) -> float:
        return TOP + plot_h - v / top * plot_h

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" font-family={attr(FONT_STACK)} '
           f'font-size="12"><title>{text(title)}</title>'
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>']
    legend_x = LEFT
    for name in LEGEND:
        label, colour = labels.get(name, name), COLOURS[name]
        dash = f' stroke-dasharray="{DASH[name]}"' if name in DASH else ""
        out.append(f'<line x1="{legend_x}" y1="16" x2="{legend_x + 22}" y2="16" '
                   f'stroke="{colour}" stroke-width="2.5"{dash}/>'
                   f'{_mark(name, legend_x + 11, 16)}'
                   f'<text x="{legend_x + 28}" y="20" fill="#202124">{text(label)}</text>')
        legend_x += 28 + 14 * len(label) + 24
    ticks = 4
    for k in range(ticks + 1):
        value = top * k // ticks
        ty = y(value)
        shown = str(value)
        out.append(f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" '
                   f'stroke="{"#bdc1c6" if k == 0 else "#eeeeee"}"/>'
                   f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" fill="{NEUTRAL}" '
                   f'text-anchor="end">{shown}</text>')
    every = max(1, math.ceil(len(points) / MAX_MONTH_LABELS))
    for i, p in enumerate(points):
        if i % every == 0:
            out.append(f'<line x1="{x(i):.1f}" y1="{TOP + plot_h}" x2="{x(i):.1f}" '
                       f'y2="{TOP + plot_h + 4}" stroke="#bdc1c6"/>'
                       f'<text x="{x(i):.1f}" y="{TOP + plot_h + 18}" fill="{NEUTRAL}" '
                       f'font-size="11" text-anchor="middle">{text(p.month)}</text>')
    if not points or empty:
        out.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{TOP + plot_h / 2:.1f}" '
                   f'fill="{NEUTRAL}" text-anchor="middle">{text(empty)}</text>')
    for name in DRAWN:
        coords = " ".join(f"{x(i):.1f},{y(getattr(p, name)):.1f}" for i, p in enumerate(points))
        dash = f' stroke-dasharray="{DASH[name]}"' if name in DASH else ""
        out.append(f'<polyline points="{coords}" fill="none" stroke="{COLOURS[name]}" '
                   f'stroke-width="2" stroke-linejoin="round"{dash}/>')
        for i, p in enumerate(points):
            out.append(f'<g><title>{text(p.month)} {text(labels.get(name, name))} '
                       f'{getattr(p, name)}</title>{_mark(name, x(i), y(getattr(p, name)))}</g>')
    out.append("</svg>")
    return "".join(out)


def _mark(name: str, cx: float, cy: float) -> str:
    """A point's mark: a square for done, a circle for the others."""
    if name == "done":
        return (f'<rect x="{cx - 3:.1f}" y="{cy - 3:.1f}" width="6" height="6" '
                f'fill="{COLOURS[name]}"/>')
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3" fill="{COLOURS[name]}"/>'

