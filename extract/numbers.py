"""Numbers with units: 40亿元, 1—2个, 6000人次, 65%, 百分之六十五, 1.2万, 一次.

Units are converted to a base unit where one exists: 亿元/万元/元 → yuan, 1.2万人 →
12000 人; a bare 万 multiplies the count (its counted unit is decided by the caller).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.numerals import CN_NUMERAL, scaled, to_number

# Longest first, so 万人次 wins over 人次 and 亿元 over 元.
UNITS = (
    "亿元", "万元", "千元", "元", "万人次", "人次", "万人", "人", "万亩", "亩", "平方公里", "公里",
    "平方米", "万吨", "吨", "个", "次", "家", "项", "所", "座", "台", "套", "户", "名", "篇",
    "场", "条", "处", "辆", "件", "倍", "%",
)
# unit → (base unit, factor)
BASE: dict[str, tuple[str, int]] = {
    "亿元": ("元", 10**8), "万元": ("元", 10**4), "千元": ("元", 10**3), "元": ("元", 1),
    "万人次": ("人次", 10**4), "万人": ("人", 10**4), "万亩": ("亩", 10**4), "万吨": ("吨", 10**4),
    "万": ("", 10**4), "亿": ("", 10**8),
}
_AR = r"\d+(?:\.\d+)?"
_CN = f"[{CN_NUMERAL}]+"
_NUM = f"(?:{_AR}|{_CN})"
_UNIT = "|".join(re.escape(u) for u in UNITS)
QUANTITY = re.compile(
    rf"(?<![\d.{CN_NUMERAL}第])"
    rf"(?:百分之(?P<pct>[{CN_NUMERAL}点]+)|"
    rf"(?P<a>{_NUM})(?:\s*(?:—|–|-|~|至|到)\s*(?P<b>{_NUM}))?\s*(?P<unit>{_UNIT}|万|亿))"
)


@dataclass(frozen=True)
class Quantity:
    """One number with its unit, as found in the folded text."""

    start: int
    end: int
    value: float
    value_max: float | None
    unit: str
    base_value: float | None
    base_unit: str | None
    chinese: bool  # written in Chinese numerals (needs a comparator cue to count)


def find_quantities(folded: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Find numbers with units in ``folded[start:end]``.

    Parameters
    ----------
    folded
        Folded text (full-width digits already half-width).
    start, end
        The region to read.

    Returns
    -------
    list of Quantity

    Examples
    --------
    >>> [(q.value, q.unit, q.base_value) for q in find_quantities("到位资金1.5亿元")]
    [(1.5, '亿元', 150000000.0)]
    >>> [(q.value, q.value_max, q.unit) for q in find_quantities("结对1—2个")]
    [(1.0, 2.0, '个')]
    """
    quantities: list[Quantity] = []
    for found in QUANTITY.finditer(folded, start, len(folded) if end is None else end):
        quantity = _read(found)
        if quantity is not None:
            quantities.append(quantity)
    return quantities


def _read(found: re.Match[str]) -> Quantity | None:
    if found.group("pct") is not None:
        value = to_number(found.group("pct").replace("点", ".")) if "点" not in found.group("pct") else _decimal_cn(found.group("pct"))
        if value is None:
            return None
        return Quantity(found.start(), found.end(), value, None, "%", value, "%", False)
    value = to_number(found.group("a"))
    if value is None:
        return None
    value_max = to_number(found.group("b")) if found.group("b") else None
    if found.group("b") and value_max is None:
        return None
    unit = found.group("unit")
    chinese = not found.group("a")[0].isdigit()
    base_unit, factor = BASE.get(unit, (unit, 1))
    return Quantity(found.start(), found.end(), value, value_max, unit,
                    scaled(value, factor), base_unit or None, chinese)


def _decimal_cn(text: str) -> float | None:
    whole, _, frac = text.partition("点")
    head = to_number(whole) if whole else 0.0
    digits = "".join(str(int(to_number(c) or 0)) for c in frac)
    if head is None or not digits:
        return None
    return float(f"{int(head)}.{digits}")
