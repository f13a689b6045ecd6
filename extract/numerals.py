"""Chinese and Arabic numerals to numbers, via cn2an.

>>> to_int("二〇一九"), to_int("十二"), to_int("7")
(2019, 12, 7)
>>> to_number("六十五")
65.0
"""

from __future__ import annotations

import warnings
from decimal import Decimal, InvalidOperation

import cn2an

CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"


def to_number(text: str) -> float | None:
    """Read an Arabic (``1.5``) or Chinese (``六十五``, ``二〇一九``) numeral.

    Parameters
    ----------
    text
        The numeral alone.

    Returns
    -------
    float or None
        None when ``text`` is not a numeral.
    """
    text = text.strip()
    if not text:
        return None
    try:
        return float(Decimal(text))
    except InvalidOperation:
        pass
    if any(c not in CN_NUMERAL for c in text):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            # "smart" reads both 六十五 and digit-by-digit years such as 二〇一九.
            return float(cn2an.cn2an(text, "smart"))
        except (ValueError, KeyError, IndexError, TypeError):
            return None


def to_int(text: str) -> int | None:
    """Read a numeral that must be a whole number (years, months, days)."""
    value = to_number(text)
    if value is None or value != int(value):
        return None
    return int(value)


def scaled(value: float, factor: int) -> float:
    """``value * factor`` computed in decimal, so 237.7 亿 is exactly 23770000000."""
    return float(Decimal(repr(value)) * factor)
