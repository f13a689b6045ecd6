"""How gold and extracted facts are put in one comparable form.

Names and paths are compared after NFKC and whitespace removal; deadline keys are
canonicalised (zero-padded months and days) so ``yearly:6-30`` and ``yearly:06-30`` agree.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from typing import Any

_SPACE = re.compile(r"\s+")
_RECURRING = {"half-yearly", "quarterly", "ongoing"}
# The gold never writes strict comparators (超过/突破 are ">="), so strict readings of the
# extractor are compared as their inclusive forms.
_COMPARATORS = {">": ">=", "<": "<=", "＞": ">=", "＜": "<=", "≥": ">=", "≤": "<="}


def norm_text(value: Any) -> str:
    """NFKC, then every whitespace character removed.

    >>> norm_text("（一） 市 发改委\\u3000")
    '(一)市发改委'
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", str(value)))


def norm_value(value: Any) -> float:
    """A target's number, rounded so that 1.2 read two ways compares equal.

    >>> norm_value("1.20") == norm_value(1.2)
    True
    """
    return round(float(value), 6)


def norm_comparator(value: Any) -> str:
    """``>=``, ``<=``, ``=`` or ``range``; strict forms fold into inclusive ones.

    >>> norm_comparator(">"), norm_comparator(" range ")
    ('>=', 'range')
    """
    text = str(value).strip()
    return _COMPARATORS.get(text, text)


def month_end(month: int) -> int:
    """Last day of a month in a leap year (a yearly anchor has no year; 2月底 may be the 29th).

    >>> month_end(2), month_end(6)
    (29, 30)
    """
    return calendar.monthrange(2000, month)[1]


def norm_deadline_key(key: Any) -> str:
    """Canonical form of a gold deadline key.

    Raises ``ValueError`` for a key outside the gold format.

    >>> norm_deadline_key("2019-6-30"), norm_deadline_key(dt.date(2019, 6, 30))
    ('2019-06-30', '2019-06-30')
    >>> norm_deadline_key("yearly:6-30"), norm_deadline_key("monthly:5"), norm_deadline_key("monthly:end")
    ('yearly:06-30', 'monthly:05', 'monthly:end')
    >>> norm_deadline_key("Quarterly")
    'quarterly'
    """
    if isinstance(key, dt.date):
        return key.isoformat()
    text = norm_text(key).lower()
    if text in _RECURRING:
        return text
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = map(int, match.groups())
        return dt.date(year, month, day).isoformat()
    if match := re.fullmatch(r"yearly:(\d{1,2})-(\d{1,2})", text):
        month, day = map(int, match.groups())
        return f"yearly:{month:02d}-{day:02d}"
    if match := re.fullmatch(r"monthly:(\d{1,2}|end)", text):
        day_text = match.group(1)
        return "monthly:end" if day_text == "end" else f"monthly:{int(day_text):02d}"
    raise ValueError(f"not a deadline key of the gold format: {key!r}")


def deadline_key(recurrence: str, due: dt.date | None, month: int | None,
                 day: int | None, raw: str = "") -> str:
    """The gold key of an extracted deadline, from its recurrence and anchor fields.

    A yearly deadline with no month is due at the year's end; with no day, at the month's
    end.  A monthly deadline with no day is due at the month's end.

    >>> deadline_key("once", dt.date(2027, 6, 30), None, None)
    '2027-06-30'
    >>> deadline_key("yearly", dt.date(2027, 10, 31), 10, None)
    'yearly:10-31'
    >>> deadline_key("monthly", None, None, 10), deadline_key("monthly", None, None, None)
    ('monthly:10', 'monthly:end')
    >>> deadline_key("quarterly", None, None, None)
    'quarterly'
    """
    if recurrence == "once":
        return due.isoformat() if due is not None else f"once:{norm_text(raw)}"
    if recurrence == "yearly":
        m = month or 12
        return f"yearly:{m:02d}-{(day or month_end(m)):02d}"
    if recurrence == "monthly":
        return f"monthly:{day:02d}" if day else "monthly:end"
    return recurrence
