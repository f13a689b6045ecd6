"""Units of measure and the base each adds up in, read from ``graph/data/measures.tsv``.

A target's value is only ever added to values of the same base unit: 亿元 and 万元 both
count in 万元 (1亿元 = 10000万元, a whole factor, so the conversion is exact), 人次 only
with 人次, 个 only with 个.  A measure the table does not list is its own base.  Rates
(%, ‰, 倍) are not additive: they are counted, never summed.

>>> to_base(40.0, "亿元")
(400000.0, '万元')
>>> to_base(1000.0, "万元"), to_base(6000.0, "人次"), to_base(3.0, "个")
((1000.0, '万元'), (6000.0, '人次'), (3.0, '个'))
>>> to_base(2.0, "座")  # not listed: its own base
(2.0, '座')
>>> measure("%").additive, measure("亿元").additive
(False, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Measure:
    """A unit of measure: the base it adds up in, how many base units one is, and
    whether its values add up at all."""

    name: str
    base: str
    factor: int
    additive: bool


@cache
def _table() -> dict[str, Measure]:
    text = resources.files("graph.data").joinpath("measures.tsv").read_text(encoding="utf-8")
    found: dict[str, Measure] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, base, factor, additive = line.split("\t")
        found[name] = Measure(name, base, int(factor), additive.strip() == "yes")
    return found


def measure(name: str) -> Measure:
    """The measure ``name`` (a target's unit as written); unlisted: its own base."""
    return _table().get(name) or Measure(name, name, 1, True)


def to_base(value: float, name: str) -> tuple[float, str]:
    """``value`` written in ``name``, in its base unit, with that unit."""
    found = measure(name)
    return value * found.factor, found.base
