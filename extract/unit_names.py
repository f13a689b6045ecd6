"""Responsible-unit names: splitting lists, canonical names, aliases and levels.

Canonicalisation is generic: a bracketed short form is an alias
(``市招商局〈经合办〉`` → ``市招商局`` alias ``经合办``); a bracketed list of places is a
qualifier of a collective unit (``结对县〈市、区〉党委、政府`` →
``结对县(市、区)党委、政府``).  No table of known names is involved.
"""

from __future__ import annotations

import re

from extract.fold import fold
from extract.model import Level, Role, UnitRef

_OPEN = "〈(（《【[「"
_CLOSE = "〉)）》】]」"
_SEPARATORS = "、,，;；"
# Organs that follow a place collectively: "县党委、政府" is one unit, not two.
_BARE_ORGANS = {"政府", "人民政府", "党委", "人大", "政协", "管委会"}
_UNIT_END = re.compile(
    r"(局|委|厅|办|院|部|会|中心|政府|党委|办公室|委员会|公司|集团|银行|小组|站|所|署|处|队|"
    r"团|社|馆|行|室|司|总局|法院|检察院|协会|商会|联合会|学校|大学|医院)$"
)
_BRACKETED = re.compile(r"[〈(（]([^〈〉()（）]*)[〉)）]")
_PLACE_QUALIFIER = re.compile(r"^[市县区旗乡镇街道、,，]+$")
# 各有关部门, 相关单位, 各级政府: references to no unit in particular.
_GENERIC = re.compile(r"有关|相关|其他|其它|^各级|^本|(部门|单位|方面)$")


def split_unit_list(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Split a list of units on 、,，;； outside brackets.

    Parameters
    ----------
    text
        The list, e.g. ``市招商局〈经合办〉,结对县〈市、区〉党委、政府``.
    offset
        Added to every span (the list's offset in the document).

    Returns
    -------
    list of (int, int)
        Spans of the items, whitespace trimmed; bare organs (政府, 党委 …) are joined
        to the item before them.

    Examples
    --------
    >>> t = "市招商局〈经合办〉,结对县〈市、区〉党委、政府"
    >>> [t[s:e] for s, e in split_unit_list(t)]
    ['市招商局〈经合办〉', '结对县〈市、区〉党委、政府']
    """
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for index, char in enumerate(text + "、"):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
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


def _trimmed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    piece = text[start:end]
    stripped = piece.strip(" \t\n\u3000")
    if not stripped:
        return []
    begin = start + piece.index(stripped)
    return [(begin, begin + len(stripped))]


def looks_like_unit(name: str) -> bool:
    """Whether ``name`` reads as a unit (ends in 局/委/厅/办/政府/党委 …).

    >>> looks_like_unit("市招商局〈经合办〉"), looks_like_unit("省级教育")
    (True, False)
    """
    bare = _BRACKETED.sub("", fold(name)).strip()
    return 2 <= len(bare) <= 30 and bool(_UNIT_END.search(bare)) and "。" not in bare


def is_generic(name: str) -> bool:
    """Whether ``name`` is a generic reference (各有关部门, 有关单位) rather than a unit."""
    return bool(_GENERIC.search(name))


def make_unit(raw: str, role: Role) -> UnitRef:
    """Resolve a unit as written to its canonical name, aliases, level and collectivity.

    Parameters
    ----------
    raw
        The unit as written, e.g. ``市招商局〈经合办〉``.
    role
        ``"lead"`` or ``"co"``.

    Returns
    -------
    UnitRef

    Examples
    --------
    >>> u = make_unit("市招商局〈经合办〉", "lead")
    >>> u.name, u.aliases, u.level
    ('市招商局', ('经合办',), 'city')
    >>> c = make_unit("结对县〈市、区〉党委、政府", "co")
    >>> c.name, c.collective, c.level
    ('结对县(市、区)党委、政府', True, 'county')
    """
    aliases: list[str] = []
    collective = False

    def bracket(found: re.Match[str]) -> str:
        nonlocal collective
        inner = found.group(1).strip()
        if _PLACE_QUALIFIER.match(inner):
            collective = True
            return f"({inner})"
        if inner:
            aliases.append(inner)
        return ""

    name = _BRACKETED.sub(bracket, raw.strip())
    name = re.sub(r"\s+", "", name)
    if "、" in name or name.startswith(("各", "结对")):
        collective = True
    return UnitRef(name=name, raw=raw, aliases=tuple(aliases), role=role,
                   level=unit_level(name), collective=collective)


def unit_level(name: str) -> Level:
    """Administrative level from the name's prefix: 省 → province, 市 → city, 县/区 → county.

    >>> unit_level("省发改委"), unit_level("市招商局"), unit_level("结对县(市、区)党委、政府")
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
    found = re.match(r"^[\u4e00-\u9fff]{1,6}?(省|自治区|市|县|区|旗|乡|镇|街道)", name)
    if found:
        levels: dict[str, Level] = {"省": "province", "自治区": "province", "市": "city",
                                    "县": "county", "区": "county", "旗": "county"}
        return levels.get(found.group(1), "township")
    return "unknown"
