"""One bureau, many names: the standard name of a bureau from any of its spellings.

A name is split into its government part (a relative prefix 省/市/县/区, or a
division's name: 温州市) and the bureau proper; the bureau proper is looked up in
``data/bureau_names.tsv``, the lexicon of variants and standard names.  Brackets fold
first (:func:`fold_brackets`), so 结对县〈市、区〉 and 结对县（市、区） are one spelling.

>>> standard_name("市发改委"), standard_name("市发展改革委")
('市发展和改革委员会', '市发展和改革委员会')
>>> standard_name("温州市人社局")
'温州市人力资源和社会保障局'
>>> standard_name("市招商局")
'市招商局'
"""

from __future__ import annotations

import unicodedata

from extract.divisions import named
from extract.wordlists import table

_LEXICON = table("bureau_names.tsv")
_VARIANTS = sorted(_LEXICON, key=len, reverse=True)
_RELATIVE = "省市县区州盟旗"
# Brackets written around 市、区 and aliases: angle, tortoise-shell and lenticular
# ones all read as round brackets.
_BRACKETS = str.maketrans({"〈": "(", "〉": ")", "〔": "(", "〕": ")", "【": "(", "】": ")",
                           "（": "(", "）": ")", "<": "(", ">": ")", "《": "(", "》": ")"})


def fold_brackets(name: str) -> str:
    """The name with every kind of bracket written as ASCII round brackets.

    >>> fold_brackets("结对县〈市、区〉党委、政府") == fold_brackets("结对县（市、区）党委、政府")
    True
    """
    return unicodedata.normalize("NFKC", name).translate(_BRACKETS)


def split_government(name: str) -> tuple[str, str]:
    """(government part, bureau proper) of a unit's name.

    >>> split_government("市发改委"), split_government("温州市财政局")
    (('市', '发改委'), ('温州市', '财政局'))
    >>> split_government("经合办")
    ('', '经合办')
    """
    for end in range(min(len(name) - 1, 12), 1, -1):
        if named(name[:end]) and name[:end][-1] in _RELATIVE:
            return name[:end], name[end:]
    if name[:1] in _RELATIVE and not name.startswith(("市场", "区域")):
        return name[:1], name[1:]
    return "", name


def standard_name(name: str) -> str:
    """The standard spelling of a unit's name within its government.

    Parameters
    ----------
    name
        As written (after Unicode normalisation by the caller, or not).

    Returns
    -------
    str
        The government part kept, the bureau proper replaced by its standard name
        when the lexicon knows it as a variant; the name (brackets folded) otherwise.

    Examples
    --------
    >>> standard_name("区市场监管局"), standard_name("市市场监管局")
    ('区市场监督管理局', '市市场监督管理局')
    """
    folded = fold_brackets(name).strip()
    government, bureau = split_government(folded)
    standard = _LEXICON.get(bureau)
    return government + standard if standard else folded


def variants(standard: str) -> tuple[str, ...]:
    """The lexicon's variants of a standard bureau proper (no government part).

    >>> variants("发展和改革委员会")
    ('发改委', '发展改革委', '发展改革委员会')
    """
    return tuple(v for v, s in _LEXICON.items() if s == standard)
