"""A length-preserving fold of full-width forms, used only for matching.

Government documents mix ``（责任单位：…）`` and ``(责任单位:…)``.  Folding maps every
full-width ASCII form (U+FF01–U+FF5E) to its half-width twin and the ideographic space
to a plain space, one character for one, so an offset found in the folded text is the
same offset in the original text.

>>> fold("（一）１．５亿元，")
'(一)1.5亿元,'
>>> len(fold("责任单位：")) == len("责任单位：")
True
>>> fold("　（一）" * 100) == " (一)" * 100
True
"""

from __future__ import annotations

import re
from functools import lru_cache

_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_TABLE[0x3000] = 0x20
_WIDE = re.compile("[\uff01-\uff5e\u3000]")


def fold(text: str) -> str:
    """Return ``text`` with full-width ASCII forms folded to half-width.

    Parameters
    ----------
    text
        Any text.

    Returns
    -------
    str
        A string of exactly the same length, so offsets carry over.
    """
    if len(text) < 256:
        return text.translate(_TABLE)
    return _fold_long(text)


@lru_cache(maxsize=8)
def _fold_long(text: str) -> str:
    # The extractor's passes fold the same whole text several times over; a handful of
    # recent texts is all that repeats.  A document uses a dozen full-width forms or so:
    # replacing each (a C scan) is several times faster than translate's per-character
    # table look-up.
    for wide in set(_WIDE.findall(text)):
        text = text.replace(wide, chr(_TABLE[ord(wide)]))
    return text
