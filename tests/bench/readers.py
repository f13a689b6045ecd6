"""Hand-written readers of the generated text, independent of the generator's code.

They re-derive what a clause, target or deadline phrase says, so the tests can check
the manifest against the text rather than against the generator's own helpers.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

UNIT_RE = r"(亿元|万元|人次|人|个|次|项|%)"
TO_BASE = {"亿元": 1e8, "万元": 1e4, "人次": 1, "人": 1, "个": 1, "次": 1, "项": 1, "%": 1}
CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def split_units(listing: str) -> list[str]:
    """Split a unit list on 、,; outside 〈〉; 党委、政府 closes one collective unit."""
    parts, depth, current = [], 0, ""
    for char in listing:
        depth += (char == "〈") - (char == "〉")
        if depth == 0 and char in "、,，;；":
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    merged: list[str] = []
    for part in parts:
        if part == "政府" and merged and merged[-1].endswith("党委"):
            merged[-1] += "、政府"
        else:
            merged.append(part)
    return merged


def cn_number(text: str) -> int:
    """六十五 → 65, 十 → 10, 九十八 → 98: the two-digit numbers 百分之… uses."""
    if "十" not in text:
        return CN_DIGITS[text]
    tens, _, ones = text.partition("十")
    return CN_DIGITS.get(tens, 1) * 10 + (CN_DIGITS[ones] if ones else 0)


def read_target(quote: str) -> tuple[str, float, str, float | None]:
    """(comparator, value, unit, value_max) read from a target's number phrase."""
    forms = [
        (rf"^(?:不少于|不低于|至少)([\d.]+){UNIT_RE}$", ">="),
        (rf"^([\d.]+){UNIT_RE}以上$", ">="),
        (rf"^不超过([\d.]+){UNIT_RE}$", "<="),
        (rf"^([\d.]+){UNIT_RE}以内$", "<="),
        (rf"^([\d.]+){UNIT_RE}$", "="),
    ]
    if match := re.fullmatch(r"百分之([一二三四五六七八九十]+)", quote):
        return "=", cn_number(match.group(1)), "%", None
    if match := re.fullmatch(rf"(\d+)—(\d+){UNIT_RE}", quote):
        return "range", float(match.group(1)), match.group(3), float(match.group(2))
    for pattern, comparator in forms:
        if match := re.fullmatch(pattern, quote):
            return comparator, float(match.group(1)), match.group(2), None
    raise AssertionError(f"unreadable target {quote!r}")


def month_end(year: int, month: int) -> str:
    return dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def read_deadline(raw: str, year: int) -> tuple[str, list[str]]:
    """(recurrence, readings) of a deadline phrase; yearly ones are read in ``year``."""
    if match := re.fullmatch(r"(\d{4})年(\d{1,2})月底前", raw):
        return "once", [month_end(int(match[1]), int(match[2]))]
    if match := re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日前", raw):
        return "once", [dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()]
    if match := re.fullmatch(r"(?:到(\d{4})年|(\d{4})年底前)", raw):
        return "once", [f"{match[1] or match[2]}-12-31"]
    if match := re.fullmatch(r"(\d{4})年前", raw):  # before X, or by the end of X
        return "once", [f"{int(match[1]) - 1}-12-31", f"{match[1]}-12-31"]
    if match := re.fullmatch(r"(\d{4})年([一二三四])季度前", raw):
        y, q = int(match[1]), CN_DIGITS[match[2]]
        before = month_end(y, 3 * q - 3) if q > 1 else f"{y - 1}-12-31"
        return "once", [before, month_end(y, 3 * q)]
    if match := re.fullmatch(r"(\d{4})年上半年", raw):
        return "once", [f"{match[1]}-06-30"]
    if raw == "每年年底前":
        return "yearly", [f"{year}-12-31"]
    if match := re.fullmatch(r"(?:每年|当年)(\d{1,2})月底前", raw):
        return "yearly", [month_end(year, int(match[1]))]
    if raw in ("每年上半年", "年中"):
        return "yearly", [f"{year}-06-30"]
    raise AssertionError(f"unreadable deadline {raw!r}")
