"""Places: administrative units (省/市/县/区/街道/乡/镇) and named platforms (园区, 飞地).

Without a gazetteer a place is accepted only when it reads as a proper name: two or
three characters before the suffix, starting at a boundary (punctuation, a function
word such as 于/在/的, or the end of another place name), and none of the characters
that make generic phrases (各县, 经济强县, 发达地区, 所在县).  Abbreviations
(鹿城—泰顺, 鹿—泰) resolve only against ``known_places`` passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from extract.headings import path_at
from extract.model import Place, Provenance, Section

_KIND = {"省": "province", "自治区": "province", "市": "city", "县": "county", "区": "district",
         "旗": "county", "街道": "street", "乡": "township", "镇": "township"}
_ADMIN = re.compile(r"(?=([\u4e00-\u9fff]{2,3}?)(自治区|街道|省|市|县|区|乡|镇))")
_FUNCTION = set("于在的与和及至到从向由为将把对")
_NOT_IN_NAME = set("各全本该所我其每级个强弱发达对援受关有内外结地等几些此这门部新区市县省乡镇村点中园")
# Verbs and prepositions that often stand right before 省/市/区 ("根据省…", "组织市本级").
_LEADING_WORDS = (
    "按照", "根据", "组织", "鼓励", "提高", "双方", "并报", "推动", "促进", "加强", "支持", "开展",
    "建立", "通过", "结合", "围绕", "依托", "指导", "报送", "上报", "报请", "会同", "协调", "全面",
    "实现", "完善", "推进", "积极", "引导", "带动", "确保", "深入", "经济", "加快", "发展", "服务",
    "帮助", "同时", "以及", "覆盖", "面向", "立足", "落实", "制定", "编制", "提升", "扩大", "召开",
)
_PLATFORM = re.compile(
    r"“([^”\n]{1,8})”([\u4e00-\u9fff]{0,10}?(?:产业园|工业园|园区|开发区|示范区|平台))"
)


def find_places(
    text: str, key: str, sections: Sequence[Section], *, known_places: Iterable[str] = (),
    end: int | None = None, masked: str | None = None,
) -> tuple[Place, ...]:
    """Find places named in the body, each once (first mention).

    Parameters
    ----------
    text
        Document text (quotes are cut from it).
    key
        Document key.
    sections
        Sections, for paths.
    known_places
        Full names (鹿城区, 泰顺县) whose short forms (鹿城, 泰顺, 鹿—泰) are resolved.
    end
        End of the body.
    masked
        ``text`` with furniture blanked, matched instead of ``text`` when given.

    Returns
    -------
    tuple of Place
    """
    limit = len(text) if end is None else end
    body = (text if masked is None else masked)[:limit]
    candidates: list[tuple[int, int, str, str]] = []

    def add(name: str, kind: str, start: int, stop: int) -> None:
        candidates.append((start, stop, name, kind))

    for match in _ADMIN.finditer(body):
        start = match.start()
        prefix, suffix = match.group(1), match.group(2)
        stop = start + len(prefix) + len(suffix)
        if _proper(body, start, prefix):
            add(prefix + suffix, _KIND[suffix], start, stop)
    for match in _PLATFORM.finditer(body):
        kind = "enclave" if match.group(1) == "飞地" else "park"
        add(match.group(0), kind, match.start(), match.end())
    for name, kind, start, stop in _known(body, known_places):
        add(name, kind, start, stop)
    found: list[Place] = []
    seen: set[tuple[str, str]] = set()
    for start, stop, name, kind in sorted(candidates):
        if (name, kind) not in seen:
            seen.add((name, kind))
            found.append(Place(name, kind, Provenance(key, path_at(sections, start), start, stop,
                                                      text[start:stop])))
    return tuple(found)


def _proper(body: str, start: int, prefix: str) -> bool:
    if any(c in _NOT_IN_NAME for c in prefix) or prefix.startswith(_LEADING_WORDS):
        return False
    if start == 0:
        return True
    before = body[start - 1]
    if not "\u4e00" <= before <= "\u9fff" or before in _FUNCTION:
        return True
    # Right after another place name: 鹿城区七都街道.
    return before in "省市县区镇乡" and start >= 3


def _known(body: str, known_places: Iterable[str]) -> list[tuple[str, str, int, int]]:
    """Mentions of known places by full name, short form or one-character abbreviation."""
    names = [n for n in dict.fromkeys(known_places) if len(n) >= 2]
    shorts: dict[str, tuple[str, str]] = {}
    for name in names:
        suffix = next((s for s in sorted(_KIND, key=len, reverse=True) if name.endswith(s)), "")
        short = name[: len(name) - len(suffix)] if len(name) - len(suffix) >= 2 else name
        shorts[short] = (name, _KIND.get(suffix, "place"))
    hits: list[tuple[str, str, int, int]] = []
    for short, (name, kind) in shorts.items():
        for match in re.finditer(re.escape(short), body):
            hits.append((name, kind, match.start(), match.end()))
    # 鹿—泰: one character each side of a dash, each the start of exactly one known place.
    for match in re.finditer(r"([\u4e00-\u9fff])[—–-]([\u4e00-\u9fff])", body):
        owners = [[v for s, v in shorts.items() if s.startswith(match.group(g))] for g in (1, 2)]
        if all(len(o) == 1 for o in owners):
            for group, owner in zip((1, 2), owners, strict=True):
                hits.append((owner[0][0], owner[0][1], match.start(group), match.end(group)))
    return hits
