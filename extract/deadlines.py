"""Deadline phrases: 2018年7月底前, 11月中旬前, 2027年一季度完成, 上半年, 年内, 2023—2025年,
每年10月底前, 每月10日前, 每季度末, 每半年, 长期坚持 …

Ambiguous phrases keep both readings: ``X年前`` is 'by the end of X' (X-12-31, the
default) or 'before X' ((X-1)-12-31); ``四季度前`` is 'by the end of Q4' (12-31) or
'before Q4' (09-30).  :class:`extract.config.ExtractConfig` chooses which is ``due``.

A phrase with no year takes the year its sentence names before it, else the issue
year, else the nearest explicit year before the phrase.  Bare forms that are just as
often periods or dates of events (``6月``, ``3月份``, ``一季度``, ``全年``, ``2025年``,
``长期``) count only where a completion time stands: followed by a completion word
(``完成``, ``建成`` … in ``data/deadline_cues.txt``), alone in a table cell, or after a
label such as ``完成时限:``.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from extract.config import ExtractConfig
from extract.headings import path_at
from extract.model import Deadline, Precision, Provenance, Recurrence, Section
from extract.numerals import to_int
from extract.sentences import sentence_spans, span_around
from extract.wordlists import alternation, table, words

_CN_DIGIT = "〇零一二三四五六七八九"
_Y = rf"(?P<y>\d{{4}}|[{_CN_DIGIT}]{{4}})\s*年"
_PREFIX = rf"(?:(?P<every>每年度?|每一年)|(?P<rel>当年|本年度?|今年|明年)|{_Y})"
_M = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = r"(?P<d>3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_BEFORE = r"(?P<before>以前|之前|前)"
_NOT_A_COUNT = rf"(?<![\d{_CN_DIGIT}十两几多半数每近])"  # 3年内 and 两年内 are durations
# 到2028年6月底 is read by the month pattern, not as 到2028年.
_NO_PART = r"(?![\d\s一二三四五六七八九十第]*(?:月|季度)|\s*[上下]半年)"
_ONGOING = alternation(words("ongoing_words.txt"))
_PLAN_ENDS = {plan: int(year) for plan, year in table("plan_periods.tsv").items()}
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("day", re.compile(rf"(?:{_PREFIX}\s*)?{_M}\s*月\s*{_D}\s*[日号]\s*{_BEFORE}?")),
    ("month", re.compile(
        rf"(?:{_PREFIX}\s*)?(?<!\d){_M}\s*月\s*(?P<part>上旬|中旬|下旬|底|末|份)?\s*{_BEFORE}?")),
    ("monthly", re.compile(rf"(?:每个?月|按月)\s*(?:{_D}\s*[日号]|(?P<end>底|末))?\s*{_BEFORE}?")),
    ("quarter", re.compile(
        rf"(?:{_PREFIX}\s*)?(?<!个)第?(?P<q>[一二三四1-4])\s*季度\s*(?P<end>末|底)?\s*{_BEFORE}?")),
    ("quarterly", re.compile(rf"(?:每个?|按)季度\s*(?:末|底)?\s*{_BEFORE}?|[每按]季\s*(?:末|底|前)")),
    ("half", re.compile(rf"(?:{_PREFIX}\s*)?(?P<h>上半年|下半年)(?:\s*(?:末|底))?(?:\s*{_BEFORE})?")),
    ("half-yearly", re.compile(r"每半年|每个半年")),
    ("mid", re.compile(rf"(?:{_PREFIX}\s*|(?<![今去明本一全该近往前后每当\d]))年中(?![央国华心期])")),
    # (no pattern may open with \s*: masked furniture leaves long runs of spaces)
    ("yearend", re.compile(rf"(?:{_PREFIX}\s*年?\s*|(?<![\d〇零一二三四五六七八九今去明本该上]))年\s*(?:底|末)(?:\s*{_BEFORE})?")),
    ("yearend", re.compile(rf"{_Y}\s*(?:底|末)(?:\s*{_BEFORE})?")),
    ("within", re.compile(rf"{_Y}\s*内(?![容外部地])")),
    ("within", re.compile(rf"(?P<rel>今年|本年度?|当年)?{_NOT_A_COUNT}年内(?![容外])")),
    ("fullyear", re.compile(rf"{_NOT_A_COUNT}全年")),
    ("this-year", re.compile(r"(?P<rel>本年度|本年|今年)")),
    ("every-year", re.compile(r"每一?年度?")),
    ("before", re.compile(rf"{_Y}\s*{_BEFORE}")),
    ("by", re.compile(rf"(?:到|至|截至|截止到?)\s*{_Y}(?:\s*(?:底|末))?(?:\s*{_BEFORE})?{_NO_PART}")),
    ("strive", re.compile(rf"力争\s*{_Y}")),
    ("span", re.compile(
        r"(?<![\d.])(?P<y0>\d{4})\s*年?\s*(?:—+|–|-|~|至|到)\s*(?P<y>\d{4})\s*年(?!\s*\d|\s*[一二三四]季度)")),
    ("year", re.compile(rf"(?<![\d.\-—–~至到自从于])(?P<y>\d{{4}})\s*年(?![度{_CN_DIGIT}十以起初中上下底末前内第]|\d+\s*月)")),
    ("ongoing", re.compile(_ONGOING)),
    ("plan-end", re.compile(rf"(?:(?:到|至)\s*)?[“\"]?(?P<plan>{alternation(list(_PLAN_ENDS))})[”\"]?\s*(?:(?:时期|期)?末|期间)")),
)
_PRECISION: dict[str, Precision] = {
    "day": "day", "month": "month", "monthly": "month", "quarter": "quarter",
    "quarterly": "quarter", "half": "half", "half-yearly": "half", "mid": "half",
}
_CUES = re.compile(rf"\s*(?:{alternation(words('cue_adverbs.txt'))})?\s*(?:{alternation(words('deadline_cues.txt'))})")
_CUE_WORD = re.compile(alternation(words("deadline_cues.txt")))
_LABEL = re.compile(rf"(?:{alternation(words('time_labels.txt'))})\s*[::]?\s*$")
_CELL_EDGE = "\t|\n"
_PERIOD_START = re.compile(r"\s*(?:起|以来|开始|期间|的|—|–|-|~|至|到)")
_QUALIFIES = re.compile(r"对于?\s*$")
_ATTRIBUTIVE = re.compile(r"\s*[\u4e00-\u9fff]{1,3}的")
_WINDOW_END = re.compile(r"(?:自|从)[^,;。]*(?:起|开始)?[^,;。]*(?:至|到)\s*$")
_CLAUSE_END = re.compile(r"[,;。!?\n]")
_BENEFIT = re.compile(alternation(words("benefit_words.txt")))
_SENTENCE_END = re.compile(r"[。!?\n]")
_RELIEF = re.compile(alternation(words("relief_words.txt")))
_CONDITION = re.compile(rf"[^,;。:\n]{{0,10}}的(?:{alternation(words('condition_nouns.txt'))})")
_COPULA = re.compile(r"\s*(?:是|为)")
_LEAD_IN = re.compile(r"(?:力争|确保|争取|预计|计划)$")
_ROLLOUT = re.compile(r"\s*起[^。;\n]*?(?:必须|一律)")
_SINCE = re.compile(r"[^。;!?\n]*?以来")
# Years that may set the context of a phrase; the end of a span (2023-2025年) does not.
_EXPLICIT_YEAR = re.compile(r"(?<![\d—–\-~])(\d{4})\s*年")
_QUOTED_TITLE = re.compile(r"《[^》\n]*$")
_NAMED_YEAR = re.compile(rf"\d{{4}}|[{_CN_DIGIT}]{{4}}")


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
        The issue date; sets the base year and the first instance of recurring deadlines.
    end
        End of the body.
    config
        Chooses the reading of ambiguous phrases.

    Returns
    -------
    tuple of Deadline
        In document order; ``source.quote`` is the sentence, ``raw`` the phrase.

    Examples
    --------
    >>> from extract.fold import fold
    >>> text = "2027年一季度完成评估，11月中旬前报送，每月10日前更新台账，长期坚持。"
    >>> [d.key for d in find_deadlines(text, fold(text), "k", ())]
    ['2027-03-31', '2027-11-20', 'monthly:10', 'ongoing']
    """
    config = config or ExtractConfig()
    limit = len(folded) if end is None else end
    sentences = sentence_spans(folded, 0, limit)
    years = [(m.start(), int(m.group(1))) for m in _EXPLICIT_YEAR.finditer(folded, 0, limit)]
    found: list[Deadline] = []
    for hit in _non_overlapping(folded, limit):
        if not _counts(folded, hit, issued_on):
            continue
        sentence = span_around(sentences, hit.start) or (hit.start, hit.end)
        context = _year_before(years, hit.start, since=sentence[0])
        base = context or (issued_on.year if issued_on else
                           _year_before(years, hit.start) or _year_after(years, hit.start))
        deadline = _read(hit, text, folded, key, sections, sentence, base, context is not None,
                         issued_on, config)
        if deadline is not None and not _repeats(deadline, found):
            found.append(deadline)
    return tuple(_with_horizons(found))


def _repeats(deadline: Deadline, found: list[Deadline]) -> bool:
    """A recurrence said twice in one sentence (…每年组织…;全市每年实现…) is one deadline."""
    return deadline.recurrence != "once" and any(
        d.key == deadline.key and d.source == deadline.source for d in found)


def _non_overlapping(folded: str, limit: int) -> list[_Hit]:
    candidates: list[_Hit] = []
    for kind, pattern in _KINDS:
        for match in pattern.finditer(folded, 0, limit):
            stop = match.end()
            while stop > match.start() and folded[stop - 1].isspace():
                stop -= 1  # a pattern's trailing \s* may eat a cell's tab
            if stop > match.start():
                candidates.append(_Hit(kind, match.start(), stop, match.groupdict()))
    candidates.sort(key=lambda h: (h.start, -(h.end - h.start)))
    chosen: list[_Hit] = []
    for hit in candidates:
        if chosen and hit.start < chosen[-1].end:
            continue
        chosen.append(hit)
    return chosen


def _counts(folded: str, hit: _Hit, issued_on: dt.date | None) -> bool:
    """Whether a phrase says by when: explicit forms always, bare forms where they stand."""
    g = hit.groups
    if _QUOTED_TITLE.search(folded, max(0, hit.start - 60), hit.start):
        return False  # inside a cited title: 《…方案(2023-2025年)》
    opening = hit.kind in ("quarter", "fullyear", "within", "every-year", "this-year")
    if _QUALIFIES.search(folded, max(0, hit.start - 3), hit.start) or (
            not opening and _ATTRIBUTIVE.match(folded, hit.end)):
        return False  # 对2031年6月底前到期的贷款, 2031年3月15日前签约的住房: a condition
    sentence = folded[_sentence_start(folded, hit.start) : _sentence_end(folded, hit.end)]
    if _RELIEF.search(sentence):
        return False  # 2023年3月31日前…免收滞纳金: the window of a relief, not a deadline
    if _CONDITION.match(folded, hit.end):
        return False  # 在月底前开工的项目: who qualifies
    if _WINDOW_END.search(folded, _clause_start(folded, hit.start), hit.start):
        return False  # 自2026年3月起至2027年5月底: the end of a period of grace
    if hit.kind == "every-year" and _BENEFIT.search(folded, _clause_start(folded, hit.start), _clause_end(folded, hit.end)):
        return False  # 每年…给予补贴: the rhythm of a benefit, not of work
    if (hit.kind == "by" and issued_on is not None and folded[hit.start : hit.start + 2] in ("截至", "截止")
            and int(g["y"] or 0) < issued_on.year):
        return False  # 截至2023年底,全市已建成…: the date of a past figure
    if (hit.kind == "year" and issued_on is not None and _opens_clause(folded, hit.start)
            and int(g["y"] or 0) > issued_on.year and not _COPULA.match(folded, hit.end)):
        # 2020年结对县每年组织…: a later year opening a clause is the year the work is for
        # ("2023年,继续…" in a 2023 document is policy, read only before a completion word)
        return True
    if hit.kind == "day" and _ROLLOUT.match(folded, hit.end):
        return True  # 从7月1日起,…必须实施: the day from which the work must be in place
    if g.get("before") or hit.kind in ("plan-end", "yearend", "before", "by", "strive", "span",
                                        "monthly", "quarterly", "half-yearly", "every-year",
                                        "within"):
        return True
    if hit.kind == "half":
        return not _PERIOD_START.match(folded, hit.end)
    bounded = (hit.kind == "month" and g.get("part") not in (None, "份")) or (
        hit.kind == "quarter" and bool(g.get("end")))
    if bounded:
        return not _PERIOD_START.match(folded, hit.end) or folded[hit.end : hit.end + 1] == "的"
    return _stands(folded, hit)


def _clause_start(folded: str, position: int) -> int:
    return max(folded.rfind(c, 0, position) for c in ",;。:\n") + 1


def _sentence_start(folded: str, position: int) -> int:
    return max(folded.rfind(c, 0, position) for c in "。!?\n") + 1


def _sentence_end(folded: str, position: int) -> int:
    found = _SENTENCE_END.search(folded, position)
    return found.start() if found else len(folded)


def _clause_end(folded: str, position: int) -> int:
    found = _CLAUSE_END.search(folded, position)
    return found.start() if found else len(folded)


def _opens_clause(folded: str, position: int) -> bool:
    """Nothing but a heading number or spaces between the clause start and ``position``."""
    before = folded[_clause_start(folded, position) : position]
    return not _LEAD_IN.sub("", before).strip(" \t0123456789.、()一二三四五六七八九十")


def _stands(folded: str, hit: _Hit) -> bool:
    """A completion time: before a completion word, alone in a cell, or after a label."""
    line_start = folded.rfind("\n", 0, hit.start) + 1
    if _LABEL.search(folded, line_start, hit.start):
        return True
    before = folded[line_start : hit.start].rstrip(" ")
    after = folded[hit.end :].lstrip(" ")
    cell_before = not before or before[-1] in _CELL_EDGE
    if cell_before and (not after or after[0] in _CELL_EDGE):
        return True
    if hit.kind in ("quarter", "fullyear", "within", "this-year") and _opens_clause(folded, hit.start):
        # 三季度钢材产量800万吨左右, 全年新建5套: a period opening a clause says by when
        clause = folded[hit.end : _clause_end(folded, hit.end)]
        if not _BENEFIT.search(clause) and (re.search(r"\d", clause) or _CUE_WORD.search(clause)):
            return True
    if hit.kind == "fullyear" and folded[hit.end : hit.end + 2] in ("目标", "任务"):
        return True  # 确保完成全年目标
    if hit.kind == "ongoing":
        # as a clause of its own: "(责任单位:区民政局,长期坚持)"
        return bool(before) and before[-1] in "(,;:" and bool(after) and after[0] in ")。;\n"
    if _SINCE.match(folded, hit.end):
        return False  # 自2009年启动…以来: a past start, not a completion time
    cue = _CUES.match(folded, hit.end)
    # 2023年实施的项目: the cue qualifies a noun; the year is not a completion time.
    return cue is not None and folded[cue.end() : cue.end() + 1] != "的"


def _year_before(years: list[tuple[int, int]], position: int, *, since: int = 0) -> int | None:
    """The nearest explicit year written before ``position`` (and not before ``since``)."""
    index = bisect.bisect_left(years, (position, -1)) - 1
    return years[index][1] if index >= 0 and years[index][0] >= since else None


def _year_after(years: list[tuple[int, int]], position: int) -> int | None:
    """The first explicit year written after ``position`` (an undated document's year)."""
    index = bisect.bisect_left(years, (position, -1))
    return years[index][1] if index < len(years) else None


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


# Recurrence only where the text says so: 年度 (年度目标) names one year's work, not each year's.
_YEARLY_CONTEXT = re.compile(r"每年|每一年|各年")
_ONE_OFF = re.compile(alternation(words("one_off_words.txt")))


def _recurrence(hit: _Hit, explicit: str | None, sentence: str) -> Recurrence:
    """每年… is yearly; so is 当年 (the year in question, i.e. each year), and a bare
    年中 / 上半年 / 年底 in a sentence saying 每年; never in a clause saying 一次性."""
    if hit.kind in ("monthly", "quarterly", "half-yearly", "ongoing"):
        return hit.kind  # type: ignore[return-value]
    g = hit.groups
    if g.get("every") or hit.kind == "every-year":
        return "yearly"
    rel = g.get("rel")
    if rel:
        return "yearly" if rel == "当年" else "once"
    if (explicit is None and hit.kind in ("mid", "half", "yearend")
            and _YEARLY_CONTEXT.search(sentence) and not _ONE_OFF.search(sentence)):
        return "yearly"
    return "once"


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


def _with_horizons(deadlines: list[Deadline]) -> list[Deadline]:
    """A recurring deadline in the same sentence as 到2020年 / 2020年前 runs until then."""
    result: list[Deadline] = []
    for deadline in deadlines:
        if deadline.recurrence not in ("once", "ongoing"):
            # only a phrase naming its year ends a recurrence (年底前 is this year's end)
            ends = [d.due for d in deadlines
                    if d.recurrence == "once" and d.precision == "year" and d.source == deadline.source
                    and _NAMED_YEAR.search(d.raw)]
            if ends and ends[0] is not None:
                deadline = replace(deadline, horizon=ends[0])
        result.append(deadline)
    return result
