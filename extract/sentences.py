"""Sentence and clause spans over folded text; facts quote these spans."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache


def _spanning(ends: str) -> re.Pattern[str]:
    """A span, whitespace trimmed: up to and with one of ``ends``, else up to a line break.

    One regex pass in C; cutting at each end and trimming in Python cost more than the
    facts read from the spans.
    """
    return re.compile(rf"(?:[^\s{ends}][^{ends}\n]*)?[{ends}]|[^\s{ends}](?:[^{ends}\n]*[^\s{ends}])?")


_SENTENCE = _spanning("。!?")
_CLAUSE = _spanning("。!?;")


@lru_cache(maxsize=8)  # the deadline, target and unit passes ask for the same spans
def _cached(folded: str, pattern: re.Pattern[str], start: int,
            end: int) -> tuple[tuple[int, int], ...]:
    return tuple(found.span() for found in pattern.finditer(folded, start, end))


def sentence_spans(folded: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of sentences (ended by 。!? or a line break, terminator included).

    >>> t = "甲。乙;丙\\n丁"
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['甲。', '乙;丙', '丁']
    >>> t = " 甲 乙 。 。\\t\\n 丙 \\n\\n丁!"
    >>> [t[s:e] for s, e in sentence_spans(t)], [t[s:e] for s, e in sentence_spans(t, 2, 13)]
    (['甲 乙 。', '。', '丙', '丁!'], ['乙 。', '。', '丙'])
    """
    return list(_cached(folded, _SENTENCE, start, len(folded) if end is None else end))


def clause_spans(folded: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of clauses: sentences further split at semicolons.

    >>> t = "甲。乙;丙"
    >>> [t[s:e] for s, e in clause_spans(t)]
    ['甲。', '乙;', '丙']
    """
    return list(_cached(folded, _CLAUSE, start, len(folded) if end is None else end))


def span_around(spans: list[tuple[int, int]], position: int) -> tuple[int, int] | None:
    """The span containing ``position``, if any (``spans`` sorted and disjoint)."""
    # Bisect: large documents have many sentences and many facts.
    index = bisect.bisect_right(spans, (position, float("inf"))) - 1
    if index >= 0 and spans[index][0] <= position < spans[index][1]:
        return spans[index]
    return None
