"""Readings of one deadline phrase into dates.

Ambiguous phrases keep both readings: ``X年前`` is 'by the end of X' (X-12-31, the
default) or 'before X' ((X-1)-12-31); ``四季度前`` is 'by the end of Q4' (12-31) or
'before Q4' (09-30).  :class:`extract.config.ExtractConfig` chooses which is ``due``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence

from extract.config import ExtractConfig
from extract.deadline_patterns import _PLAN_ENDS, _PRECISION, _Hit
from extract.deadline_recurrence import _recurrence
from extract.headings import path_at
from extract.model import Deadline, Precision, Provenance, Recurrence, Section
from extract.numerals import to_int


def _read(
    hit: _Hit, text: str, folded: str, key: str, sections: Sequence[Section],
    sentence: tuple[int, int], base: int | None, from_context: bool, issued_on: dt.date | None,
    config: ExtractConfig,
) -> Deadline | None:
    g = hit.groups
    plan = g.get("plan")
    explicit = g.get("y") or (str(_PLAN_ENDS[plan]) if plan else None)
    year = to_int(explicit) if explicit else base
    if g.get("rel") == "明年" and year is not None:
        year += 1
    start, stop = hit.start, hit.end
    raw = text[start:stop]
    # Strip the spaces a pattern may have eaten; quotes must be exact.
    while raw and raw[0].isspace():
        start, raw = start + 1, raw[1:]
    while raw and raw[-1].isspace():
        raw = raw[:-1]
    source = Provenance(key, path_at(sections, start), sentence[0], sentence[1],
                        text[sentence[0] : sentence[1]])
    recurrence = _recurrence(hit, explicit, folded[sentence[0] : sentence[1]])
    if recurrence != "once" and not explicit and issued_on is not None:
        year = issued_on.year  # recurring work starts with the document, not a year it names
    precision = _PRECISION.get(hit.kind, "year")
    if recurrence == "ongoing":
        return Deadline(source.path, raw, None, "year", "ongoing", (), source)
    if recurrence in ("monthly", "quarterly", "half-yearly"):
        return _periodic(hit, raw, source, precision, recurrence, year, issued_on)
    readings_spec = _month_day_readings(hit)
    if readings_spec is None:
        return None
    yearly = recurrence == "yearly"
    if year is None:
        return Deadline(source.path, raw, None, precision, recurrence, (), source)
    if yearly and issued_on is not None:
        # The first instance is the first one on or after the issue date.
        first = _dates(year, readings_spec)
        if first and _pick(first, config) < issued_on:
            year += 1
    readings = _dates(year, readings_spec)
    # Only 上半年 / 年中 roll over to the next year; 9月底 in an October document is past.
    relative = not explicit and not yearly and not from_context and hit.kind in ("half", "mid")
    if relative and issued_on is not None and readings and _pick(readings, config) < issued_on:
        # 上半年 / 年中 with no year in a document issued later that year: the next one.
        readings = _dates(year + 1, readings_spec)
    if not readings:
        return None
    due = _pick(readings, config)
    month, day = (due.month, due.day) if yearly else (None, None)
    return Deadline(source.path, raw, due, precision, recurrence, readings, source,
                    month=month, day=day)


def _periodic(
    hit: _Hit, raw: str, source: Provenance, precision: Precision, recurrence: Recurrence,
    year: int | None, issued_on: dt.date | None,
) -> Deadline:
    """A monthly, quarterly or half-yearly deadline; ``due`` is its first instance."""
    day = to_int(hit.groups.get("d") or "") if recurrence == "monthly" else None
    if day:
        precision = "day"
    start = issued_on or (dt.date(year, 1, 1) if year else None)
    due = _first_instance(recurrence, day, start) if start else None
    return Deadline(source.path, raw, due, precision, recurrence, (due,) if due else (), source,
                    day=day)


def _first_instance(recurrence: Recurrence, day: int | None, start: dt.date) -> dt.date:
    """The first due date of a periodic deadline on or after ``start``.

    >>> _first_instance("quarterly", None, dt.date(2023, 5, 4))
    datetime.date(2023, 6, 30)
    >>> _first_instance("monthly", 10, dt.date(2023, 5, 11))
    datetime.date(2023, 6, 10)
    """
    year, month = start.year, start.month
    while True:
        last = calendar.monthrange(year, month)[1]
        due = dt.date(year, month, min(day, last) if day else last)
        period_end = (recurrence == "monthly" or (recurrence == "quarterly" and month % 3 == 0)
                      or (recurrence == "half-yearly" and month % 6 == 0))
        if period_end and due >= start:
            return due
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _pick(readings: tuple[dt.date, ...], config: ExtractConfig) -> dt.date:
    return readings[0] if config.before_reading == "start" else readings[-1]


_PART_DAY = {"上旬": 10, "中旬": 20}


def _month_day_readings(hit: _Hit) -> list[tuple[int, int, int]] | None:
    """Readings as (year offset, month, day); two when the phrase is ambiguous."""
    g = hit.groups
    before = bool(g.get("before"))
    if hit.kind == "day":
        month, day = to_int(g["m"] or ""), to_int(g["d"] or "")
        return [(0, month, day)] if month and day else None
    if hit.kind == "month":
        month = to_int(g["m"] or "")
        if not month:
            return None
        part = g.get("part")
        if part in _PART_DAY:
            return [(0, month, _PART_DAY[part])]
        if part in ("底", "末", "下旬") or not before:
            return [(0, month, 0)]
        previous = (0, month - 1, 0) if month > 1 else (-1, 12, 0)
        return [previous, (0, month, 0)]
    if hit.kind == "quarter":
        quarter = to_int(g["q"] or "")
        if not quarter:
            return None
        if g.get("end") or not before:
            return [(0, quarter * 3, 0)]
        previous = (0, quarter * 3 - 3, 0) if quarter > 1 else (-1, 12, 0)
        return [previous, (0, quarter * 3, 0)]
    if hit.kind == "half":
        return [(0, 6, 0)] if g.get("h") == "上半年" else [(0, 12, 0)]
    if hit.kind == "mid":
        return [(0, 6, 0)]
    if hit.kind == "before":
        return [(-1, 12, 0), (0, 12, 0)]
    return [(0, 12, 0)]


def _dates(year: int, readings: list[tuple[int, int, int]]) -> tuple[dt.date, ...]:
    dates: list[dt.date] = []
    for offset, month, day in readings:
        y = year + offset
        if not (1 <= y <= 9999 and 1 <= month <= 12):
            continue
        last = calendar.monthrange(y, month)[1]
        if day > last:
            continue
        dates.append(dt.date(y, month, day or last))
    return tuple(sorted(set(dates)))

