"""Whose government a document is, and in whose jurisdiction a unit it names sits.

Pure functions over the header and the text.  A document belongs to the government that
issued it: the issuer (湖州市人民政府办公室 → 湖州市), else the title (福田区关于… →
福田区), else its number's abbreviation (浙委发 → 浙江省, ``data/number_prefixes.tsv``),
else the divisions its text mentions, at the level its units are written at (省X厅 →
a province).  A unit's name then resolves relative to that government: 市X局 in a
温州市 document is 温州市's, 省X厅 the province's, 区X委 in a 嘉定区 document 嘉定区's;
a name that starts with a division (泰顺县人民政府, 温州市财政局) is that division's.

>>> hz = issuer_division(issuer="湖州市人民政府办公室", title=None, number=None, text="")
>>> hz.name
'湖州市'
>>> unit_division("省发改委", hz).name, unit_division("市发改委", hz).name
('浙江省', '湖州市')
>>> unit_division("安吉县人民政府", hz).name
'安吉县'
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from extract.division_names import city_scope, leading_divisions, organ_follows
from extract.divisions import (
    Division,
    ancestors,
    by_code,
    closest,
    is_within,
    name_starts,
    named,
    stem_of,
)
from extract.wordlists import table, words

_PREFIXES = table("number_prefixes.tsv")
# A name at the start of an issuer or title: the longest run of CJK characters that is a
# division name or stem (深圳市福田区 → 深圳市, then 福田区).
_CJK = re.compile(r"[\u4e00-\u9fff]+")
# Relative prefixes: 省X厅, 市X局, 县X局, 区X委, 州X局 (盟, 旗 likewise).
_RELATIVE = {"省": "province", "市": "city", "州": "city", "盟": "city",
             "县": "county", "区": "county", "旗": "county"}
# 市场监管局 and 区域… begin with the character but are not relative names.
_NOT_RELATIVE = ("市场", "区域", "市民", "县域", "省内", "市内", "区内", "县内")
# A relatively written bureau in running text (省X厅, 市X局, 县X委, 区X办).
_WRITTEN = re.compile(r"(?<![\u4e00-\u9fff])([省市县区])[\u4e00-\u9fff]{1,10}?[厅局委办]")
# A title's year (2023年西湖区…) splits its first CJK run after 年.
_YEAR_REST = re.compile(r"^年度?")
# The party's name before its committees (中共X市委, 中国共产党X县委员会).
_PARTY = tuple(sorted(words("party_prefixes.txt"), key=len, reverse=True))


def issuer_division(*, issuer: str | None, title: str | None, number: str | None,
                    text: str) -> Division | None:
    """The division whose government issued the document, or ``None`` when nothing says.

    Parameters
    ----------
    issuer, title, number
        The header's fields (any may be ``None``).
    text
        The document text: divisions it mentions disambiguate a name (鼓楼区) and, as
        the last resort, place the document.

    Examples
    --------
    >>> issuer_division(issuer=None, title=None, number="浙委发〔2018〕3号", text="").name
    '浙江省'
    >>> issuer_division(issuer=None, title="西湖区关于促进夜间经济的若干措施", number=None,
    ...                 text="杭州市西湖区").name
    '西湖区'
    >>> issuer_division(issuer=None, title=None, number=None,
    ...                 text="省发改委、省财政厅牵头,在衢州、丽水等地建设基地").name
    '浙江省'
    >>> issuer_division(issuer="中共黔西南州委 黔西南州人民政府", title=None, number=None,
    ...                 text="").name
    '黔西南布依族苗族自治州'
    >>> issuer_division(issuer="省委办公厅 省政府办公厅", title=None, number=None,
    ...                 text="各市要会同嘉兴、湖州两地做好衔接").name
    '浙江省'
    >>> issuer_division(issuer="公安部", title=None, number=None, text="") is None
    True
    >>> issuer_division(issuer=None, title="2024年拱墅区夜间经济工作要点", number=None,
    ...                 text="").name
    '拱墅区'
    """
    pieces = [_without_party(_YEAR_REST.sub("", piece))
              for field in (issuer, title) for piece in _CJK.findall(field or "")]
    # Scanning the text for the divisions it mentions is most of the cost: only a name
    # that means several divisions (鼓楼区) or a header that names none needs it.
    for chain in map(lambda piece: _issuer_chain(piece, None), pieces):
        if chain:
            return chain[-1]
    mentioned = _mentions(text)
    hint = _hint(mentioned)
    for piece in pieces if hint is not None else ():
        chain = _issuer_chain(piece, hint)
        if chain:
            return chain[-1]
    if number:
        head = number.strip()[:2]
        for abbreviation in (head[:2], head[:1]):
            if abbreviation in _PREFIXES:
                return by_code(_PREFIXES[abbreviation])
    return _from_text(text, mentioned, _relative_level(issuer))


def _without_party(piece: str) -> str:
    """An organ's name without the party's name before it (中共X市委 → X市委)."""
    for prefix in _PARTY:
        if piece.startswith(prefix) and len(piece) > len(prefix):
            return piece[len(prefix):]
    return piece


def _issuer_chain(piece: str, hint: Division | None) -> list[Division]:
    """The divisions opening an issuer's name; a county's bare stem directly before an
    organ word (公安厅, 公安部: 公安县's stem) is a bureau's name, not a place."""
    chain = leading_divisions(piece, hint)
    if chain and chain[0].level == "county" and not piece.startswith(chain[0].name):
        stem = stem_of(chain[0].name)
        if piece.startswith(stem) and organ_follows(piece, len(stem)):
            return []
    return chain


def _relative_level(issuer: str | None) -> str | None:
    """The level an issuer written relatively names (省委 省政府 → province)."""
    for piece in _CJK.findall(issuer or ""):
        piece = _without_party(piece)
        if piece[:1] in _RELATIVE and not piece.startswith(_NOT_RELATIVE):
            return _RELATIVE[piece[:1]]
    return None


def _mentions(text: str) -> Counter[Division]:
    """Divisions named in the text, by full name, or by stem for cities and provinces."""
    counts: Counter[Division] = Counter()
    starts = name_starts()
    for piece in _CJK.findall(text[:20000]):
        for start in range(len(piece)):
            if piece[start : start + 2] not in starts:
                continue  # no name starts here: most positions, skipped before any look-up
            for end in range(min(len(piece), start + 10), start + 1, -1):
                word = piece[start:end]
                candidates = named(word)
                if not candidates:  # most words; stem_of is the costly part
                    continue
                if word == stem_of(word):  # a bare stem: only prefectures and provinces
                    candidates = tuple(c for c in candidates if c.level != "county")
                if len(candidates) == 1:
                    counts[candidates[0]] += 1
                    break
    return counts


def _hint(mentioned: Counter[Division]) -> Division | None:
    """The most mentioned province or city: context for an ambiguous name."""
    upper = [d for d, _ in mentioned.most_common() if d.level in ("province", "city")]
    return upper[0] if upper else None


def _from_text(text: str, mentioned: Counter[Division],
               level: str | None = None) -> Division | None:
    level = level or _written_level(text)
    if level is None or not mentioned:
        return None
    # The province (or city) most of the mentioned divisions lie in.
    votes: Counter[Division] = Counter()
    for division, count in mentioned.items():
        for candidate in (*ancestors(division), division):
            if candidate.level == level:
                votes[candidate] += count
    if not votes:
        return None
    best, count = votes.most_common(1)[0]
    return best if count * 2 > sum(mentioned.values()) else None


def _written_level(text: str) -> str | None:
    """The level the document's units are written at: 省X厅 most often → province."""
    counts = Counter(_RELATIVE[m.group(1)] for m in _WRITTEN.finditer(text[:50000])
                     if not text.startswith(_NOT_RELATIVE, m.start()))
    return counts.most_common(1)[0][0] if counts else None


@lru_cache(maxsize=16384)  # the same names recur in every document of a government
def unit_division(name: str, issuer: Division | None) -> Division | None:
    """The division a unit named ``name`` in a document of ``issuer`` belongs to.

    A leading division name wins (泰顺县人民政府); a relative prefix resolves from the
    issuer (省 → its province, 市 → itself or the city above it, 县/区 → itself); any
    other name (经合办, 各县(市、区), a township collective) is the issuer's.  A local office
    of an agency run from above (a central bank branch, a grid company, a regulator's
    office) is named after its place: that place, when it lies within the issuer, is the
    unit's (a branch named for 鹿城 in a 温州市 document is 鹿城区's), so one office is
    one unit whichever government's document names it.

    Examples
    --------
    >>> xh = by_code("330106000000")  # 杭州市西湖区
    >>> unit_division("区发展改革局", xh).name, unit_division("市发改委", xh).name
    ('西湖区', '杭州市')
    >>> unit_division("人行杭州中心支行", xh).name
    '杭州市'
    >>> unit_division("浙江银保监局西湖监管组", xh).name
    '西湖区'
    >>> unit_division("市税务局西湖分局", xh).name
    '西湖区'
    >>> fuqing = by_code("350181000000")
    >>> unit_division("市发改局", fuqing).name  # a county-level city's own bureau
    '福清市'
    >>> unit_division("市场监管局", fuqing).name
    '福清市'
    >>> unit_division("公安局", by_code("421000000000")).name  # 荆州市, not its 公安县
    '荆州市'
    """
    base, explicit = _named_or_relative(name, issuer)
    if issuer is None or base is None:
        return base
    inner = _inner_division(name, issuer)
    if inner is None or (explicit and not is_within(inner, base)):
        return base
    return inner


def _named_or_relative(name: str, issuer: Division | None) -> tuple[Division | None, bool]:
    """The division a name's start gives, and whether the name says it (else: the issuer)."""
    chain = leading_divisions(name, issuer, stems_near=issuer is not None)
    if chain:
        return chain[-1], True
    if issuer is None:
        return None, False
    head = name[:1]
    if head not in _RELATIVE or name.startswith(_NOT_RELATIVE):
        return issuer, False
    return _relative(head, issuer), True


def _relative(head: str, issuer: Division) -> Division:
    wanted = _RELATIVE[head]
    lineage = (*ancestors(issuer), issuer)
    if wanted == "county" or (wanted == "city" and issuer.level == "county"
                              and issuer.name.endswith("市")):
        return issuer
    for division in reversed(lineage):
        if division.level == wanted:
            return division
    # 市X局 in a province-level municipality's document (北京市): the municipality itself.
    return issuer


def _inner_division(name: str, issuer: Division) -> Division | None:
    """The deepest division near ``issuer`` (within its city, or its province for a
    province's document) named after the start of ``name`` (人行X中心支行, 国网X供电公司,
    X监管组, 市X局Y分局); a place outside it (a township that shares a far county's name)
    is not one, nor a county's stem that begins a bureau's name (市公安局)."""
    scope = city_scope(issuer)
    found: Division | None = None
    for start in range(1, len(name) - 1):
        for end in range(min(len(name), start + 12), start + 1, -1):
            word = name[start:end]
            candidates = [c for c in named(word) if is_within(c, scope)]
            if not candidates:
                continue
            if word == stem_of(word) and organ_follows(name, end) \
                    and not organ_follows(name, start - 1):
                candidates = [c for c in candidates if c.level != "county"]
            if len(candidates) == 1 and (found is None or is_within(candidates[0], found)):
                found = candidates[0]
                break
    return found


@lru_cache(maxsize=16384)
def place_division(name: str, near: Division | None) -> Division | None:
    """The division a place named in a document of ``near`` is: by its full name, else by
    its stem; the one nearest ``near`` when several share it (鼓楼区); ``None`` for a
    name that is no division (a township, a park) or stays ambiguous.

    >>> place_division("鹿城区", by_code("330300000000")).code
    '330302000000'
    >>> place_division("鼓楼区", None) is None
    True
    """
    exact = tuple(d for d in named(name) if d.name == name)
    return closest(exact or named(name), near)
