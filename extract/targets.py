"""Quantitative targets: number + unit, with comparator, metric, scope, period and due date.

Not targets: years (2018年), section numbers, names such as 十九大 or 五个…产业园 (a
count in Chinese numerals needs a comparator cue: 至少互访一次), durations (3年内),
thresholds (超过5亿元的项目) and counts that open a clause as its subject
(2020年5个产业园计划总投资…).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from extract.headings import path_at
from extract.model import Comparator, Deadline, Period, Provenance, Section, Target
from extract.numbers import Quantity, find_quantities
from extract.sentences import clause_spans, sentence_spans, span_around

_BEFORE_CMP = re.compile(r"不少于|不低于|不小于|不少|至少|不超过|不高于|不大于|最多|超过|高于|大于|低于|少于")
_CMP_OF: dict[str, Comparator] = {
    "不少于": ">=", "不低于": ">=", "不小于": ">=", "不少": ">=", "至少": ">=",
    "不超过": "<=", "不高于": "<=", "不大于": "<=", "最多": "<=",
    "超过": ">", "高于": ">", "大于": ">", "低于": "<", "少于": "<",
}
_AFTER_CMP = re.compile(r"\s*(及以上|以上|以内|之内|以下|左右)")
_AFTER_CMP_OF: dict[str, Comparator] = {
    "及以上": ">=", "以上": ">=", "以内": "<=", "之内": "<=", "以下": "<=", "左右": "=",
}
_CUE_BEFORE = re.compile(r"(不少于|不低于|不小于|不少|至少|不超过|最多|超过|达到|每年|占|为|达)\s*$")
# Words that end a metric when walking back from the number: verbs and qualifiers.
_STOP = re.compile(
    r"(实现|完成|达成|新增|建立|建成|培育|组织|召开|开展|达到|帮助|引进|举办|争取|确保|力争|累计|吸引|"
    r"推动|选择|每年度?|全[市省国县区]|每个(?:领域|县|市|区|乡镇|村|部门|单位|园区|项目|地区)|"
    r"不少于|不低于|不少|至少|不超过|超过|占|为|在|由)$"
)
_LEADING = re.compile(r"^(其中|另外|同时|并|且|和|及)|^(到|至)?\d{4}\s*年(前|底|末)?")
_AFTER_STOP = re.compile(r"(提供|开展|建立|实施|参与|完成|进行|达到|实现|的|,|;|。)")
_PEOPLE = re.compile(r"(群众|人员|农民|人口|劳动力|职工|人才|学生|人)$")
_SCOPE = re.compile(
    r"全[市省国县区]|每个(?:领域|县|市|区|乡镇|村|部门|单位|园区|项目|地区)|(?:每个|各)?结对县(?:\([^()]*\))?|"
    r"对口市县|各[市县区](?:\([^()]*\))?"
)
_YEARLY = re.compile(r"每年|每一年|年均|每年度")
_BOUNDARY = set(",;:。!?()\n\"“”、")


def find_targets(
    text: str, folded: str, key: str, sections: Sequence[Section], deadlines: Sequence[Deadline],
    *, end: int | None = None,
) -> tuple[Target, ...]:
    """Find the quantitative targets of the body.

    Parameters
    ----------
    text
        Document text (quotes are cut from it).
    folded
        ``fold(text)``.
    key
        Document key.
    sections
        Sections, for paths.
    deadlines
        Deadlines already found; a target's ``due`` is that of the deadline in its sentence.
    end
        End of the body.

    Returns
    -------
    tuple of Target
        ``quote`` is the clause (up to ;/。) holding the number.
    """
    limit = len(folded) if end is None else end
    sentences = sentence_spans(folded, 0, limit)
    clauses = clause_spans(folded, 0, limit)
    targets: list[Target] = []
    for quantity in find_quantities(folded, 0, limit):
        clause = span_around(clauses, quantity.start)
        sentence = span_around(sentences, quantity.start)
        if clause is None or sentence is None or not _is_target(folded, quantity, clause):
            continue
        # Only the comma-delimited part before the number governs its comparator.
        before = re.split(r"[,:]", folded[clause[0] : quantity.start])[-1]
        comparator = _comparator(folded, quantity, before)
        metric = _metric(text, folded, quantity, clause[0])
        base_unit = quantity.base_unit
        if quantity.unit in ("万", "亿") and _PEOPLE.search(metric):
            base_unit = "人"
        scope = _last(_SCOPE, folded[clause[0] : quantity.start])
        due = _due(deadlines, sentence, quantity.start)
        period: Period = ("yearly" if _YEARLY.search(folded[sentence[0] : quantity.start])
                          else "cumulative" if due else "once")
        quote = text[clause[0] : clause[1]]
        source = Provenance(key, path_at(sections, quantity.start), clause[0], clause[1], quote)
        targets.append(Target(
            source.path, quote, metric, comparator, quantity.value, quantity.unit,
            quantity.base_value, base_unit, _original(text, folded, scope), period, due, source,
            value_max=quantity.value_max,
        ))
    return tuple(targets)


def _is_target(folded: str, quantity: Quantity, clause: tuple[int, int]) -> bool:
    after = folded[quantity.end : quantity.end + 1]
    if after == "的":
        return False  # a threshold qualifying a noun: 超过5亿元的项目
    if quantity.chinese:
        window = folded[max(clause[0], quantity.start - 8) : quantity.start]
        return bool(_CUE_BEFORE.search(window) or _BEFORE_CMP.search(window)
                    or _AFTER_CMP.match(folded, quantity.end))
    if _noun_follows(folded, quantity.end):
        # A count opening its clause is the subject (2020年5个产业园…), not a target.
        previous = folded[clause[0] : quantity.start].rstrip()
        if not previous or previous[-1] in _BOUNDARY or re.search(r"\d\s*[年月日]$", previous):
            return False
    return True


def _noun_follows(folded: str, position: int) -> bool:
    return (position < len(folded) and "\u4e00" <= folded[position] <= "\u9fff"
            and not _AFTER_CMP.match(folded, position))


def _comparator(folded: str, quantity: Quantity, before: str) -> Comparator:
    if quantity.value_max is not None:
        return "range"
    after = _AFTER_CMP.match(folded, quantity.end)
    if after:
        return _AFTER_CMP_OF[after.group(1)]
    words = _BEFORE_CMP.findall(before)
    return _CMP_OF[words[-1]] if words else "="


def _metric(text: str, folded: str, quantity: Quantity, clause_start: int) -> str:
    """The noun phrase the number measures, read back from the number (or forward)."""
    if _noun_follows(folded, quantity.end):
        stop = _AFTER_STOP.search(folded, quantity.end, quantity.end + 30)
        end = stop.start() if stop else min(len(folded), quantity.end + 30)
        return text[quantity.end : end].strip()
    position = quantity.start
    cue = _CUE_BEFORE.search(folded, clause_start, position)
    while cue and cue.end() == position and cue.start() < position:
        position = cue.start()
        cue = _CUE_BEFORE.search(folded, clause_start, position)
    begin = position
    while begin > clause_start:
        char = folded[begin - 1]
        if char in ",;:。!?\n" or _STOP.search(folded, clause_start, begin):
            break
        begin -= 1
    metric = folded[begin:position].strip()
    leading = _LEADING.match(metric)
    while leading and leading.end() > 0:
        metric = metric[leading.end() :].strip()
        leading = _LEADING.match(metric)
    offset = folded.index(metric, begin) if metric else begin
    return text[offset : offset + len(metric)]


def _last(pattern: re.Pattern[str], text: str) -> str | None:
    found = list(pattern.finditer(text))
    return found[-1].group(0) if found else None


def _original(text: str, folded: str, value: str | None) -> str | None:
    # Scopes are matched on folded text; report them as written.
    if value is None:
        return None
    index = folded.find(value)
    return text[index : index + len(value)] if index >= 0 else value


def _due(deadlines: Sequence[Deadline], sentence: tuple[int, int], position: int) -> dt.date | None:
    inside = [d for d in deadlines
              if d.source.start == sentence[0] and d.recurrence == "once" and d.due is not None]
    return inside[0].due if inside else None
