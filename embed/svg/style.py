"""Colours and fonts shared by the SVG pictures and the HTML widgets."""

from __future__ import annotations

from xml.sax.saxutils import escape

FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", '
              '"Microsoft YaHei", sans-serif')

# Traffic-light colours of graph.status values (the widget CSS uses the same ones).
STATUS_COLOURS = {"OVERDUE": "#d93025", "DUE_SOON": "#f2a600", "OPEN": "#1e8e3e",
                  "DONE": "#1e8e3e", "DONE_LATE": "#80868b"}
NEUTRAL = "#5f6368"


def text(value: object) -> str:
    """Escape text content for SVG/XML.

    >>> text("<script>&")
    '&lt;script&gt;&amp;'
    """
    return escape(str(value))


def attr(value: object) -> str:
    """A quoted, escaped XML attribute value.

    >>> attr('a"b<')
    '"a&quot;b&lt;"'
    """
    return '"' + escape(str(value), {'"': "&quot;"}) + '"'
