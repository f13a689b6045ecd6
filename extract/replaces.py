"""Which documents a document repeals, and from when (原《…》同时废止).

A closing clause such as "本办法自2019年1月1日起施行，原《某某管理办法》同时废止"
ends the cited document on the commencement day.  The cited one is named by its 《title》
and/or its 文号; the store matches either to a stored document.  The repeal and
commencement words are data (``repeal_words.txt``, ``commencement_words.txt``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from extract.citations import NUMBER
from extract.numerals import to_int
from extract.wordlists import alternation, words

_REPEAL = re.compile(alternation(words("repeal_words.txt")))
_NUMERAL = r"[0-9〇零一二三四五六七八九十两]{1,5}"
_COMMENCES = re.compile(
    rf"自\s*(?:(?P<y>{_NUMERAL})\s*年\s*(?P<m>{_NUMERAL})\s*月\s*(?P<d>{_NUMERAL})\s*日"
    rf"|(?P<issue>印发|发布|公布)之日)\s*起\s*(?:{alternation(words('commencement_words.txt'))})")
_TITLE = re.compile(r"《([^《》\n]{1,120})》")
_SENTENCE = re.compile(r"[^。\n]+")


@dataclass(frozen=True)
class Repeal:
    """One document this text repeals: how it is cited and the day it ends."""

    number: str | None
    title: str | None
    effective_on: dt.date | None


def commencement(text: str, issued_on: dt.date | None) -> dt.date | None:
    """The day the text says it takes effect (自…起施行), else ``issued_on``.

    >>> commencement("本意见自2019年3月1日起施行。", None)
    datetime.date(2019, 3, 1)
    >>> commencement("本办法自印发之日起施行。", dt.date(2018, 12, 7))
    datetime.date(2018, 12, 7)
    >>> commencement("无施行日期。", dt.date(2018, 12, 7))
    datetime.date(2018, 12, 7)
    """
    for match in _COMMENCES.finditer(text):
        if match.group("issue"):
            return issued_on
        year, month, day = (to_int(match.group(g)) for g in ("y", "m", "d"))
        if year and month and day:
            try:
                return dt.date(year, month, day)
            except ValueError:
                continue
    return issued_on


def repeals(text: str, issued_on: dt.date | None) -> tuple[Repeal, ...]:
    """The documents ``text`` repeals, each cited by title and/or number.

    Only sentences with a repeal word count; every 《title》 or 文号 before that word in
    the sentence is a repealed document, ending on the text's commencement day.

    >>> found = repeals("本意见自2019年1月1日起施行，原《某市甲乙办法》（某政发〔2015〕3号）"
    ...                 "同时废止。", None)
    >>> [(r.title, r.number, r.effective_on) for r in found]
    [('某市甲乙办法', '某政发〔2015〕3号', datetime.date(2019, 1, 1))]
    >>> repeals("按照《某某条例》要求推进。", None)
    ()
    """
    starts = commencement(text, issued_on)
    found: list[Repeal] = []
    for sentence in _SENTENCE.finditer(text):
        words_at = _REPEAL.search(sentence.group())
        if words_at is None:
            continue
        head = sentence.group()[: words_at.start()]
        titles = [m.group(1) for m in _TITLE.finditer(head)]
        numbers = [m.group() for m in NUMBER.finditer(head)]
        if not titles and not numbers:
            continue
        # "《A》（甲〔2015〕3号）、《B》（乙〔2016〕1号）": titles and numbers pair up in order.
        for i in range(max(len(titles), len(numbers))):
            found.append(Repeal(number=numbers[i] if i < len(numbers) else None,
                                title=titles[i] if i < len(titles) else None,
                                effective_on=starts))
    return tuple(found)
