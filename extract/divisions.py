"""The division tree (GB/T 2260): province → city → county, from ``data/divisions.tsv``.

Pure look-ups over the bundled table (read once at import): a division by code, its
parent and ancestors, its full name (浙江省温州市泰顺县), and the divisions a name or
a name's stem (平潭 for 平潭县) can mean.  The table's placeholders (市辖区,
省直辖县级行政区划) are skipped: 济源市's parent is 河南省, 东城区's is 北京市.

>>> wz = by_code("330300000000")
>>> wz.name, wz.level, wz.parent
('温州市', 'city', '330000000000')
>>> full_name(by_code("330329000000"))
'浙江省温州市泰顺县'
>>> sorted(d.code for d in named("鼓楼区"))[:2]
['320106000000', '320302000000']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from extract.wordlists import table, words

# Names in the table that are not governments but groupings of the ones below them.
_PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
# Suffixes dropped to get a division's stem (平潭县 → 平潭), longest first.
_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
             "自治旗", "地区", "林区", "特区", "新区", "省", "市", "县", "区", "州", "盟", "旗")
# An autonomous division is also written as its place name and the plain level word
# (黔西南布依族苗族自治州 → 黔西南州), once its ethnic groups are dropped.
_AUTONOMOUS = {"自治州": "州", "自治县": "县", "自治旗": "旗"}
_GROUPS = tuple(sorted(words("ethnic_groups.txt"), key=len, reverse=True))


@dataclass(frozen=True)
class Division:
    """One administrative division: 12-digit GB/T 2260 code, name, level, parent code."""

    code: str
    name: str
    level: str  # province / city / county
    parent: str | None


def _level(code: str) -> str:
    if code[2:] == "0" * 10:
        return "province"
    if code[4:] == "0" * 8:
        return "city"
    return "county"


@cache
def _table() -> dict[str, Division]:
    raw = {code: name for code, name in table("divisions.tsv").items() if name}
    placeholder = {code for code, name in raw.items() if name in _PLACEHOLDERS}
    result: dict[str, Division] = {}
    for code, name in raw.items():
        if code in placeholder:
            continue
        level = _level(code)
        parent: str | None = None
        if level == "county":
            city = code[:4] + "0" * 8
            parent = city if city in raw and city not in placeholder else code[:2] + "0" * 10
        elif level == "city":
            parent = code[:2] + "0" * 10
        # 北京市's districts sit under a placeholder city: they are county-level children
        # of the province-level municipality.
        result[code] = Division(code, name, level, parent if parent in raw else None)
    return result


@cache
def _by_name() -> dict[str, tuple[Division, ...]]:
    index: dict[str, list[Division]] = {}
    for division in _table().values():
        index.setdefault(division.name, []).append(division)
        stem = stem_of(division.name)
        if stem != division.name and len(stem) >= 2:
            index.setdefault(stem, []).append(division)
        for suffix, short in _AUTONOMOUS.items():
            if division.name.endswith(suffix) and len(stem) >= 2:
                index.setdefault(stem + short, []).append(division)
    return {name: tuple(found) for name, found in index.items()}


@lru_cache(maxsize=8192)  # asked of every word a division name may start
def stem_of(name: str) -> str:
    """A division name without its suffix.

    >>> stem_of("平潭县"), stem_of("广西壮族自治区"), stem_of("济源市")
    ('平潭', '广西', '济源')

    An autonomous division's stem is its place name, without its ethnic groups:

    >>> stem_of("黔西南布依族苗族自治州"), stem_of("龙胜各族自治县"), stem_of("鄂温克族自治旗")
    ('黔西南', '龙胜', '鄂温克')
    """
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            return _without_groups(stem) if suffix in _AUTONOMOUS else stem
    return name


def _without_groups(stem: str) -> str:
    """The place name before an autonomous division's ethnic groups (景宁畲族 → 景宁)."""
    dropped = True
    while dropped:
        dropped = False
        for group in _GROUPS:
            if stem.endswith(group) and len(stem) - len(group) >= 2:
                stem, dropped = stem[: -len(group)], True
                break
    # A name that is one group only (鄂温克族自治旗): the group without 族.
    return stem[:-1] if stem.endswith("族") and len(stem) > 2 else stem


@cache
def name_starts() -> frozenset[str]:
    """The first two characters of every name :func:`named` knows: a word starting with
    any other two can be no division's name.

    >>> "温州" in name_starts(), "发展" in name_starts()
    (True, False)
    """
    return frozenset(name[:2] for name in _by_name() if len(name) >= 2)


def by_code(code: str) -> Division:
    """The division with this 12-digit code (``KeyError`` when unknown)."""
    return _table()[code]


def named(name: str) -> tuple[Division, ...]:
    """Every division called ``name``, whose stem is ``name``, or, for an autonomous one,
    whose short name is ``name`` (鼓楼区 is four).

    >>> [d.name for d in named("黔西南州")], [d.name for d in named("景宁县")]
    (['黔西南布依族苗族自治州'], ['景宁畲族自治县'])
    """
    return _by_name().get(name, ())


@lru_cache(maxsize=4096)  # asked for every unit and place of every document stored
def ancestors(division: Division) -> tuple[Division, ...]:
    """The divisions above ``division``, the province first.

    >>> [d.name for d in ancestors(by_code("330329000000"))]
    ['浙江省', '温州市']
    """
    chain: list[Division] = []
    code = division.parent
    while code is not None:
        parent = _table()[code]
        chain.append(parent)
        code = parent.parent
    return tuple(reversed(chain))


def full_name(division: Division) -> str:
    """The name with its ancestors' (浙江省温州市泰顺县), unique across the country."""
    return "".join(d.name for d in (*ancestors(division), division))


def is_within(division: Division, ancestor: Division) -> bool:
    """True when ``division`` is ``ancestor`` or lies inside it.

    >>> is_within(by_code("330329000000"), by_code("330000000000"))
    True
    """
    return division == ancestor or ancestor in ancestors(division)


def closest(candidates: tuple[Division, ...], near: Division | None) -> Division | None:
    """The candidate nearest ``near`` in the tree: the one sharing its deepest ancestor;
    with no ``near``, the only candidate or ``None`` when the name is ambiguous.

    >>> near = by_code("350100000000")  # 福州市
    >>> closest(named("鼓楼区"), near).code
    '350102000000'
    >>> closest(named("鼓楼区"), None) is None
    True
    """
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    if near is None:
        return None
    near_chain = (*ancestors(near), near)

    def shared(candidate: Division) -> int:
        chain = (*ancestors(candidate), candidate)
        return sum(1 for a, b in zip(chain, near_chain, strict=False) if a == b)

    best = max(shared(c) for c in candidates)
    winners = [c for c in candidates if shared(c) == best]
    return winners[0] if best > 0 and len(winners) == 1 else None
