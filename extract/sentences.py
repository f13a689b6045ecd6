"""Sentence and clause spans over folded text; facts quote these spans."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

_SENTENCE_END = re.compile(r"[。!?]|\n")
_CLAUSE_END = re.compile(r"[。!?;]|\n")


@lru_cache(maxsize=8)  # the deadline, target and unit passes ask for the same spans
def _cached(folded: str, pattern: re.Pattern[str], start: int,
            end: int) -> tuple[tuple[int, int], ...]:
    return tuple(_spans(folded, pattern, start, end))


def _spans(folded: str, pattern: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    begin = start
    for found in pattern.finditer(folded, start, end):
        stop = found.end() if found.group(0) != "\n" else found.start()
        spans.extend(_trim(folded, begin, stop))
        begin = found.end()
    spans.extend(_trim(folded, begin, end))
    return spans


def _trim(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    while start < end and folded[start].isspace():
        start += 1
    while end > start and folded[end - 1].isspace():
        end -= 1
    return [(start, end)] if end > start else []


def sentence_spans(folded: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of sentences (ended by 。!? or a line break, terminator included).

    >>> t = "甲。乙;丙\\n丁"
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['甲。', '乙;丙', '丁']
    """
    return list(_cached(folded, _SENTENCE_END, start, len(folded) if end is None else end))


def clause_spans(folded: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of clauses: sentences further split at semicolons.

    >>> t = "甲。乙;丙"
    >>> [t[s:e] for s, e in clause_spans(t)]
    ['甲。', '乙;', '丙']
    """
    return list(_cached(folded, _CLAUSE_END, start, len(folded) if end is None else end))


def span_around(spans: list[tuple[int, int]], position: int) -> tuple[int, int] | None:
    """The span containing ``position``, if any (``spans`` sorted and disjoint)."""
    # Bisect: large documents have many sentences and many facts.
    index = bisect.bisect_right(spans, (position, float("inf"))) - 1
    if index >= 0 and spans[index][0] <= position < spans[index][1]:
        return spans[index]
    return None
