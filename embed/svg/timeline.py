"""A Gantt-like timeline of deadlines as SVG: one bar per obligation instance.

Layout and drawing are pure: :func:`layout_timeline` turns :class:`Bar` records into
pixel rectangles, :func:`timeline_svg` writes the SVG text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from embed.svg.style import FONT_STACK, NEUTRAL, STATUS_COLOURS, attr, text

ROW = 22  # px per bar; tall enough for 12-px CJK labels
LABEL_WIDTH = 170  # left gutter for "二(二)1 2018年7月底前"
AXIS = 24  # px above the first bar for year ticks


@dataclass(frozen=True)
class Bar:
    """One obligation instance: from when it was set to when it is due."""

    label: str
    start: dt.date
    due: dt.date
    status: str  # graph.status.Status value
    title: str = ""  # hover text (the source quote)


@dataclass(frozen=True)
class PlacedBar:
    """A bar with its pixel box."""

    bar: Bar
    x: float
    y: float
    width: float


def _span(bars: Sequence[Bar], as_of: dt.date) -> tuple[dt.date, dt.date]:
    first = min([b.start for b in bars] + [as_of])
    last = max([b.due for b in bars] + [as_of])
    # Whole years on both ends, so year ticks sit at the edges.
    return dt.date(first.year, 1, 1), dt.date(last.year + 1, 1, 1)


def layout_timeline(bars: Sequence[Bar], *, as_of: dt.date,
                    width: int = 600) -> tuple[list[PlacedBar], dt.date, dt.date]:
    """Place bars in rows, the time axis scaled to ``width`` pixels.

    Returns
    -------
    tuple
        The placed bars (input order, one row each) and the axis' first and last day.

    Examples
    --------
    >>> bars = [Bar("a", dt.date(2018, 1, 1), dt.date(2018, 12, 31), "OPEN")]
    >>> placed, start, end = layout_timeline(bars, as_of=dt.date(2018, 6, 1), width=600)
    >>> (start.isoformat(), end.isoformat(), placed[0].x, round(placed[0].width))
    ('2018-01-01', '2019-01-01', 170.0, 421)
    """
    start, end = _span(bars, as_of) if bars else (dt.date(as_of.year, 1, 1),
                                                  dt.date(as_of.year + 1, 1, 1))
    scale = (width - LABEL_WIDTH - 8) / max(1, (end - start).days)
    placed = []
    for row, bar in enumerate(bars):
        x = LABEL_WIDTH + (bar.start - start).days * scale
        w = max(3.0, (bar.due - bar.start).days * scale)
        placed.append(PlacedBar(bar=bar, x=round(x, 1), y=AXIS + row * ROW, width=round(w, 1)))
    return placed, start, end


def timeline_svg(bars: Sequence[Bar], *, as_of: dt.date, width: int = 600) -> str:
    """The timeline as a standalone SVG document (fonts with CJK fallbacks).

    A red dashed line marks ``as_of``; each bar ends in a diamond at its due date.
    """
    placed, start, end = layout_timeline(bars, as_of=as_of, width=width)
    height = AXIS + max(1, len(placed)) * ROW + 8
    scale = (width - LABEL_WIDTH - 8) / max(1, (end - start).days)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" font-family={attr(FONT_STACK)} '
           'font-size="12"><title>期限时间轴</title>']
    for year in range(start.year, end.year + 1):
        x = LABEL_WIDTH + (dt.date(year, 1, 1) - start).days * scale
        out.append(f'<line x1="{x:.1f}" y1="{AXIS - 6}" x2="{x:.1f}" y2="{height}" '
                   'stroke="#e0e0e0"/>')
        if year < end.year:
            out.append(f'<text x="{x + 3:.1f}" y="{AXIS - 10}" fill="{NEUTRAL}">{year}</text>')
    if not placed:
        out.append(f'<text x="{LABEL_WIDTH}" y="{AXIS + 14}" fill="{NEUTRAL}">无期限</text>')
    for p in placed:
        colour = STATUS_COLOURS.get(p.bar.status, NEUTRAL)
        mid = p.y + ROW / 2
        right = p.x + p.width
        out.append(f'<g><title>{text(p.bar.title or p.bar.label)}</title>'
                   f'<text x="4" y="{mid + 4:.1f}" fill="#202124">{text(p.bar.label)}</text>'
                   f'<rect x="{p.x}" y="{p.y + 5}" width="{p.width}" height="{ROW - 10}" '
                   f'rx="3" fill="{colour}" fill-opacity="0.35" stroke="{colour}"/>'
                   f'<path d="M{right:.1f} {mid - 6:.1f} L{right + 5:.1f} {mid:.1f} '
                   f'L{right:.1f} {mid + 6:.1f} L{right - 5:.1f} {mid:.1f} Z" fill="{colour}"/>'
                   '</g>')
    now = LABEL_WIDTH + (as_of - start).days * scale
    out.append(f'<line x1="{now:.1f}" y1="{AXIS - 6}" x2="{now:.1f}" y2="{height}" '
               'stroke="#d93025" stroke-dasharray="4 3"/>'
               f'<text x="{now + 3:.1f}" y="{height - 2}" fill="#d93025" font-size="10">'
               f'{as_of.isoformat()}</text></svg>')
    return "".join(out)
