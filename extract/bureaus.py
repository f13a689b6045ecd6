"""One bureau, many names: the standard name of a bureau from any of its spellings.

A name is its government part (a relative prefix 省/市/县/区, a division's name such as
温州市, or a zone word such as 示范区) and the bureau proper; the bureau proper is a core
and a kind (发改 + 委), looked up in ``data/bureau_names.tsv`` (cores) and
``data/bureau_kinds.tsv`` (kinds).  Brackets fold first (:func:`fold_brackets`), so
共建县〈市〉 and 共建县（市） are one spelling.

>>> standard_name("市发改委"), standard_name("市发展改革委")
('市发展和改革委员会', '市发展和改革委员会')
>>> standard_name("丽水市医保局")
'丽水市医疗保障局'
>>> standard_name("市招商局")
'市招商局'
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

from extract.divisions import Division, full_name, named
from extract.wordlists import table, words

_RELATIVE = "省市县区州盟旗"
# Names that begin with a relative character but are no government part (市场监管局).
_NOT_RELATIVE = ("市场", "区域", "市民", "县域")
_ZONES = tuple(sorted(words("zone_words.txt"), key=len, reverse=True))
_ZONE_ORGANS = words("zone_organs.txt")
# Divisions whose own documents write a longer prefix than their last character.
_LONG_PREFIXES = ("自治区", "地区")
_ORGANS = frozenset(words("government_organs.txt"))
_KINDS = table("bureau_kinds.tsv")
_KIND_ORDER = tuple(sorted(_KINDS, key=len, reverse=True))
# Brackets written around 市、区 and aliases: angle, tortoise-shell and lenticular
# ones all read as round brackets.
_BRACKETS = str.maketrans({"〈": "(", "〉": ")", "〔": "(", "〕": ")", "【": "(", "】": ")",
                           "（": "(", "）": ")", "<": "(", ">": ")", "《": "(", "》": ")"})


@cache
def _lexicon() -> tuple[dict[tuple[str, str], str], dict[str, tuple[str, ...]]]:
    """(variant core, standard kind) → standard core, and standard core → its kinds."""
    cores: dict[tuple[str, str], str] = {}
    kinds_of: dict[str, tuple[str, ...]] = {}
    for standard, rest in table("bureau_names.tsv").items():
        variant_column, _, kind_column = rest.partition("\t")
        kinds = tuple(kind_column.split())
        kinds_of[standard] = kinds
        for variant in (standard, *variant_column.split()):
            for kind in kinds:
                cores[(variant, kind)] = standard
    return cores, kinds_of


def fold_brackets(name: str) -> str:
    """The name with every kind of bracket written as ASCII round brackets.

    >>> fold_brackets("共建县〈市〉党委") == fold_brackets("共建县（市）党委") == "共建县(市)党委"
    True
    """
    return unicodedata.normalize("NFKC", name).translate(_BRACKETS)


def split_government(name: str) -> tuple[str, str]:
    """(government part, bureau proper) of a unit's name.

    >>> split_government("市发改委"), split_government("温州市财政局")
    (('市', '发改委'), ('温州市', '财政局'))
    >>> split_government("杭州市西湖区人社局"), split_government("示范区民政局")
    (('杭州市西湖区', '人社局'), ('示范区', '民政局'))
    >>> split_government("经合办"), split_government("市场监管局"), split_government("新区管委会")
    (('', '经合办'), ('', '市场监管局'), ('', '新区管委会'))
    """
    government = ""
    rest = name
    while True:
        head = _leading_division(rest)
        if head is None:
            break
        government, rest = government + head, rest[len(head):]
    if government:
        return government, rest
    for zone in _ZONES:
        if rest.startswith(zone) and len(rest) > len(zone) + 1 \
                and not rest[len(zone):].startswith(_ZONE_ORGANS):
            return zone, rest[len(zone):]
    if rest[:1] in _RELATIVE and len(rest) > 2 and not rest.startswith(_NOT_RELATIVE):
        return rest[:1], rest[1:]
    return "", rest


def _leading_division(name: str) -> str | None:
    """The division name (ending 省/市/县/区…) that opens ``name``, longest first."""
    for end in range(min(len(name) - 1, 12), 1, -1):
        if name[end - 1] in _RELATIVE and named(name[:end]):
            return name[:end]
    return None


def standard_bureau(bureau: str) -> str:
    """The standard spelling of a bureau proper (no government part).

    >>> standard_bureau("发改局"), standard_bureau("人力资源社会保障厅"), standard_bureau("金融办")
    ('发展和改革局', '人力资源和社会保障厅', '金融工作办公室')
    >>> standard_bureau("金融局"), standard_bureau("发展改革和统计局")  # other institutions
    ('金融局', '发展改革和统计局')
    """
    cores, _ = _lexicon()
    for written in _KIND_ORDER:
        if bureau.endswith(written) and len(bureau) > len(written):
            core, kind = bureau[: -len(written)], _KINDS[written]
            standard = cores.get((core, kind))
            return standard + kind if standard else bureau
    return bureau


def standard_name(name: str, division: Division | None = None) -> str:
    """The standard spelling of a unit's name within its government.

    Parameters
    ----------
    name
        As written (after Unicode normalisation by the caller, or not).
    division
        The division the unit belongs to (:func:`extract.jurisdictions.unit_division`),
        when known: a government part that names it in full (温州市财政局 for 温州市)
        is written as the relative prefix its own documents use (市财政局), so both
        spellings are one name within that jurisdiction.

    Returns
    -------
    str
        The government part kept, the bureau proper replaced by its standard name when
        the lexicon knows it; a zone word (示范区) dropped, since a zone's documents write
        the same bureau with and without it; the name (brackets folded) otherwise.

    Examples
    --------
    >>> standard_name("区市场监管局"), standard_name("市市场监管局")
    ('区市场监督管理局', '市市场监督管理局')
    >>> standard_name("示范区卫健委"), standard_name("卫生健康委员会")
    ('卫生健康委员会', '卫生健康委员会')
    >>> from extract.divisions import by_code
    >>> xihu = by_code("330106000000")
    >>> standard_name("杭州市西湖区发改局", xihu), standard_name("区发展改革局", xihu)
    ('区发展和改革局', '区发展和改革局')
    >>> standard_name("杭州市发改委", xihu)  # another government's: kept whole
    '杭州市发展和改革委员会'
    >>> standard_name("杭州市西湖区人民政府", xihu)  # the government itself: kept whole
    '杭州市西湖区人民政府'
    """
    folded = fold_brackets(name).strip()
    government, bureau = split_government(folded)
    if government in _ZONES:
        government = ""
    elif division is not None and bureau not in _ORGANS and _names(government, division):
        government = _relative_prefix(division)
    return government + standard_bureau(bureau)


def _names(government: str, division: Division) -> bool:
    """Whether a government part names ``division`` itself (温州市, 浙江省温州市, 黔西南州)."""
    if not government:
        return False
    if government.endswith(division.name) and full_name(division).endswith(government):
        return True
    return division in named(government)


def _relative_prefix(division: Division) -> str:
    """The prefix a division's own documents write before its bureaus (市, 区, 省, 州)."""
    for long_form in _LONG_PREFIXES:
        if division.name.endswith(long_form):
            return long_form
    return division.name[-1]


def variants(standard: str) -> tuple[str, ...]:
    """The lexicon's other spellings of a standard bureau proper (no government part).

    >>> variants("发展和改革委员会")
    ('发展和改革委', '发展改革委', '发展改革委员会', '发改委', '发改委员会')
    """
    cores, kinds_of = _lexicon()
    found = set()
    for written, kind in _KINDS.items():
        if not standard.endswith(kind):
            continue
        core = standard[: -len(kind)]
        if kind not in kinds_of.get(core, ()):
            continue
        found |= {variant + written for (variant, k), s in cores.items() if s == core and k == kind}
    found.discard(standard)
    return tuple(sorted(found))


@lru_cache(maxsize=8192)  # the review queue asks it of every unit of every document
def recognised(name: str) -> bool:
    """Whether a unit's name reads as one government's bureau or organ: the lexicon knows
    its bureau proper, or a government part is followed by a bureau kind (市财政局) or a
    government organ (泰顺县人民政府).  Group and descriptive names (加快发展县, 发达地区)
    are not recognised.

    >>> recognised("市发改委"), recognised("市财政局"), recognised("泰顺县人民政府")
    (True, True, True)
    >>> recognised("加快发展县"), recognised("发达地区"), recognised("省级有关部门")
    (False, False, False)
    """
    government, bureau = split_government(fold_brackets(name).strip())
    if government and bureau in _ORGANS:
        return True
    cores, _ = _lexicon()
    for written in _KIND_ORDER:
        if bureau.endswith(written) and len(bureau) > len(written):
            return bool(government) or (bureau[: -len(written)], _KINDS[written]) in cores
    return False
