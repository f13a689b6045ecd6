"""Deadline phrases: 2018年7月底前, 2018年四季度前, 2019年前, 到2020年, 每年10月底前, 上半年 …

Ambiguous phrases keep both readings: ``X年前`` is 'by the end of X' (X-12-31, the
default) or 'before X' ((X-1)-12-31); ``四季度前`` is 'by the end of Q4' (12-31) or
'before Q4' (09-30).  :class:`extract.config.ExtractConfig` chooses which is ``due``.
Relative phrases (当年, 每年, 上半年 with no year) resolve against a base year: the
year of the issue date, else the nearest explicit year before the phrase.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract.config import ExtractConfig
from extract.headings import path_at
from extract.model import Deadline, Precision, Provenance, Section
from extract.numerals import to_int
from extract.sentences import sentence_spans, span_around

_Y = r"(?P<y>\d{4}|[〇零一二三四五六七八九]{4})\s*年"
_PREFIX = rf"(?:(?P<every>每年度?|每一年)|(?P<rel>当年|本年度?|今年)|{_Y})"
_M = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = r"(?P<d>3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_BEFORE = r"(?P<before>以前|之前|前)"
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("day", re.compile(rf"(?:{_PREFIX}\s*)?{_M}\s*月\s*{_D}\s*[日号]\s*{_BEFORE}")),
    ("month", re.compile(rf"(?:{_PREFIX}\s*)?{_M}\s*月\s*(?P<end>底|末|份)?\s*{_BEFORE}")),
    ("month", re.compile(rf"{_PREFIX}\s*{_M}\s*月\s*(?P<end>底|末)")),
    ("quarter", re.compile(rf"(?:{_PREFIX}\s*)?第?(?P<q>[一二三四1-4])\s*季度\s*(?P<end>末|底)?\s*{_BEFORE}?")),
    ("half", re.compile(rf"(?:{_PREFIX}\s*)?(?P<h>上半年|下半年)(?:\s*(?:末|底))?(?:\s*{_BEFORE})?")),
    ("mid", re.compile(rf"(?:{_PREFIX}\s*|(?<![今去明本一全该近往前后每当\d]))年中(?![央国华心期])")),
    ("yearend", re.compile(rf"(?:{_PREFIX}\s*年?|(?<![\d〇零一二三四五六七八九今去明本该]))\s*年\s*(?:底|末)(?:\s*{_BEFORE})?")),
    ("yearend", re.compile(rf"{_Y}\s*(?:底|末)(?:\s*{_BEFORE})?")),
    ("before", re.compile(rf"{_Y}\s*{_BEFORE}")),
    ("by", re.compile(rf"(?:到|至|截至|截止到?)\s*{_Y}(?:\s*(?:底|末))?(?:\s*{_BEFORE})?")),
    ("strive", re.compile(rf"力争\s*{_Y}")),
)
_PRECISION: dict[str, Precision] = {
    "day": "day", "month": "month", "quarter": "quarter", "half": "half", "mid": "half",
    "yearend": "year", "before": "year", "by": "year", "strive": "year",
}
_EXPLICIT_YEAR = re.compile(r"(\d{4})\s*年")


@dataclass(frozen=True)
class _Hit:
    kind: str
    start: int
    end: int
    groups: dict[str, str | None]


def find_deadlines(
    text: str,
    folded: str,
    key: str,
    sections: Sequence[Section],
    *,
    issued_on: dt.date | None = None,
    end: int | None = None,
    config: ExtractConfig | None = None,
) -> tuple[Deadline, ...]:
    """Find and read every deadline phrase of the body.

    Parameters
    ----------
    text
        Document text (quotes are cut from it).
    folded
        ``fold(text)``.
    key
        Document key.
    sections
        The document's sections, for paths.
    issued_on
        The issue date; sets the base year and the first instance of yearly deadlines.
    end
        End of the body.
    config
        Chooses the reading of ambiguous phrases.

    Returns
    -------
    tuple of Deadline
        In document order; ``source.quote`` is the sentence, ``raw`` the phrase.
    """
    config = config or ExtractConfig()
    limit = len(folded) if end is None else end
    hits = _non_overlapping(folded, limit)
    sentences = sentence_spans(folded, 0, limit)
    found: list[Deadline] = []
    years = [(m.start(), int(m.group(1))) for m in _EXPLICIT_YEAR.finditer(folded, 0, limit)]
    for hit in hits:
        base = issued_on.year if issued_on else _year_before(years, hit.start)
        deadline = _read(hit, text, key, sections, sentences, base, issued_on, config)
        if deadline is not None:
            found.append(deadline)
    return tuple(_with_horizons(found))


def _non_overlapping(folded: str, limit: int) -> list[_Hit]:
    candidates: list[_Hit] = []
    for kind, pattern in _KINDS:
        for match in pattern.finditer(folded, 0, limit):
            if match.end() > match.start():
                candidates.append(_Hit(kind, match.start(), match.end(), match.groupdict()))
    candidates.sort(key=lambda h: (h.start, -(h.end - h.start)))
    chosen: list[_Hit] = []
    for hit in candidates:
        if chosen and hit.start < chosen[-1].end:
            continue
        chosen.append(hit)
    return chosen


def _year_before(years: list[tuple[int, int]], position: int) -> int | None:
    """The nearest explicit year written before ``position``."""
    index = bisect.bisect_left(years, (position, -1)) - 1
    return years[index][1] if index >= 0 else None


def _read(
    hit: _Hit, text: str, key: str, sections: Sequence[Section], sentences: list[tuple[int, int]],
    base: int | None, issued_on: dt.date | None, config: ExtractConfig,
) -> Deadline | None:
    g = hit.groups
    explicit = g.get("y")
    year = to_int(explicit) if explicit else base
    start, stop = hit.start, hit.end
    raw = text[start:stop]
    # Strip the leading spaces a pattern may have eaten; quotes must be exact.
    while raw and raw[0].isspace():
        start, raw = start + 1, raw[1:]
    ambiguous_readings = _month_day_readings(hit)
    sentence = span_around(sentences, start) or (start, stop)
    yearly = _is_yearly(g, explicit, text[sentence[0] : sentence[1]])
    relative = not explicit and not yearly
    source = Provenance(key, path_at(sections, start), sentence[0], sentence[1],
                        text[sentence[0] : sentence[1]])
    precision = _PRECISION[hit.kind]
    if ambiguous_readings is None:
        return None
    if year is None:
        return Deadline(source.path, raw, None, precision, "yearly" if yearly else "once", (),
                        source)
    if yearly and issued_on is not None:
        # The first instance is the first one on or after the issue date.
        first = _dates(year, ambiguous_readings)
        if first and _pick(first, config) < issued_on:
            year += 1
    readings = _dates(year, ambiguous_readings)
    if relative and issued_on is not None and readings and _pick(readings, config) < issued_on:
        # 上半年 / 年中 with no year in a document issued later that year: the next one.
        readings = _dates(year + 1, ambiguous_readings)
    if not readings:
        return None
    due = _pick(readings, config)
    month, day = (due.month, due.day) if yearly else (None, None)
    return Deadline(source.path, raw, due, precision, "yearly" if yearly else "once",
                    readings, source, month=month, day=day)


_YEARLY_CONTEXT = re.compile(r"每年|年度|每一年|各年")


def _is_yearly(groups: dict[str, str | None], explicit: str | None, sentence: str) -> bool:
    """每年… is yearly; so is 当年 (the year in question, i.e. each year), and a bare
    年中 / 上半年 / 年底 in a sentence about yearly work (年中调研督查、年度工作考核)."""
    if groups.get("every"):
        return True
    rel = groups.get("rel")
    if rel:
        return rel == "当年"
    return explicit is None and bool(_YEARLY_CONTEXT.search(sentence))


def _pick(readings: tuple[dt.date, ...], config: ExtractConfig) -> dt.date:
    return readings[0] if config.before_reading == "start" else readings[-1]


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
        if g.get("end") in ("底", "末") or not before:
            return [(0, month, 0)]
        previous = (0, month - 1, 0) if month > 1 else (-1, 12, 0)
        return [previous, (0, month, 0)]
    if hit.kind == "quarter":
        quarter = to_int(g["q"] or "")
        if not quarter:
            return None
        if g.get("end"):
            return [(0, quarter * 3, 0)]
        if not before:
            return None  # a bare 四季度 is a period, not a deadline
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


def _with_horizons(deadlines: list[Deadline]) -> list[Deadline]:
    """A yearly deadline in the same sentence as 到2020年 / 2020年前 runs until then."""
    result: list[Deadline] = []
    for deadline in deadlines:
        if deadline.recurrence == "yearly":
            ends = [d.due for d in deadlines
                    if d.recurrence == "once" and d.precision == "year" and d.source == deadline.source]
            if ends and ends[0] is not None:
                deadline = Deadline(deadline.path, deadline.raw, deadline.due, deadline.precision,
                                    deadline.recurrence, deadline.readings, deadline.source,
                                    month=deadline.month, day=deadline.day, horizon=ends[0])
        result.append(deadline)
    return result
