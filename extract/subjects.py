"""Responsibility stated by a sentence's subject: "甲厅、乙委……等有关部门要出台配套办法".

A clause part whose subject is a list of units (or a short name ending in a subject word:
地区, 部门, 政府 …) followed by 要/应/负责/牵头 … assigns the work to them; a subject
leads only when its verb says so (牵头, 会同).  The bracketed and labelled forms are
:mod:`extract.units`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.fold import fold
from extract.model import Role, UnitRef
from extract.sentences import clause_spans
from extract.unit_names import (
    is_collective,
    is_generic,
    is_verb_phrase,
    looks_like_unit,
    make_unit,
    split_unit_list,
    subject_endings,
)
from extract.units import Clause
from extract.wordlists import alternation, words

_FIELD_LIST = re.compile(
    r"^(?:(?:省|市|县|区)级[^,;:。]{2,40}等(?:有关|相关)?|各级[^,;:。]{1,20}、[^,;:。]{1,20})(?:部门|单位)$")
_LABEL = re.compile(r"\s*(?:第[一二三四五六七八九十百\d]{1,4}条\s*|[一二三四五六七八九十]{1,3}、|\(?[一二三四五六七八九十\d]{1,3}[).、]|[\u2460-\u2473])")
_SUBJECT = re.compile(
    r"(?:由\s*)?((?:[^,;:。、\s]{2,20}?、)*[^,;:。、\s]{2,20}?)"
    r"(?P<etc>等(?:有关|相关)?(?:部门|单位))?\s*"
    # "甲县在…的同时,要…", "甲县在…的前提下,建设用地要…": the subject keeps the work.
    r"(?:在[^;:。]{1,40}?(?:的同时|的前提下|过程中|中|时)\s*,?\s*(?:[^,;:。、\s]{1,6}?)?)?"
    r"(?:(?:每年|每半年|每季度|每月)?都?\s*"
    rf"(?:{alternation(words('subject_adverbs.txt'))})?"
    r"(?P<verb>要|应当|应|负责牵头|负责|牵头|会同|共同|须|必须|配合|参与)"
    # "甲县每年至少…": a recurring minimum is work assigned to the subject.
    r"|(?:每年|每半年|每季度|每月)\s*至少)"
)
# Every _SUBJECT match has its verb, 至少 or the 在 of its aside before the first comma or
# colon; a clause part without one is skipped without the (slow, backtracking) match.
_SUBJECT_HINT = re.compile(r"[^,:]*?(?:要|应|负责|牵头|会同|共同|须|配合|参与|至少|在)")
_COMMA = re.compile(r",\s*")
_AND = re.compile(r"和|及")
_CLOSING_BRACKET = re.compile(r"[(（〔][^()（）〔〕]*[)）〕]$")
_FIGURE_OR_STOP = re.compile(r"[\d,。:]")


def _without_qualifier(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a qualifier ending in 的 before a subject ("受影响大的甲市" → "甲市") when
    what is left is still a subject."""
    cut = text.rfind("的", start, end)
    if cut >= 0 and _subject_name(text[cut + 1 : end]):
        return cut + 1, end
    return start, end


def _subject_units(text: str, folded: str, match: re.Match[str]) -> tuple[UnitRef, ...] | None:
    """The units a subject match names, or None when it names none."""
    spans: list[tuple[int, int]] = []
    # "甲政府和各级农业、水利部门要…": 和 joins two subjects; a field list stays whole.
    for s, e in _and_parts(folded, match.start(1), match.end(1)):
        spans.extend([(s, e)] if _FIELD_LIST.match(folded[s:e]) else split_unit_list(text[s:e], s))
    if spans:
        spans[0] = _without_qualifier(text, *spans[0])
    raws = [text[s:e] for s, e in spans]
    if raws and not all(_subject_name(r) for r in raws) and match.group("etc"):
        # "市级交通、住建、环保等部门要…": a list of fields, one collective unit.
        whole = text[match.start(1) : match.end("etc")]
        raws = [whole] if _FIELD_LIST.match(fold(whole)) else raws
    if len(raws) == 1 and not _subject_name(raws[0]) and "的" in raws[0]:
        # "各有关部门的专项资金对…要…": the owner of what must act is the subject.
        owner = raws[0].split("的", 1)[0]
        raws = [owner] if _subject_name(owner) and (is_collective(owner) or looks_like_unit(owner)) else raws
    if not raws or not all(_subject_name(r) or _FIELD_LIST.match(fold(r)) for r in raws):
        return None
    # A subject leads only when its verb says so (牵头, 会同); "X要…" marks no lead.
    role: Role = "lead" if match.group("verb") in ("牵头", "负责牵头", "会同") else "co"
    return tuple(make_unit(r, role) for r in raws)


def _and_parts(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a subject at 和/及 when both sides read as subjects, else keep it whole."""
    for joint in _AND.finditer(folded[start:end]):
        cut = start + joint.start()
        left, right = folded[start:cut], folded[cut + 1 : end]
        if (_subject_name(left) or looks_like_unit(left)) and (
                _subject_name(right) or _FIELD_LIST.match(right) or looks_like_unit(right)):
            return [(start, cut), (cut + 1, end)]
    return [(start, end)]


@lru_cache(maxsize=4096)  # a document names the same subjects clause after clause
def _subject_name(raw: str) -> bool:
    """A sentence subject that assigns work: a unit, or a short name ending in a
    subject word (地区, 部门, 政府 …) that is no verb phrase."""
    if looks_like_unit(raw) and not is_generic(raw):
        return True
    bare = _CLOSING_BRACKET.sub("", raw.strip())
    return (2 <= len(bare) <= 15 and not is_verb_phrase(bare) and not _FIGURE_OR_STOP.search(bare)
            and bare.endswith(subject_endings()))


def find_subject_sentences(text: str, folded: str, *, end: int | None = None) -> list[Clause]:
    """Sentences whose subject is a list of units followed by 要/应/负责 ….

    Parameters
    ----------
    text
        Document text (quotes are cut from it).
    folded
        ``fold(text)``.
    end
        End of the body.

    Returns
    -------
    list of Clause
        Each spans its whole sentence; the first unit listed is the lead.
    """
    limit = len(folded) if end is None else end
    found: list[Clause] = []
    # Clauses, not only sentences: "甲厅牵头…;乙局负责…;丙局负责…" names three subjects.
    for first, stop in clause_spans(folded, 0, limit):
        # A subject may also open a comma-separated part: "…的全面对接,甲市政府每年都要…".
        label = _LABEL.match(folded, first, stop)  # "1.市发改委牵头…": the number is no name
        first = label.end() if label else first
        starts = [first] + [m.end() for m in _COMMA.finditer(folded, first, stop)]
        ends = [*starts[1:], stop]
        parts: list[tuple[int, int, tuple[UnitRef, ...]]] = []
        for begin, part_end in zip(starts, ends, strict=True):
            match = _SUBJECT.match(folded, begin, stop) if _SUBJECT_HINT.match(
                folded, begin, stop) else None
            units = _subject_units(text, folded, match) if match else None
            if units:
                parts.append((begin, _trimmed_end(folded, part_end), units))
        # One subject states the whole clause; several ("甲委牵头,乙局配合") each their part.
        for begin, end, units in parts:
            found.append(Clause(begin, stop if len(parts) == 1 else end, units, "subject"))
    return found


def _trimmed_end(folded: str, end: int) -> int:
    """``len(folded[:end].rstrip(", "))`` without copying the text before ``end``.

    >>> _trimmed_end("甲局, 乙局,, ", 9), _trimmed_end("甲局, 乙局,, ", 3), _trimmed_end(", ", 2)
    (6, 2, 0)
    """
    while end > 0 and folded[end - 1] in ", ":
        end -= 1
    return end
