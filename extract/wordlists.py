"""Vocabulary kept as data: word lists and word → value tables under ``extract/data/``.

Each file is UTF-8 text, one entry a line; ``#`` starts a comment; a table's line is
``word<TAB>value``.  Files are read once, at import of the module that needs them
(package data: no I/O while extracting).

>>> "完成" in words("deadline_cues.txt")
True
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


@cache
def _lines(name: str) -> tuple[str, ...]:
    text = resources.files("extract.data").joinpath(name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].rstrip() for line in text.splitlines())
    return tuple(line for line in lines if line.strip())


def words(name: str) -> tuple[str, ...]:
    """The words of a list file, in file order.

    Parameters
    ----------
    name
        File name under ``extract/data/``.
    """
    return tuple(line.strip() for line in _lines(name))


def table(name: str) -> dict[str, str]:
    """A ``word<TAB>value`` file as a dict (file order kept)."""
    result: dict[str, str] = {}
    for line in _lines(name):
        word, _, value = line.partition("\t")
        result[word.strip()] = value.strip()
    return result


def alternation(entries: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of literal words, longest first (万人次 before 人次).

    >>> alternation(["人次", "万人次", "%"])
    '万人次|人次|%'
    """
    return "|".join(re.escape(w) for w in sorted(entries, key=len, reverse=True))
