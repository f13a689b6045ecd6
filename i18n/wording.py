"""Wording shared by every surface that names what it could not find: the API's errors,
the widgets' error pages, the command line.

Errors quote what the caller sent so it can be recognised, never all of it: a
megabyte-long argument must not come back as a megabyte-long message.

Examples
--------
>>> kind_name("unit"), kind_name("spaceship")
('单位', '对象')
>>> ambiguous_message("unit", "市发改委", ["市发改委（温州市）", "市发改委（杭州市）"]).split(",")[-1]
'候选:市发改委（温州市）、市发改委（杭州市）。'
"""

from __future__ import annotations

from collections.abc import Sequence

from i18n import t

ECHO_CHARS = 60
"""How many characters of a caller's value an error quotes."""

_KINDS = ("unit", "place", "document", "task", "obligation", "jurisdiction")
_QUALIFIED = {"unit": "error.ambiguous_unit", "jurisdiction": "error.ambiguous_jurisdiction",
              "successor": "error.ambiguous_successor"}


def echo(value: object, limit: int = ECHO_CHARS) -> str:
    """At most ``limit`` characters of ``value``, with an ellipsis when cut.

    >>> echo("市规划局")
    '市规划局'
    >>> echo("x" * 1000, 5)
    'xxxxx…'
    """
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def kind_name(kind: str) -> str:
    """What a kind of entity is called in the current language.

    >>> kind_name("place")
    '地区'
    """
    return t(f"kind.{kind}" if kind in _KINDS else "kind.other")


def ambiguous_message(kind: str, name: str, candidates: Sequence[str]) -> str:
    """Why ``name`` picks no single entity: units, jurisdictions and successors list
    every qualified candidate, other kinds the first three."""
    if kind in _QUALIFIED:
        return t(_QUALIFIED[kind], name=echo(name), candidates="、".join(candidates))
    return t("error.ambiguous", name=echo(name), candidates="、".join(candidates[:3]))
