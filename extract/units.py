"""Responsibility: "(责任单位:…)", "牵头单位:… 配合单位:…", "(X牵头,Y配合)", "由X负责".

A clause's lead is the 牵头单位 list, else the first unit listed; everything else is
``co``.  Sentences whose subject is a list of units ("甲厅、乙委……等有关部门要
出台配套办法") are responsibility statements too: :mod:`extract.subjects`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.fold import fold
from extract.model import Role, UnitRef
from extract.unit_names import (
    is_generic,
    is_verb_phrase,
    looks_like_unit,
    make_unit,
    split_unit_list,
)
from extract.wordlists import alternation, words

_KEY = re.compile(
    r"((?:主要)?责任单位|责任部门|责任主体|牵头单位|牵头部门|配合单位|配合部门|协办单位|参与单位|"
    r"参与部门|主办单位|协助单位|试点单位|实施单位|承办单位)\s*:\s*"
)
# "X牵头,Y配合" / "X牵头,Y按职责分工负责" / "X负责" inside brackets closing an item.
_LEAD_CO = re.compile(
    r"\(\s*(?P<lead>[^()\n:]{2,200}?)\s*(?:等(?:有关|相关)?(?:单位|部门)?)?\s*"
    r"(?P<verb>牵头(?:负责)?|按职责分工负责|按职责负责|分工负责|共同负责|负责)"
    r"(?:\s*[,;]\s*(?P<co>[^()\n:]{2,400}?)\s*(?:等(?:有关|相关)?(?:单位|部门)?)?\s*"
    r"(?:配合|参与|协同|协助|按职责分工负责|按职责负责|分工负责|共同负责|负责))?"
    r"\s*\)"
)
# "(责任单位:甲局,完成时限:长期坚持)": a time or goal label ends the unit list.
_END_LABEL = re.compile(
    rf"[,;]?\s*(?:{alternation(words('time_labels.txt') + words('clause_labels.txt'))})\s*:")
_BATCH = re.compile(r"\s*第\s*[一二三四五六七八九十\d]{1,3}\s*(?:批|阶段|组)\s*:\s*")
_DATED = re.compile(r"\d{4}\s*年|\d{1,2}\s*月|完成$")
_LIST_VERB = re.compile(r"\s*(?:负责落实|负责|落实|牵头)$")
_BEFORE_KEY = re.compile(r"\s*(?:以上(?:各项|任务|措施)?\s*)?")
# "以下均需X落实,不再列出": X is responsible for every item below.
_STANDING = re.compile(r"[,;]?\s*以下(?:各项|各条|措施)?均(?:需|由|须)(?P<units>[^。〕\n]{2,200}?)(?:落实|负责|执行)")
# "由X负责" / "由X牵头" in running text.
_BY = re.compile(r"由\s*(?P<lead>[^,;。由\n]{2,80}?)\s*(?:牵头负责|负责|牵头)")
_STOP = re.compile(r"[。;:!?]")
_SENTENCE_STOP = re.compile(r"[。\n]")


@dataclass(frozen=True)
class Clause:
    """A responsibility statement: its span and the units it names."""

    start: int
    end: int
    units: tuple[UnitRef, ...]
    kind: str  # "clause" or "subject"


def find_clauses(text: str, folded: str, *, end: int | None = None) -> list[Clause]:
    """Find responsibility clauses (责任单位/牵头单位/配合单位) in the body.

    Parameters
    ----------
    text
        Document text (unit names are cut from it).
    folded
        ``fold(text)``.
    end
        End of the body.

    Returns
    -------
    list of Clause
        In document order; parenthesised clauses include their parentheses.
    """
    limit = len(folded) if end is None else end
    clauses: list[Clause] = []
    for begin, stop in _clause_spans(folded, limit):
        keys = list(_KEY.finditer(folded, begin, stop))
        lists: list[tuple[str, int, int]] = []
        for index, key in enumerate(keys):
            list_end = keys[index + 1].start() if index + 1 < len(keys) else stop
            if folded[begin] in "(〔" and index + 1 == len(keys):
                list_end = stop - 1  # the closing parenthesis
            standing = _STANDING.search(folded, key.end(), list_end)
            if standing:
                list_end = standing.start()  # "以下均需X落实" names the units of every item below
            label = _END_LABEL.search(folded, key.end(), list_end)
            if label:
                list_end = label.start()
            lists.append((key.group(1), key.end(), list_end))
        units = _units(text, lists)
        if units:
            clauses.append(Clause(begin, stop, units, "clause"))
    return clauses


def _clause_spans(folded: str, limit: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    position = 0
    while True:
        key = _KEY.search(folded, position, limit)
        if key is None:
            return spans
        opening = max(folded.rfind("(", max(0, key.start() - 6), key.start()),
                      folded.rfind("〔", max(0, key.start() - 6), key.start()))
        # "(以上责任单位:…)" closes a run of items; the bracket still opens the clause.
        if opening >= 0 and _BEFORE_KEY.fullmatch(folded[opening + 1 : key.start()]):
            stop = _matching(folded, opening, limit)
            start = opening
        else:
            start = key.start()
            found = _SENTENCE_STOP.search(folded, key.end(), limit)
            stop = found.start() if found else limit
            # 牵头单位 and 配合单位 on consecutive lines make one clause.
            if spans and not folded[spans[-1][1] : start].strip(" \t\n;。") and folded[spans[-1][0]] != "(":
                start = spans.pop()[0]
        stop = len(folded[:stop].rstrip(" \t;,。")) if stop > start else stop
        if stop <= start:
            stop = key.end()
        spans.append((start, stop))
        position = max(stop, key.end())


def _matching(folded: str, opening: int, limit: int) -> int:
    depth = 0
    for index in range(opening, limit):
        char = folded[index]
        if char in "(〔":
            depth += 1
        elif char in ")〕":
            depth -= 1
            if depth == 0:
                return index + 1
        elif char == "\n":
            return index
    return limit


def _units(text: str, lists: list[tuple[str, int, int]]) -> tuple[UnitRef, ...]:
    has_lead_key = any(key.startswith("牵头") for key, _, _ in lists)
    named: list[tuple[str, str]] = []  # (raw, key)
    for key, begin, stop in lists:
        segment = text[begin:stop]
        # Folded once per list, not once per unit: the document may be long.
        folded = fold(segment)
        for s, e in split_unit_list(segment.rstrip(" ;。,，；\n"), begin):
            # "…;乙县、丙县人民政府负责落实": the verb is not part of the name.
            verb = _LIST_VERB.search(text, s, e)
            e = verb.start() if verb and verb.start() > s else e
            # "第一批:甲局、乙局,2030年底前完成;第二批:…": batch labels and dates are no units.
            label = _BATCH.match(folded, s - begin, e - begin)
            s = begin + label.end() if label else s
            if _DATED.search(folded, s - begin, e - begin):
                continue
            named.append((text[s:e], key))
    # An explicit list names its units as written, generic ones (其他有关部门) included.
    chosen = [(raw, key) for raw, key in named
              if _listed_unit(raw) or (is_generic(raw) and len(raw) <= 30 and not is_verb_phrase(raw))]
    units: list[UnitRef] = []
    for index, (raw, key) in enumerate(chosen):
        role: Role
        if has_lead_key:
            role = "lead" if key.startswith("牵头") else "co"
        else:
            role = "lead" if index == 0 else "co"
        units.append(make_unit(raw, role))
    return tuple(units)


def find_standing_units(text: str, folded: str) -> list[tuple[int, tuple[UnitRef, ...]]]:
    """"以下均需X落实,不再列出": (where it is said, the units X) for every item below it.

    >>> t = "1.降费。(责任单位:区财政局,以下均需各乡人民政府落实,不再列出)"
    >>> [(u.name, u.role) for _, units in find_standing_units(t, t) for u in units]
    [('各乡人民政府', 'co')]
    """
    found: list[tuple[int, tuple[UnitRef, ...]]] = []
    for match in _STANDING.finditer(folded):
        spans = split_unit_list(text[match.start("units") : match.end("units")], match.start("units"))
        units = tuple(make_unit(text[s:e], "co") for s, e in spans if _listed_unit(text[s:e]))
        if units:
            found.append((match.end(), units))
    return found


def _listed_unit(raw: str) -> bool:
    """An item of an explicit responsibility list: a unit, or a short name that is no
    verb phrase (lists name units the vocabulary may not know: 某某铁路港)."""
    bare = raw.strip()
    return looks_like_unit(bare) or (2 <= len(bare) <= 15 and not is_verb_phrase(bare)
                                     and not _STOP.search(bare))


def find_lead_clauses(text: str, folded: str, *, end: int | None = None) -> list[Clause]:
    """"(X牵头,Y配合)", "(X牵头,Y按职责分工负责)", "(X负责)" and "由X负责" statements.

    Parameters
    ----------
    text
        Document text (unit names are cut from it).
    folded
        ``fold(text)``, with everything outside the plan blanked.
    end
        End of the body.

    Returns
    -------
    list of Clause
        The bracketed forms include their brackets; 由X负责 spans its own words.

    Examples
    --------
    >>> t = "建设园区。(县住建局牵头,县财政局、县委督考办配合)"
    >>> [(u.name, u.role) for u in find_lead_clauses(t, t)[0].units]
    [('县住建局', 'lead'), ('县财政局', 'co'), ('县委督考办', 'co')]
    """
    limit = len(folded) if end is None else end
    found: list[Clause] = []
    for match in _LEAD_CO.finditer(folded, 0, limit):
        first = "牵头" if match.group("verb").startswith("牵头") or match.group("co") else "负责"
        lists = [(first, match.start("lead"), match.end("lead"))]
        if match.group("co"):
            lists.append(("配合", match.start("co"), match.end("co")))
        units = _units(text, lists)
        if units and all(looks_like_unit(text[s:e]) or _listed_unit(text[s:e])
                         for _, b, f in lists for s, e in split_unit_list(text[b:f], b)):
            found.append(Clause(match.start(), match.end(), units, "clause"))
    taken = [(c.start, c.end) for c in found]
    for match in _BY.finditer(folded, 0, limit):
        if any(s <= match.start() < e for s, e in taken):
            continue
        spans = split_unit_list(text[match.start("lead") : match.end("lead")], match.start("lead"))
        raws = [text[s:e] for s, e in spans]
        if raws and all(looks_like_unit(r) and not is_generic(r) for r in raws):
            units = tuple(make_unit(r, "lead" if i == 0 else "co") for i, r in enumerate(raws))
            found.append(Clause(match.start(), match.end(), units, "clause"))
    found.sort(key=lambda c: c.start)
    return found
