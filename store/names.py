"""One spelling per name: unit and place names are normalised before they are stored
and before they are looked up.

Copied text carries look-alikes: 省⽂化厅 written with the Kangxi radical ⽂ (U+2F42)
instead of 文, full-width letters and digits, a zero-width space pasted into 市规划\u200b局.
Stored as written they become distinct units that read the same.  Normalisation is
Unicode NFKC (compatibility forms folded to their ordinary twins) with every format
character (category Cf: zero-width spaces and joiners, byte-order marks, direction
marks, soft hyphens) removed and surrounding whitespace dropped.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=16384)  # ingest normalises the same few thousand names again and again
def normalise_name(name: str) -> str:
    """The one spelling of a unit or place name.

    >>> normalise_name("省\\u2f42化厅") == "省文化厅"
    True
    >>> normalise_name(" 市规划\\u200b局\\ufeff ")
    '市规划局'
    >>> normalise_name("结对县（市、区）党委、政府")
    '结对县(市、区)党委、政府'
    """
    folded = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf").strip()
