"""Options of the extractor that change how ambiguous text is read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

BeforeReading = Literal["end", "start"]


@dataclass(frozen=True)
class ExtractConfig:
    """How the extractor reads ambiguous phrases.

    Attributes
    ----------
    before_reading
        ``"end"`` (default): ``2019年前`` means *by the end of* 2019 (2019-12-31) and
        ``四季度前`` by the end of Q4.  ``"start"``: *before* 2019 (2018-12-31) and before
        Q4 (09-30).  Both readings are always kept in ``Deadline.readings``.
    known_places
        Full place names (``鹿城区``, ``泰顺县``) used to resolve abbreviations such as
        ``鹿城—泰顺``; none by default, so only full names are found.
    """

    before_reading: BeforeReading = "end"
    known_places: tuple[str, ...] = ()
