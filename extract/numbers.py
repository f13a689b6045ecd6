"""Numbers with units: 40亿元, 1—2个, 6000人次, 65%, 百分之六十五, 1.2万人, 1.5万个, 100万张.

A unit is the whole measure word as written: an optional magnitude (万, 亿, 千万 …) and a
measure word (人, 个, 平方米, 元, % …), both lists kept as data (``data/measure_words.txt``,
``data/measure_magnitudes.tsv``).  A magnitude with no measword after it (3.5万山区农户)
is the unit 万.  The base value multiplies the magnitude out: 1.2万人 → 12000 人,
40亿元 → 4e9 元.  ``N个`` before a duration word (15个工作日, 6个月) is a duration, not a
quantity, and is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.numerals import CN_NUMERAL, scaled, to_number
from extract.regex_scan import matches
from extract.wordlists import alternation, table, words

MEASURES = words("measure_words.txt")
MAGNITUDES: dict[str, int] = {word: int(factor) for word, factor in table("measure_magnitudes.tsv").items()}
_DURATION = re.compile(alternation(words("duration_words.txt")))
_AR = r"\d+(?:\.\d+)?"
_CN = f"[{CN_NUMERAL}]+"
_NUM = f"(?:{_AR}|{_CN})"
_MAG = alternation(list(MAGNITUDES))
_MEASURE = alternation(list(MEASURES))
# 家(次), 人(次): a bracketed count word is part of the measure word as written
_MEASURE_NOTE = r"(?:\((?:次|个|人|户|家)\))?"
QUANTITY = re.compile(
    rf"(?<![\d.{CN_NUMERAL}第A-Za-z])(?<![A-Za-z]-)"
    rf"(?:百分之(?P<pct>[{CN_NUMERAL}点]+)|"
    rf"(?P<a>{_NUM})(?:\s*(?:—|–|-|~|至|到)\s*(?P<b>{_NUM}))?\s*"
    rf"(?P<unit>(?P<mag>{_MAG})?(?P<measure>{_MEASURE}){_MEASURE_NOTE}|(?P<bare>{_MAG})))"
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
    >>> [(q.value, q.unit, q.base_value, q.base_unit) for q in find_quantities("新增就业1.2万人")]
    [(1.2, '万人', 12000.0, '人')]
    >>> [(q.value, q.unit) for q in find_quantities("15个工作日以内办结,新增1.5万个以上")]
    [(1.5, '万个')]
    """
    quantities: list[Quantity] = []
    # tried only where a number can start (QUANTITY opens with lookbehinds, which the
    # regex engine would otherwise check at every character)
    for found in matches(QUANTITY, folded, start, len(folded) if end is None else end):
        quantity = _read(found, folded)
        if quantity is not None:
            quantities.append(quantity)
    return quantities


def _read(found: re.Match[str], folded: str) -> Quantity | None:
    if found.group("pct") is not None:
        pct = found.group("pct")
        value = _decimal_cn(pct) if "点" in pct else to_number(pct)
        if value is None:
            return None
        return Quantity(found.start(), found.end(), value, None, "%", value, "%", False)
    if found.group("measure") == "个" and not found.group("mag") and _DURATION.match(folded, found.end()):
        return None  # 15个工作日, 6个月: a duration
    value = to_number(found.group("a"))
    if value is None:
        return None
    value_max = to_number(found.group("b")) if found.group("b") else None
    if found.group("b") and value_max is None:
        return None
    unit = found.group("unit")
    chinese = not found.group("a")[0].isdigit()
    magnitude = found.group("mag") or found.group("bare")
    factor = MAGNITUDES.get(magnitude, 1) if magnitude else 1
    # A bare 万 counts whatever the text names next; the caller decides (人 for 群众 …).
    base_unit = re.sub(r"\(.*\)$", "", found.group("measure")) if found.group("measure") else ""
    return Quantity(found.start(), found.end(), value, value_max, unit,
                    scaled(value, factor), base_unit or None, chinese)


def _decimal_cn(text: str) -> float | None:
    whole, _, frac = text.partition("点")
    head = to_number(whole) if whole else 0.0
    digits = "".join(str(int(to_number(c) or 0)) for c in frac)
    if head is None or not digits:
        return None
    return float(f"{int(head)}.{digits}")
