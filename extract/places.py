"""Places: administrative divisions named in full, and named platforms (园区, 飞地).

A place is a name from the division table (``data/divisions.tsv``: province, city and
county names with their GB/T 2260 codes, see ``data/README.md``), never any characters
that happen to stand before 市/县/乡/镇 (成立市, 已经县, 培育乡 and 完成城镇 are not places).
A township or street (七都街道) counts only right after a county or city of the table
(鹿城区七都街道).  Short forms (鹿城, 泰顺, 鹿—泰) resolve only against ``known_places``.
The table is read once, at import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from extract.headings import path_at
from extract.model import Place, Provenance, Section
from extract.wordlists import table, words

_KIND = {"省": "province", "自治区": "province", "市": "city", "县": "county", "区": "district",
         "旗": "county", "州": "city", "盟": "city", "地区": "city", "街道": "street", "乡": "township",
         "镇": "township"}
_STOP = set(words("place_stopnames.txt"))
# name → kind, from the division table; by the first two characters, longest first
_DIVISIONS: dict[str, str] = {}
for _code, _name in table("divisions.tsv").items():
    if _name in _STOP or "直辖" in _name or "行政区划" in _name:
        continue
    if _code[2:] == "0" * 10:
        _DIVISIONS[_name] = "province"
    else:
        _DIVISIONS.setdefault(_name, next(
            (k for s, k in sorted(_KIND.items(), key=lambda i: -len(i[0])) if _name.endswith(s)),
            "county"))
_BY_PREFIX: dict[str, list[str]] = {}
for _name in sorted(_DIVISIONS, key=len, reverse=True):
    _BY_PREFIX.setdefault(_name[:2], []).append(_name)
# Where a division name can start: its first two characters (a superset, checked against
# _BY_PREFIX), found by one scan in C instead of a look-up at every position.
_NAME_START = re.compile(
    "[" + "".join(sorted(map(re.escape, {p[0] for p in _BY_PREFIX}))) + "](?=["
    + "".join(sorted(map(re.escape, {p[1] for p in _BY_PREFIX if len(p) > 1}))) + "])")
_FUNCTION = set("于在的与和及至到从向由为将把对是")
# A name glued to the next character that makes it a word: 市场, 区域, 城市 …
_GLUED = {"市": set("场民"), "区": set("域间块位"), "县": set("域级"), "州": set("市")}
_TOWNSHIP = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:街道|镇|乡)")
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

    Examples
    --------
    >>> text = "支持福田区、温州市鹿城区七都街道建设,成立市级专班,已经县政府同意,完成城镇改造。"
    >>> [(p.name, p.kind) for p in find_places(text, "k", ())]
    [('福田区', 'district'), ('温州市', 'city'), ('鹿城区', 'district'), ('七都街道', 'street')]
    """
    limit = len(text) if end is None else end
    body = (text if masked is None else masked)[:limit]
    candidates: list[tuple[int, int, str, str]] = []
    for start, stop, name, kind in _divisions(body):
        candidates.append((start, stop, name, kind))
    for match in _PLATFORM.finditer(body):
        kind = "enclave" if match.group(1) == "飞地" else "park"
        candidates.append((match.start(), match.end(), match.group(0), kind))
    for name, kind, start, stop in _known(body, known_places):
        candidates.append((start, stop, name, kind))
    found: list[Place] = []
    seen: set[tuple[str, str]] = set()
    for start, stop, name, kind in sorted(candidates):
        if (name, kind) not in seen:
            seen.add((name, kind))
            found.append(Place(name, kind, Provenance(key, path_at(sections, start), start, stop,
                                                      text[start:stop])))
    return tuple(found)


def _divisions(body: str) -> list[tuple[int, int, str, str]]:
    """Division names of the table, longest match first, and townships right after one."""
    hits: list[tuple[int, int, str, str]] = []
    cursor, last_end = 0, -1
    for start in _NAME_START.finditer(body):
        position = start.start()
        if position < cursor:
            continue  # inside the name (and township) just read
        names = _BY_PREFIX.get(body[position : position + 2])
        name = names and next((n for n in names if body.startswith(n, position)
                               and _stands(body, position, n, last_end)), None)
        if not name:
            continue
        stop = position + len(name)
        hits.append((position, stop, name, _DIVISIONS[name]))
        township = _TOWNSHIP.match(body, stop)
        if township and _DIVISIONS[name] != "province":
            suffix = "街道" if township.group(0).endswith("街道") else township.group(0)[-1]
            hits.append((stop, township.end(), township.group(0), _KIND[suffix]))
            stop = township.end()
        cursor = last_end = stop
    return hits


def _stands(body: str, start: int, name: str, last_end: int) -> bool:
    """Whether ``name`` at ``start`` is the place, not part of a longer word."""
    after = body[start + len(name) : start + len(name) + 1]
    if after and after in _GLUED.get(name[-1], ()):
        return False
    before = body[start - 1] if start else ""
    # after another place name (安徽省和县) only when that name was read as one
    free = (not before or not "\u4e00" <= before <= "\u9fff" or before in _FUNCTION
            or start == last_end)
    # One-character names (和县, 新县) and …城市 (海城市 in 沿海城市) need a clear start.
    if len(name) == 2 or name.endswith("城市"):
        return free
    return True


def _known(body: str, known_places: Iterable[str]) -> list[tuple[str, str, int, int]]:
    """Mentions of known places by full name, short form or one-character abbreviation."""
    shorts, by_first = _short_forms(tuple(known_places))
    hits: list[tuple[str, str, int, int]] = []
    for short, name, kind in shorts:
        at = body.find(short)
        while at >= 0:  # what re.finditer finds for a literal, without the regex
            hits.append((name, kind, at, at + len(short)))
            at = body.find(short, at + len(short))
    # 鹿—泰: one character each side of a dash, each the start of exactly one known place.
    for match in _DASHED.finditer(body):
        owners = [by_first.get(match.group(g), ()) for g in (1, 2)]
        if all(len(o) == 1 for o in owners):
            for group, owner in zip((1, 2), owners, strict=True):
                hits.append((owner[0][0], owner[0][1], match.start(group), match.end(group)))
    return hits


_DASHED = re.compile(r"([\u4e00-\u9fff])[—–-]([\u4e00-\u9fff])")
_SUFFIXES = sorted(_KIND, key=len, reverse=True)


@lru_cache(maxsize=8)  # one list per configuration: worked out once, not per document
def _short_forms(known_places: tuple[str, ...]) -> tuple[
        tuple[tuple[str, str, str], ...], dict[str, tuple[tuple[str, str], ...]]]:
    """Each known place's short form with its name and kind, and the places whose short
    form starts with each character (鹿 → 鹿城区).

    >>> shorts, by_first = _short_forms(("鹿城区", "泰顺县", "鹿城区"))
    >>> shorts, by_first["鹿"]
    ((('鹿城', '鹿城区', 'district'), ('泰顺', '泰顺县', 'county')), (('鹿城区', 'district'),))
    """
    names = [n for n in dict.fromkeys(known_places) if len(n) >= 2]
    shorts: dict[str, tuple[str, str]] = {}
    for name in names:
        suffix = next((s for s in _SUFFIXES if name.endswith(s)), "")
        short = name[: len(name) - len(suffix)] if len(name) - len(suffix) >= 2 else name
        shorts[short] = (name, _KIND.get(suffix, "place"))
    by_first: dict[str, list[tuple[str, str]]] = {}
    for short, owner in shorts.items():
        by_first.setdefault(short[0], []).append(owner)
    return (tuple((short, name, kind) for short, (name, kind) in shorts.items()),
            {first: tuple(owners) for first, owners in by_first.items()})
