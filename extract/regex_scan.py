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
def _fragments(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The class fragments of :func:`first_chars`, or ``None``."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    chars, empty = _sequence(sre_parse.parse(pattern.pattern, pattern.flags).data)
    if chars is None or empty or not chars:
        return None
    return chars


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
    chars = _fragments(pattern)
    return None if chars is None else re.compile("[" + "".join(sorted(chars)) + "]")


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


class _Scan:
    """Several patterns' first characters as one class, and which patterns each
    character found may start."""

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        self.firsts = [first_chars(p) for p in patterns]
        fragments: set[str] = set()
        for pattern, first in zip(patterns, self.firsts, strict=True):
            if first is not None:
                fragments |= _fragments(pattern) or set()
        self.union = re.compile("[" + "".join(sorted(fragments)) + "]") if fragments else None
        # Bounded by the characters the classes name (and the decimal digits).
        self.starting: dict[str, tuple[int, ...]] = {}

    def patterns_at(self, char: str) -> tuple[int, ...]:
        found = self.starting.get(char)
        if found is None:
            found = self.starting[char] = tuple(
                index for index, first in enumerate(self.firsts)
                if first is not None and first.match(char))
        return found


@lru_cache(maxsize=16)
def _scan(patterns: tuple[re.Pattern[str], ...]) -> _Scan:
    return _Scan(patterns)


def matches_each(patterns: tuple[re.Pattern[str], ...], text: str, start: int = 0,
                 end: int | None = None) -> list[list[re.Match[str]]]:
    """``[list(matches(p, text, start, end)) for p in patterns]``, with one scan of the
    text for the positions where any of them can start (a deadline's twenty patterns
    each scanned the text again).

    >>> found = matches_each((re.compile(r"\\d+月"), re.compile(r"(?:每年)?\\d+")), "每年3月和12月")
    >>> [[m.group() for m in each] for each in found]
    [['3月', '12月'], ['每年3', '12']]
    """
    end = len(text) if end is None else end
    scan = _scan(patterns)
    found: list[list[re.Match[str]]] = [
        [] if first is not None else list(pattern.finditer(text, start, end))
        for pattern, first in zip(patterns, scan.firsts, strict=True)]
    if scan.union is None:
        return found
    cursors = [start] * len(patterns)
    for candidate in scan.union.finditer(text, start, end):
        position = candidate.start()
        for index in scan.patterns_at(text[position]):
            if position < cursors[index]:
                continue  # inside this pattern's last match: finditer resumes after it
            match = patterns[index].match(text, position, end)
            if match is not None:
                found[index].append(match)
                cursors[index] = match.end()
    return found
