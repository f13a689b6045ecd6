"""Finding a pattern's matches by trying it only where a match can start.

Python's regex engine tries a pattern that opens with an optional group (the deadline
patterns' ``(?:2018年)?7月底前``) at every position of the text.  The characters a match
can start with are known from the pattern itself (:func:`first_chars`); one scan for
them, in C, finds the few positions worth trying, and :func:`matches` tries the pattern
there only.  The matches are exactly those of ``pattern.finditer``: the same leftmost
positions, each search resuming where the last match ended, lookbehinds seeing the text
before the position as they do in a search.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from re import _constants as sre  # type: ignore[attr-defined]  # re's own parser (3.11+)
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_WORD: r"\w",
               sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_NOT_SPACE: r"\S",
               sre.CATEGORY_NOT_WORD: r"\W"}
_ZERO_WIDTH = (sre.ASSERT, sre.ASSERT_NOT, sre.AT)
_REPEATS = tuple(getattr(sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                 if hasattr(sre, name))

# (class fragments, or None for "any character"; whether the items can match nothing)
_First = tuple[frozenset[str] | None, bool]


def _sequence(items: Any) -> _First:
    found: set[str] = set()
    for op, av in items:
        chars, empty = _item(op, av)
        if chars is None:
            return None, False
        found |= chars
        if not empty:
            return frozenset(found), False
    return frozenset(found), True


def _item(op: Any, av: Any) -> _First:
    if op is sre.LITERAL:
        return frozenset({re.escape(chr(av))}), False
    if op is sre.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is sre.LITERAL:
                chars.add(re.escape(chr(value)))
            elif kind is sre.RANGE:
                chars.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
            elif kind is sre.CATEGORY and value in _CATEGORIES:
                chars.add(_CATEGORIES[value])
            else:  # a negated class, or something not read here: any character
                return None, False
        return frozenset(chars), False
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, pattern = av
        if add_flags & (sre.SRE_FLAG_IGNORECASE | sre.SRE_FLAG_VERBOSE):
            return None, False
        return _sequence(pattern.data)
    if op is sre.BRANCH:
        found: set[str] = set()
        empty = False
        for branch in av[1]:
            branch_chars, branch_empty = _sequence(branch.data)
            if branch_chars is None:
                return None, False
            found |= branch_chars
            empty = empty or branch_empty
        return frozenset(found), empty
    if op in _REPEATS:
        low, _high, pattern = av
        repeated, empty = _sequence(pattern.data)
        return repeated, empty or low == 0
    if op in _ZERO_WIDTH:
        return frozenset(), True  # consumes nothing: the next item starts the match
    return None, False  # any character (., backreferences, …)


@lru_cache(maxsize=256)
def first_chars(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A character class matching every character a match of ``pattern`` can start
    with, or ``None`` when it may start anywhere (or match the empty string).

    >>> first = first_chars(re.compile(r"(?:(?P<y>\\d{4})年)?(?P<m>[一二]|1[0-2])月"))
    >>> [bool(first.match(c)) for c in "2一二1三月"]
    [True, True, True, True, False, False]
    >>> first_chars(re.compile(r"a?")) is None, first_chars(re.compile(r".x")) is None
    (True, True)
    """
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    chars, empty = _sequence(sre_parse.parse(pattern.pattern, pattern.flags).data)
    if chars is None or empty or not chars:
        return None
    return re.compile("[" + "".join(sorted(chars)) + "]")


def matches(pattern: re.Pattern[str], text: str, start: int = 0,
            end: int | None = None) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, start, end)``, tried only where a match can start.

    >>> [m.group() for m in matches(re.compile(r"(?:每年)?\\d+月"), "计划每年3月和12月,月度")]
    ['每年3月', '12月']
    """
    end = len(text) if end is None else end
    first = first_chars(pattern)
    if first is None:
        yield from pattern.finditer(text, start, end)
        return
    cursor = start
    for candidate in first.finditer(text, start, end):
        position = candidate.start()
        if position < cursor:
            continue
        match = pattern.match(text, position, end)
        if match is not None:
            yield match
            cursor = match.end()  # never empty: a pattern that can be has no first class
