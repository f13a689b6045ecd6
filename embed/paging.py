"""Pages of a widget's list: ``?first=`` and ``?offset=``, the total, and links.

A widget's list (the overdue list, a unit card's obligations and tasks) shows one page
of a stable order: ``first`` rows (default :data:`DEFAULT_FIRST`, at most
:data:`MAX_FIRST`) from ``offset`` (0-based, at most :data:`MAX_OFFSET`).  The page is an
offset into the list rather than a keyset cursor: the lists are in a total order (due
date, path, id for obligations), so the same day and data give the same pages, and a
person can jump to any page.  The links keep every other query parameter.

Examples
--------
>>> window = Window(first=100, offset=0)
>>> shown = Shown.of(window, total=67783, on_page=100)
>>> (shown.start, shown.end, shown.next_offset, shown.previous_offset)
(1, 100, 100, None)
>>> last = Shown.of(Window(first=100, offset=67700), total=67783, on_page=83)
>>> (last.start, last.end, last.next_offset, last.previous_offset)
(67701, 67783, None, 67600)
>>> with_offset([("asOf", "2021-06-01"), ("offset", "100"), ("unit", "市招商局")], "offset", 200)
'?asOf=2021-06-01&unit=%E5%B8%82%E6%8B%9B%E5%95%86%E5%B1%80&offset=200'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from graph.asof import BadParameter
from i18n import t

DEFAULT_FIRST = 100
"""Rows on a page when ``?first=`` is left out."""
MAX_FIRST = 500
"""The most rows a page holds (``?first=`` above it is refused)."""
MAX_OFFSET = 10_000_000
"""The largest ``?offset=`` read (a page past the list's end is empty, not an error)."""


@dataclass(frozen=True)
class Window:
    """Which part of a list a page shows: ``first`` rows from ``offset``."""

    first: int = DEFAULT_FIRST
    offset: int = 0

    @property
    def stop(self) -> int:
        """The index one past the page's last row."""
        return self.offset + self.first


FIRST_PAGE = Window()
"""The page shown when neither ``?first=`` nor ``?offset=`` is given."""


@dataclass(frozen=True)
class Shown:
    """A page as the reader is told about it: which rows of how many, and where next."""

    total: int
    offset: int
    on_page: int
    first: int

    @classmethod
    def of(cls, window: Window, *, total: int, on_page: int) -> Shown:
        """What ``window`` shows of a list of ``total`` rows (``on_page`` of them here)."""
        return cls(total=total, offset=window.offset, on_page=on_page, first=window.first)

    @property
    def start(self) -> int:
        """The 1-based position of the page's first row (0 when the page is empty)."""
        return self.offset + 1 if self.on_page else 0

    @property
    def end(self) -> int:
        """The 1-based position of the page's last row."""
        return self.offset + self.on_page

    @property
    def next_offset(self) -> int | None:
        """Where the next page starts, ``None`` on the last page."""
        return self.offset + self.first if self.offset + self.first < self.total else None

    @property
    def previous_offset(self) -> int | None:
        """Where the previous page starts, ``None`` on the first page (a page past the end
        leads back to the list's last page)."""
        if self.offset <= 0:
            return None
        if self.offset >= self.total:
            return max(0, (self.total - 1) // self.first * self.first)
        return max(0, self.offset - self.first)

    @property
    def partial(self) -> bool:
        """Whether the page shows less than the whole list."""
        return self.on_page < self.total


def _number(value: str | None, name: str, *, low: int, high: int, default: int) -> int:
    if value is None or not value.strip():
        return default
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise BadParameter(t("widget.error.bad_page_number", name=name, low=low, high=high,
                             value=value[:20]))
    return int(text)


def parse_window(first: str | None, offset: str | None, *, first_name: str = "first",
                 offset_name: str = "offset") -> Window:
    """``?first=`` (1 to :data:`MAX_FIRST`) and ``?offset=`` (0 to :data:`MAX_OFFSET`).

    Raises
    ------
    graph.asof.BadParameter
        Naming the parameter, its range and what was received.

    >>> parse_window(None, None), parse_window("20", "40")
    (Window(first=100, offset=0), Window(first=20, offset=40))
    >>> parse_window("0", None)
    Traceback (most recent call last):
    ...
    graph.asof.BadParameter: first 须为 1 至 500 之间的整数;收到的是“0”。
    """
    return Window(first=_number(first, first_name, low=1, high=MAX_FIRST, default=DEFAULT_FIRST),
                  offset=_number(offset, offset_name, low=0, high=MAX_OFFSET, default=0))


def with_offset(params: Sequence[tuple[str, str]], name: str, offset: int) -> str:
    """A query string (``?…``) of ``params`` with ``name`` set to ``offset``: a page link
    that keeps every other parameter (the day, the filters, the page size, a token)."""
    kept = [(k, v) for k, v in params if k != name]
    return "?" + urlencode([*kept, (name, str(offset))])
