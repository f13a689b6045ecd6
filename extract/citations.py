"""The documents a text cites: 《title》 and 〔YYYY〕N号 numbers, paired when adjacent, each
``implements`` (贯彻落实, 根据 before it) or ``cites``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from extract.fold import fold
from extract.model import Citation, CitationKind, Provenance
from extract.wordlists import alternation, words

# 温政发〔2018〕26号, 浙委发[2018]3号, 国办发(2018)12号
NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[(【]\s*(\d{4})\s*[〕\])】]\s*第?\s*\d{1,4}\s*号")
# NUMBER without its issuer's characters: what it is searched for by (see numbers()).
_NUMBER_TAIL = re.compile(r"[〔\[(【]\s*(\d{4})\s*[〕\])】]\s*第?\s*\d{1,4}\s*号")
_TITLE_QUOTE = re.compile(r"《[^《》\n]{1,120}》")


def numbers(folded: str) -> Iterator[re.Match[str]]:
    """``NUMBER.finditer(folded)``, found from the brackets back.

    Searched from every Chinese character, NUMBER takes up to twelve of them and gives
    back one by one before it finds no bracket; the brackets are few.  A match starts at
    the earliest of the (at most twelve) Chinese characters before a bracket that
    follow the last match.

    >>> t = "依据温政发〔2018〕26号和〔2019〕3号、(2020)1号、零一二三四五六七八九十甲乙〔2021〕2号"
    >>> [m.group() for m in numbers(t)]
    ['依据温政发〔2018〕26号', '和〔2019〕3号', '一二三四五六七八九十甲乙〔2021〕2号']
    >>> [m.span() for m in numbers(t)] == [m.span() for m in NUMBER.finditer(t)]
    True
    """
    cursor = 0
    for tail in _NUMBER_TAIL.finditer(folded):
        start = tail.start()
        low = max(start - 12, cursor)
        while start > low and "\u4e00" <= folded[start - 1] <= "\u9fff":
            start -= 1
        found = NUMBER.match(folded, start) if start < tail.start() else None
        if found is not None:
            yield found
            cursor = found.end()


def read_citations(
    text: str, key: str, *, end: int | None = None, own_number: str | None = None,
    masked: str | None = None,
) -> tuple[Citation, ...]:
    """Every cited 《title》 and 〔YYYY〕N号 number, paired when adjacent.

    ``《关于…的实施办法》(青政发〔2030〕7号)`` is one citation with both parts.

    Parameters
    ----------
    text
        Document text (quotes are cut from it).
    key
        Document key for provenance.
    end
        Read only before this offset.
    own_number
        The document's own number, which is not a citation.
    masked
        ``text`` with furniture blanked, matched instead of ``text`` when given.
    """
    limit = len(text) if end is None else end
    folded = fold((text if masked is None else masked)[:limit])
    cites: list[Citation] = []
    used_numbers: set[int] = set()
    for title in _TITLE_QUOTE.finditer(folded):
        number = NUMBER.match(folded, _skip_open(folded, title.end()))
        stop = title.end()
        number_text = None
        if number:
            number_text = text[number.start() : number.end()]
            used_numbers.add(number.start())
            stop = number.end()
            if stop < len(folded) and folded[stop] in ")]】":
                stop += 1
        quote = text[title.start() : stop]
        cites.append(Citation(number_text, text[title.start() + 1 : title.end() - 1],
                              Provenance(key, "", title.start(), stop, quote)))
    for number in numbers(folded):
        if number.start() in used_numbers:
            continue
        value = text[number.start() : number.end()]
        if own_number is not None and fold(value) == fold(own_number):
            continue
        cites.append(Citation(value, None, Provenance(key, "", number.start(), number.end(), value)))
    cites.sort(key=lambda c: c.source.start)
    kinds: list[Citation] = []
    for cite in cites:
        previous = kinds[-1] if kinds else None
        kind = citation_kind(folded, cite.source.start,
                             after=previous.source.end if previous else 0,
                             previous=previous.kind if previous else None)
        kinds.append(dataclasses.replace(cite, kind=kind))
    return tuple(kinds)


_IMPLEMENTS = re.compile(alternation(words("implements_words.txt")))
_LINKS = re.compile(alternation(words("citation_links.txt")) + r"|[\s、,]")
_SENTENCE_END = re.compile(r"[。;!?\n]")


def citation_kind(folded: str, start: int, *, after: int = 0,
                  previous: CitationKind | None = None) -> CitationKind:
    """``implements`` when an implementing word (贯彻落实, 根据) stands between the
    previous cite (or the sentence start) and this one, else ``cites``.

    Parameters
    ----------
    folded
        The folded text.
    start
        Where the cite begins.
    after
        Where the previous cite ends: words before it belong to that cite.
    previous
        The previous cite's kind, which a cite joined to it only by 和 / 及 / 精神
        (贯彻落实《甲》和《乙》) shares.

    Examples
    --------
    >>> citation_kind("为深入贯彻落实省委《关于…》要求", 9)
    'implements'
    >>> citation_kind("根据规定。参照《办法》执行", 7)
    'cites'
    >>> text = "为贯彻落实《甲》,结合本县《乙》"
    >>> citation_kind(text, 5), citation_kind(text, 13, after=8, previous="implements")
    ('implements', 'cites')
    >>> citation_kind("贯彻落实《甲》精神和《乙》", 10, after=7, previous="implements")
    'implements'
    """
    head = folded[max(0, after, start - 120):start]
    ends = list(_SENTENCE_END.finditer(head))
    between = head[ends[-1].end():] if ends else head
    if _IMPLEMENTS.search(between):
        return "implements"
    if previous is not None and after > 0 and not ends and not _LINKS.sub("", between):
        return previous
    return "cites"


def _skip_open(folded: str, position: int) -> int:
    if position < len(folded) and folded[position] in "([【":
        return position + 1
    return position
