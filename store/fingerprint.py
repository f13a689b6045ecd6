"""A document's identity apart from its file name: its 文号, else its normalised text.

The same document saved twice (another file name, another encoding, a re-typed line
break) must be recognised as one, or every obligation it states is counted twice.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalised_text(text: str) -> str:
    """The text with full-width forms folded (NFKC) and every kind of whitespace removed.

    Chinese has no word spaces, so whitespace only reflects layout (wrapped lines,
    indentation), never meaning.

    >>> normalised_text("一、总体要求\\r\\n  （一）目标 ")
    '一、总体要求(一)目标'
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


@functools.lru_cache(maxsize=2)  # ingest asks twice per document (finding it, storing it)
def text_fingerprint(text: str) -> str:
    """SHA-256 (hex) of :func:`normalised_text`.

    >>> text_fingerprint("甲 乙") == text_fingerprint("甲\\n乙")
    True
    >>> len(text_fingerprint(""))
    64
    """
    return hashlib.sha256(normalised_text(text).encode("utf-8")).hexdigest()


def normalised_number(number: str | None) -> str | None:
    """A 文号 in one spelling: NFKC, no whitespace; ``None`` for none.

    Brackets stay as written after NFKC: 〔〕 is the standard form and [] a typist's.

    >>> normalised_number(" 温政发〔2018〕 26号")
    '温政发〔2018〕26号'
    >>> normalised_number("温政发[2018]26号")
    '温政发〔2018〕26号'
    >>> normalised_number("  ") is None
    True
    """
    if number is None:
        return None
    spelled = normalised_text(number).replace("[", "〔").replace("]", "〕")
    return spelled or None
