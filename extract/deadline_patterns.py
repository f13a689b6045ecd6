"""Deadline phrase patterns, their compiled regexes, and which matches count.

Deadline phrases: 2018年7月底前, 11月中旬前, 2027年一季度完成, 上半年, 年内, 2023—2025年,
每年10月底前, 每月10日前, 每季度末, 每半年, 长期坚持 …

Bare forms that are just as often periods or dates of events (``6月``, ``3月份``,
``一季度``, ``全年``, ``2025年``, ``长期``) count only where a completion time stands: followed by a completion word
(``完成``, ``建成`` … in ``data/deadline_cues.txt``), alone in a table cell, or after a
label such as ``完成时限:``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from extract.model import Precision
from extract.regex_scan import matches_each
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
_PATTERNS = tuple(pattern for _, pattern in _KINDS)
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
# (The lookbehind follows the first digit, so that the engine skips to the next digit in C
# instead of trying the pattern at every character: the same matches.)
_EXPLICIT_YEAR = re.compile(r"(\d(?<![\d—–\-~]\d)\d{3})\s*年")
_QUOTED_TITLE = re.compile(r"《[^》\n]*$")
_NAMED_YEAR = re.compile(rf"\d{{4}}|[{_CN_DIGIT}]{{4}}")


@dataclass(frozen=True)
class _Hit:
    kind: str
    start: int
    end: int
    groups: dict[str, str | None]


def _non_overlapping(folded: str, limit: int) -> list[_Hit]:
    candidates: list[_Hit] = []
    # each pattern tried only where one of its matches can start
    for (kind, _), found in zip(_KINDS, matches_each(_PATTERNS, folded, 0, limit), strict=True):
        for match in found:
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
