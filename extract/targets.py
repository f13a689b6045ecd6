"""Quantitative targets: number + unit, with comparator, metric, scope, period and due date.

The unit is the whole measure word (1.2万人, 万平方米, 个百分点); the comparator comes from
the words around the figure (``data/comparator_words.tsv``: 突破/超过/以上 → ``>=``,
控制在/以内/不超过 → ``<=``, a range → ``range``, else ``=``).

Not targets: years (2018年), section numbers, names such as 十九大 or 五个…产业园 (a
count in Chinese numerals needs a comparator cue: 至少互访一次), durations (15个工作日,
3年内), thresholds (超过5亿元的项目, 对年销售额达5亿元以上…的企业), benefits in the same
comma part (给予最高50万元奖励, 补贴30%, 免征…), per-recipient amounts (每家最高…),
capacities (年产30万吨, 50万吨/年), asides in brackets, past figures (已建成…, 截至目前共有…,
a clause opening with an earlier year than the issue date) and counts that are a clause's
subject (2020年5个产业园计划总投资…, 300个项目完成投资…).  The word lists are data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from extract.headings import path_at
from extract.model import Comparator, Deadline, Period, Provenance, Section, Target
from extract.numbers import MAGNITUDES, MEASURES, Quantity, find_quantities
from extract.sentences import clause_spans, sentence_spans, span_around
from extract.wordlists import alternation, table, words

_COMPARATORS = {word: spec.split("\t") for word, spec in table("comparator_words.tsv").items()}
_CMP_BEFORE: dict[str, Comparator] = {w: c for w, (where, c) in _COMPARATORS.items()  # type: ignore[misc]
                                      if where == "before"}
_CMP_AFTER: dict[str, Comparator] = {w: c for w, (where, c) in _COMPARATORS.items()  # type: ignore[misc]
                                     if where == "after"}
_BEFORE_CMP = re.compile(alternation(list(_CMP_BEFORE)))
_AFTER_CMP = re.compile(rf"\s*({alternation(list(_CMP_AFTER))})")
# Words right before a figure that the metric reading skips (and that let a Chinese
# numeral count as a figure: 至少互访一次).
_CUE_BEFORE = re.compile(
    rf"({alternation(list(_CMP_BEFORE))}|达到|每年|占|为|达|降至|降低至|提高到|提高至|提升至|稳定在|保持在|维持在)\s*$")
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
# Not targets: benefits (subsidies, awards, tax reliefs), per-recipient amounts,
# thresholds, capacities and past figures; the words are data.
_BENEFIT = re.compile(alternation([*words("benefit_words.txt"), *words("relief_words.txt")]))
_PER_RECIPIENT = re.compile(alternation(words("per_recipient_words.txt")))
_RECURRENCE_WORDS = re.compile(r"每一?年度?|每个?季度|每个?月|每半年")
_PAST = re.compile(alternation(words("past_markers.txt")))
_RATE_MARKS = table("rate_marks.tsv")
_RATE_BEFORE = re.compile(rf"(?:{alternation([w for w, k in _RATE_MARKS.items() if k == 'before'])})\s*$")
_RATE_AFTER = re.compile(alternation([w for w, k in _RATE_MARKS.items() if k == "after"]))
_LIST_TO_DE = re.compile(
    rf"(?:\s|、|和|或|不足|至|到|—|-|~|及以上|以上|及以下|以下|\([^()]{{1,8}}\)|\d+(?:\.\d+)?|"
    rf"{alternation([*MAGNITUDES, *MEASURES, *words('threshold_nouns.txt')])})*"
    r"(?:(?:及?以上|及?以下)(?:\s|\([^()]{1,8}\))*[\u4e00-\u9fff]{1,4})?的"
    rf"(?!{alternation(words('goal_nouns.txt'))})")
_ELIGIBILITY = re.compile(r"[\s\d.、()一二三四五六七八九十]*(?:对于|对|凡|符合)")
_CLAUSE_YEAR = re.compile(r"^[\s\d.、()一二三四五六七八九十]*(?:在|截至|截止)?\s*(\d{4})\s*年")
_MONEY_OR_RATE = re.compile(r"元|%|‰")
_SCOPE_OBJECT = re.compile(r"(?<![结针面相核绝比反应派配])对(?:全[市省区县国]|各)?\s*$")
# money followed by a noun phrase and 的, or by 以上/以下 and a noun: it qualifies a noun
_MONEY_DESCRIBES = re.compile(
    rf"[^,;。的\d]{{0,12}}的(?!{alternation(words('goal_nouns.txt'))})"
    r"|\s*(?:\([^()]*\))?\s*(?:及?以上|及?以下)[\u4e00-\u9fff]|[\u4e00-\u9fff]{2,8}\d")
_WORK_VERB_YEAR = re.compile(rf"(?:{alternation(words('deadline_cues.txt'))})\s*\d{{4}}\s*年$")
_SUBJECT_COUNT = re.compile(r"[\u4e00-\u9fff()]{1,12}?(?:完成|实现|达到|新增|累计|建成)[^,;。]*\d")
_OPENERS = set(",;:。!?()\n\"“”")  # a count after one of these opens its clause (not after 、)
_BOUNDARY = set(",;:。!?()\n\"“”、")


def find_targets(
    text: str, folded: str, key: str, sections: Sequence[Section], deadlines: Sequence[Deadline],
    *, end: int | None = None, issued_on: dt.date | None = None,
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
    issued_on
        The issue date: a clause opening with an earlier year states a past figure.

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
        if clause is None or sentence is None or not _is_target(folded, quantity, clause, issued_on):
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


def _is_target(folded: str, quantity: Quantity, clause: tuple[int, int],
               issued_on: dt.date | None = None) -> bool:
    to_de = _LIST_TO_DE.match(folded, quantity.end)
    if to_de is not None and to_de.end() <= clause[1]:
        return False  # a threshold qualifying a noun: 超过5亿元的项目, 3000万元、2000万元的企业
    lead_in = folded[clause[0] : quantity.start]
    rest = folded[quantity.end : clause[1]]
    part = _comma_part(folded, quantity, clause)
    if (_ELIGIBILITY.match(lead_in) or _ELIGIBILITY.match(folded, part[0], quantity.start)) and "的" in rest:
        return False  # 对年销售额达5亿元以上且…的企业: who qualifies
    if "(" in folded[part[0] : quantity.start] and ")" not in folded[
            folded.rfind("(", part[0], quantity.start) : quantity.start]:
        return False  # (首期规模20亿元): an aside in brackets
    if quantity.chinese and quantity.value == 1 and quantity.unit == "批":
        return False  # 一批: some, not a figure
    if _BENEFIT.search(folded, part[0], part[1]):
        return False  # 给予最高50万元奖励, 补贴30%, 免征…: a benefit granted, not work
    if _SCOPE_OBJECT.search(lead_in):
        return False  # 加大对全县9个特色产业信贷支持: the figure names whom the work is for
    if _MONEY_OR_RATE.search(quantity.unit) and _MONEY_DESCRIBES.match(folded, quantity.end, part[1]):
        return False  # 12亿元专项资金支持的项目, 50元以下小额缴费业务: a descriptor
    if _SUBJECT_COUNT.match(folded, quantity.end, part[1]):
        return False  # 300个在建项目完成投资80亿元: the count is the subject
    if _MONEY_OR_RATE.search(quantity.unit) and _PER_RECIPIENT.search(
            _RECURRENCE_WORDS.sub("", lead_in[-8:])):
        return False  # 每家最高50万元, 亩均投入1500元: a per-recipient amount
    if _RATE_BEFORE.search(lead_in) or _RATE_AFTER.match(folded, quantity.end):
        return False  # 年产30万吨, 50万吨/年: a capacity or a rate
    if _PAST.search(lead_in):
        return False  # 已建成…, 截至目前共有…: a past figure
    year = _CLAUSE_YEAR.match(lead_in)
    if year and issued_on is not None and int(year.group(1)) < issued_on.year:
        return False  # 2022年增长8% in a 2023 document: a past figure
    if quantity.chinese:
        window = folded[max(clause[0], quantity.start - 8) : quantity.start]
        return bool(_CUE_BEFORE.search(window) or _BEFORE_CMP.search(window)
                    or _AFTER_CMP.match(folded, quantity.end))
    if _noun_follows(folded, quantity.end):
        # A count opening its clause is the subject (2020年5个产业园…), not a target.
        previous = folded[clause[0] : quantity.start].rstrip()
        dated = re.search(r"\d\s*[年月日]$", previous) and not _WORK_VERB_YEAR.search(previous)
        if not previous or previous[-1] in _OPENERS or dated:
            return False
    return True


def _comma_part(folded: str, quantity: Quantity, clause: tuple[int, int]) -> tuple[int, int]:
    """The comma-delimited part of ``clause`` holding the quantity."""
    begin = max(folded.rfind(c, clause[0], quantity.start) for c in ",;:") + 1
    stops = [i for i in (folded.find(c, quantity.end, clause[1]) for c in ",;:") if i >= 0]
    return max(begin, clause[0]), min(stops, default=clause[1])


def _noun_follows(folded: str, position: int) -> bool:
    return (position < len(folded) and "\u4e00" <= folded[position] <= "\u9fff"
            and not _AFTER_CMP.match(folded, position))


def _comparator(folded: str, quantity: Quantity, before: str) -> Comparator:
    if quantity.value_max is not None:
        return "range"
    after = _AFTER_CMP.match(folded, quantity.end)
    if after:
        return _CMP_AFTER[after.group(1)]
    words_before = _BEFORE_CMP.findall(before)
    return _CMP_BEFORE[words_before[-1]] if words_before else "="


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
