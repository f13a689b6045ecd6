"""Quantitative targets and deadline phrases, each written together with its ground truth.

Every function takes the document's :class:`random.Random` and returns the text it wrote
and a plain ``dict`` saying what that text means.  The meaning is decided *before* the
text is written, so the manifest never depends on reading the text back.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from typing import Any

import cn2an

# (metric, unit, typical low, typical high): the values are drawn in that range.
METRICS: tuple[tuple[str, str, int, int], ...] = (
    ("产业项目到位资金", "亿元", 5, 60),
    ("完成固定资产投资", "亿元", 10, 300),
    ("到位结对帮扶援建资金", "万元", 200, 5000),
    ("安排专项扶持资金", "万元", 100, 3000),
    ("培训就业", "人次", 1000, 9000),
    ("新增城镇就业", "人", 2000, 30000),
    ("引进高层次人才", "人", 50, 800),
    ("建设示范点", "个", 5, 60),
    ("建立销售窗口和平台", "个", 10, 50),
    ("达成合作项目", "个", 2, 30),
    ("开展对接交流活动", "次", 2, 12),
    ("签约落地项目", "项", 5, 80),
)

# (metric, low, high) for percentages.
PERCENT_METRICS: tuple[tuple[str, int, int], ...] = (
    ("重点产业项目占比", 40, 80),
    ("行政村覆盖率", 60, 99),
    ("企业上云率", 30, 90),
    ("群众满意度", 85, 98),
)

BASE_UNITS: dict[str, tuple[str, float]] = {
    "亿元": ("元", 1e8),
    "万元": ("元", 1e4),
    "元": ("元", 1.0),
    "人次": ("人次", 1.0),
    "人": ("人", 1.0),
    "个": ("个", 1.0),
    "次": ("次", 1.0),
    "项": ("项", 1.0),
    "%": ("%", 1.0),
}

SCOPES: tuple[str, ...] = ("全{level}", "全{level}每年", "每个乡镇", "结对县〈市、区〉")


def _number(value: float) -> str:
    """Write a value the way the documents do: 40, 1.5, never 40.0."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _truth(metric: str, comparator: str, value: float, unit: str, quote: str,
           value_max: float | None = None) -> dict[str, Any]:
    base_unit, factor = BASE_UNITS[unit]
    return {
        "quote": quote, "metric": metric, "comparator": comparator, "value": value,
        "value_max": value_max, "unit": unit,
        "base_value": round(value * factor, 6), "base_unit": base_unit,
    }


def target_phrase(rng: random.Random) -> tuple[str, dict[str, Any]]:
    """Write one number-with-unit phrase: 不少于40亿元, 30个以上, 1—2个, 百分之六十五 ….

    Returns
    -------
    tuple
        ``(text, truth)``; ``truth["text"]`` is ``text``, ``truth["quote"]`` its
        comparator-and-number part exactly as written (the metric precedes it).
    """
    text, truth = _target_phrase(rng)
    truth["text"] = text
    return text, truth


def _target_phrase(rng: random.Random) -> tuple[str, dict[str, Any]]:
    if rng.random() < 0.2:
        metric, low, high = rng.choice(PERCENT_METRICS)
        percent = rng.randint(low, high)
        form = rng.choice(("cn", "ge", "eq"))
        if form == "cn":  # 百分之六十五: written in Chinese numerals
            quote = "百分之" + cn2an.an2cn(percent)
            return metric + "达到" + quote, _truth(metric, "=", percent, "%", quote)
        if form == "ge":
            quote = f"不低于{percent}%"
            return metric + quote, _truth(metric, ">=", percent, "%", quote)
        quote = f"{percent}%"
        return metric + "达到" + quote, _truth(metric, "=", percent, "%", quote)
    metric, unit, low, high = rng.choice(METRICS)
    value = float(rng.randint(low, high))
    if unit == "亿元" and rng.random() < 0.3:
        value = round(rng.uniform(1, 9), 1)  # 1.5亿元: decimals are common for 亿元
    number = _number(value)
    form = rng.choice(("不少于", "不低于", "以上", "至少", "eq", "range", "不超过", "以内"))
    if form == "range" and unit in ("个", "次", "项"):
        low_v = rng.randint(1, 4)
        high_v = low_v + rng.randint(1, 2)
        quote = f"{low_v}—{high_v}{unit}"
        return metric + quote, _truth(metric, "range", low_v, unit, quote, value_max=high_v)
    if form in ("不少于", "不低于", "至少"):
        quote = f"{form}{number}{unit}"
        return metric + quote, _truth(metric, ">=", value, unit, quote)
    if form == "以上":
        quote = f"{number}{unit}以上"
        return metric + quote, _truth(metric, ">=", value, unit, quote)
    if form == "不超过":
        quote = f"不超过{number}{unit}"
        return metric + quote, _truth(metric, "<=", value, unit, quote)
    if form == "以内":
        quote = f"{number}{unit}以内"
        return metric + quote, _truth(metric, "<=", value, unit, quote)
    quote = f"{number}{unit}"
    return metric + quote, _truth(metric, "=", value, unit, quote)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _deadline(raw: str, due: dt.date | None, precision: str, recurrence: str = "once",
              readings: tuple[dt.date, ...] = (), month: int | None = None,
              day: int | None = None) -> dict[str, Any]:
    return {
        "raw": raw, "due": due.isoformat() if due else None, "precision": precision,
        "recurrence": recurrence, "month": month, "day": day,
        "readings": [d.isoformat() for d in (readings or ((due,) if due else ()))],
    }


QUARTERS = "一二三四"


def deadline_phrase(rng: random.Random, year: int) -> tuple[str, dict[str, Any]]:
    """Write one deadline phrase due in or after ``year`` (the document's issue year).

    Ambiguous phrases carry both readings: ``X年前`` is before year X (X-1-12-31) or by
    the end of year X; ``四季度前`` is before Q4 or by the end of Q4.  ``due`` is the
    later reading ("by the end of"), the one a reader of the genre usually means.
    """
    y = year + rng.randint(0, 2)
    form = rng.randrange(12)
    if form == 0:
        m = rng.randint(1, 12)
        return f"{y}年{m}月底前", _deadline(f"{y}年{m}月底前", _month_end(y, m), "month")
    if form == 1:
        q = rng.randint(1, 4)
        raw = f"{y}年{QUARTERS[q - 1]}季度前"
        end = _month_end(y, 3 * q)
        before = _month_end(y, 3 * q - 3) if q > 1 else dt.date(y - 1, 12, 31)
        return raw, _deadline(raw, end, "quarter", readings=(before, end))
    if form == 2:
        y += 1
        return f"{y}年前", _deadline(f"{y}年前", dt.date(y, 12, 31), "year",
                                     readings=(dt.date(y - 1, 12, 31), dt.date(y, 12, 31)))
    if form == 3:
        y += 1
        return f"到{y}年", _deadline(f"到{y}年", dt.date(y, 12, 31), "year")
    if form == 4:
        return f"{y}年底前", _deadline(f"{y}年底前", dt.date(y, 12, 31), "year")
    if form == 5:
        return "每年年底前", _deadline("每年年底前", dt.date(year, 12, 31), "month", "yearly",
                                       month=12, day=31)
    if form == 6:
        m = rng.randint(3, 11)
        raw = f"每年{m}月底前"
        return raw, _deadline(raw, _month_end(year, m), "month", "yearly", month=m,
                              day=_month_end(year, m).day)
    if form == 7:
        m = rng.randint(3, 9)
        raw = f"当年{m}月底前"
        return raw, _deadline(raw, _month_end(year, m), "month", "yearly", month=m,
                              day=_month_end(year, m).day)
    if form == 8:
        raw = f"{y}年上半年"
        return raw, _deadline(raw, dt.date(y, 6, 30), "half")
    if form == 9:
        m = rng.randint(1, 12)
        d = rng.randint(1, _month_end(y, m).day)
        raw = f"{y}年{m}月{d}日前"
        return raw, _deadline(raw, dt.date(y, m, d), "day")
    if form == 10:
        raw = "每年上半年"
        return raw, _deadline(raw, dt.date(year, 6, 30), "half", "yearly", month=6, day=30)
    m = rng.choice((4, 6, 9, 11))  # months of 30 days: 2019年6月30日前 is the usual form
    raw = f"{y}年{m}月30日前"
    return raw, _deadline(raw, dt.date(y, m, 30), "day")


def midyear_phrase(year: int) -> tuple[str, dict[str, Any]]:
    """年中, as in 组织开展年中调研督查: a yearly mid-year deadline."""
    return "年中", _deadline("年中", dt.date(year, 6, 30), "half", "yearly", month=6, day=30)
