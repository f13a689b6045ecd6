"""Responsible-unit names: splitting lists, canonical names, aliases and levels.

Canonicalisation is generic: a bracketed short form is an alias
(``市商务局〈口岸办〉`` → ``市招商局`` alias ``经合办``); a bracketed list of places is a
qualifier of a collective unit (``结对县〈区〉党委、政府`` →
``结对县(区)党委、政府``).  The vocabulary (institutional endings, collective
subjects, known names without an ending, words of verb phrases) is data in
``extract/data/``.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from extract.fold import fold
from extract.model import Level, Role, UnitRef

_OPEN = "〈(（《【[「〔"
_CLOSE = "〉)）》】]」〕"
_DATA = Path(__file__).with_name("data")
_SEPARATORS = "、,，;；。"
# Organs that follow a place collectively: "县党委、政府" is one unit, not two.
_BARE_ORGANS = {"政府", "人民政府", "党委", "人大", "政协", "管委会"}
_BRACKETED = re.compile(r"[〈(（〔]([^〈〉()（）〔〕]*)[〉)）〕]")
_TRAILING_ETC = re.compile(r"\s*等(?:有关|相关)?(?:单位|部门)?\s*$")
_NOTE = re.compile(r"^(?:含|包括|不含)|下同")
_PLACE_QUALIFIER = re.compile(r"^[市县区旗乡镇街道州特、,，]+$")
# 各有关部门, 相关单位, 各级政府: references to no unit in particular.
_GENERIC = re.compile(r"有关|相关|其他|其它|^各级|^本|(部门|单位|方面)$")
_DIGIT = re.compile(r"\d")
_FIELD_LIST = re.compile(r"^(?:省|市|县|区|各)级.*、")
_SPACES = re.compile(r"\s+")
_LEVEL_WORD = re.compile(r"^[\u4e00-\u9fff]{1,6}?(省|自治区|市|县|区|旗|乡|镇|街道)")


@cache
def _words(name: str) -> tuple[str, ...]:
    """The non-comment lines of ``extract/data/<name>.txt``, longest first."""
    lines = (_DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    words = {line.split("#", 1)[0].strip() for line in lines}
    return tuple(sorted((w for w in words if w), key=len, reverse=True))


@cache
def _ending(name: str) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(map(re.escape, _words(name))) + ")$")


def subject_endings() -> tuple[str, ...]:
    """Endings that make a sentence subject a unit (data: ``subject_endings.txt``)."""
    return _words("subject_endings")


def split_unit_list(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Split a list of units on 、,，;； outside brackets.

    Parameters
    ----------
    text
        The list, e.g. ``市商务局〈口岸办〉,结对县〈区〉党委、政府``.
    offset
        Added to every span (the list's offset in the document).

    Returns
    -------
    list of (int, int)
        Spans of the items, whitespace trimmed; bare organs (政府, 党委 …) are joined
        to the item before them.

    Examples
    --------
    >>> t = "市商务局〈口岸办〉,结对县〈区〉党委、政府"
    >>> [t[s:e] for s, e in split_unit_list(t)]
    ['市商务局〈口岸办〉', '结对县〈区〉党委、政府']
    """
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    paired = _paired_brackets(text)
    for index, char in enumerate(text + "、"):
        if index in paired and char in _OPEN:
            depth += 1
        elif index in paired and char in _CLOSE:
            depth = max(0, depth - 1)
        elif char in _SEPARATORS and (depth == 0 or index == len(text)):
            spans.extend(_trimmed(text, start, index))
            start = index + 1
    merged: list[tuple[int, int]] = []
    for begin, end in spans:
        if merged and text[begin:end] in _BARE_ORGANS:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((begin, end))
    return [(offset + b, offset + e) for b, e in merged]


def _paired_brackets(text: str) -> set[int]:
    """Positions of brackets that have a partner; a stray "(" separates nothing.

    >>> sorted(_paired_brackets("(甲,乙(丙)"))
    [4, 6]
    """
    paired: set[int] = set()
    stack: list[int] = []
    for index, char in enumerate(text):
        if char in _OPEN:
            stack.append(index)
        elif char in _CLOSE and stack:
            paired.update((stack.pop(), index))
    return paired


def _trimmed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    piece = text[start:end]
    stripped = piece.strip(" \t\n\u3000")
    if not stripped:
        return []
    begin = start + piece.index(stripped)
    return [(begin, begin + len(stripped))]


@lru_cache(maxsize=8192)  # asked of the same names again and again by every pass
def looks_like_unit(name: str) -> bool:
    """Whether ``name`` reads as a unit (ends in 局/委/厅/办/政府/党委 …).

    >>> looks_like_unit("市商务局〈口岸办〉"), looks_like_unit("省级教育")
    (True, False)
    """
    bare = _BRACKETED.sub("", fold(name)).strip()
    # A figure is never part of a unit's name ("组织不少于50家餐厅" ends in 厅, reads as work).
    if not 2 <= len(bare) <= 30 or "。" in bare or is_verb_phrase(bare) or _DIGIT.search(bare):
        return False
    return (bool(_ending("unit_suffixes").search(bare)) or is_collective(bare)
            or bare.endswith(_words("unit_lexicon")))


@lru_cache(maxsize=8192)
def is_verb_phrase(name: str) -> bool:
    """Whether ``name`` reads as a verb phrase or a reference, not a unit.

    >>> is_verb_phrase("加强全社会"), is_verb_phrase("市住房城乡建设管理委")
    (True, False)
    """
    bare = fold(name).strip().lstrip("(")
    return bare.startswith(_words("not_units"))  # a tuple: every word at once


def is_collective(name: str) -> bool:
    """Whether ``name`` is a collective subject: 各 + a kind of unit.

    >>> is_collective("各市(州)人民政府"), is_collective("各街镇"), is_collective("各项")
    (True, True, False)
    """
    bare = _BRACKETED.sub("", fold(name)).strip()
    return (bare.startswith("各") and len(bare) >= 2
            and bool(_ending("collective_units").search(bare)))


def is_generic(name: str) -> bool:
    """Whether ``name`` is a generic reference (有关单位, 相关部门) rather than a unit.

    Collective subjects (各有关单位, 各区政府) are units, not generic references.

    >>> is_generic("有关部门"), is_generic("各有关单位")
    (True, False)
    """
    return bool(_GENERIC.search(name)) and not is_collective(name)


def make_unit(raw: str, role: Role) -> UnitRef:
    """Resolve a unit as written to its canonical name, aliases, level and collectivity.

    Parameters
    ----------
    raw
        The unit as written, e.g. ``市商务局〈口岸办〉``.
    role
        ``"lead"`` or ``"co"``.

    Returns
    -------
    UnitRef

    Examples
    --------
    >>> u = make_unit("市商务局〈口岸办〉", "lead")
    >>> u.name, u.aliases, u.level
    ('市商务局', ('口岸办',), 'city')
    >>> c = make_unit("结对县〈区〉党委、政府", "co")
    >>> c.name, c.collective, c.level
    ('结对县(区)党委、政府', True, 'county')
    """
    aliases: list[str] = []
    collective = False

    def bracket(found: re.Match[str]) -> str:
        nonlocal collective
        inner = found.group(1).strip()
        if _NOTE.search(inner):
            return ""  # "(含开发区管委会,下同)" is a note on the name, not part of it
        # Brackets inside a collective name (各乡(镇)人民政府(街道办)) are part of it.
        if _PLACE_QUALIFIER.match(inner) or raw.lstrip().startswith("各"):
            collective = True
            # 〈〉 read as (); 〔〕 and () stay as written.
            return f"({inner})" if found.group(0)[0] in "〈(（" else found.group(0)
        if inner:
            aliases.append(inner)
        return ""

    # "省级教育、科技等部门" names its fields: 等部门 is part of that name.
    field_list = bool(_FIELD_LIST.match(raw.strip()))
    name = _BRACKETED.sub(bracket, raw.strip() if field_list else _TRAILING_ETC.sub("", raw.strip()))
    name = _strip_unbalanced(_SPACES.sub("", name))
    if name.endswith("等") and len(name) > 3:
        name = name[:-1]
    if "、" in name or name.startswith(("各", "结对")):
        collective = True
    return UnitRef(name=name, raw=raw, aliases=tuple(aliases), role=role,
                   level=unit_level(name), collective=collective)


def _strip_unbalanced(name: str) -> str:
    """Drop an opening bracket left at the start, or a closing one at the end, of a name.

    >>> _strip_unbalanced("(市住房城乡建设管理委"), _strip_unbalanced("各市(州)")
    ('市住房城乡建设管理委', '各市(州)')
    """
    while name and name[0] in _OPEN and sum(name.count(c) for c in _CLOSE) < sum(name.count(c) for c in _OPEN):
        name = name[1:]
    while name and name[-1] in _CLOSE and sum(name.count(c) for c in _CLOSE) > sum(name.count(c) for c in _OPEN):
        name = name[:-1]
    return name


def unit_level(name: str) -> Level:
    """Administrative level from the name's prefix: 省 → province, 市 → city, 县/区 → county.

    >>> unit_level("省发改委"), unit_level("市商务局"), unit_level("结对县(区)党委、政府")
    ('province', 'city', 'county')
    """
    name = name.removeprefix("各").removeprefix("结对")
    if name.startswith("省"):
        return "province"
    if name.startswith("市"):
        return "city"
    if name.startswith(("县", "区")):
        return "county"
    if name.startswith(("乡", "镇", "街道")):
        return "township"
    found = _LEVEL_WORD.match(name)
    if found:
        levels: dict[str, Level] = {"省": "province", "自治区": "province", "市": "city",
                                    "县": "county", "区": "county", "旗": "county"}
        return levels.get(found.group(1), "township")
    return "unknown"
