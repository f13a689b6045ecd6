"""The rules a supervisor configures for when an obligation is done.

:class:`ProgressRule` says whose done reports close an obligation with several owners
(the lead's, or every owner's); :class:`CollectiveRule` how many member counties close a
collective owner's share.  Both are settings (:class:`settings.GraphSettings`), read at
the edges, stamped on the graph when it is built and handed to the pure
:func:`graph.status.judge`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class ProgressRule(StrEnum):
    """Whose done reports make an obligation done."""

    LEAD = "lead"
    ALL = "all"


DEFAULT_RULE = ProgressRule.LEAD


@dataclass(frozen=True)
class CollectiveRule:
    """How many member counties must be done for a collective's share to be done:
    ``share`` of them, rounded up (1.0: every member).

    >>> CollectiveRule.parse("share:0.8").needed(5), CollectiveRule.parse(" ALL ").needed(5)
    (4, 5)
    >>> CollectiveRule.parse("share:0.5").text
    'share:0.5'
    >>> CollectiveRule.parse("share:1.5")
    Traceback (most recent call last):
    ...
    ValueError: the collective rule must be all or share:F with 0 < F <= 1, not 'share:1.5'
    """

    share: float = 1.0

    @classmethod
    def parse(cls, text: str) -> CollectiveRule:
        """The rule ``all`` or ``share:F`` names (``F`` in (0, 1])."""
        value = text.strip().lower()
        if value in ("", "all"):
            return cls()
        kind, _, fraction = value.partition(":")
        try:
            share = float(fraction) if kind == "share" else math.nan
        except ValueError:
            share = math.nan
        if not 0 < share <= 1:  # also refuses nan
            raise ValueError("the collective rule must be all or share:F with "
                             f"0 < F <= 1, not {text!r}")
        return cls(share)

    @property
    def text(self) -> str:
        """The rule as it is written in the setting."""
        return "all" if self.share >= 1 else f"share:{self.share:g}"

    def needed(self, members: int) -> int:
        """How many of ``members`` counties must be done (at least one)."""
        return max(1, math.ceil(self.share * members - 1e-9))

    def done_on(self, days: Sequence[dt.date | None]) -> dt.date | None:
        """The day enough members were done, given each member's done day.

        >>> d = [dt.date(2018, 7, 1), None, dt.date(2018, 7, 9)]
        >>> CollectiveRule(0.6).done_on(d), CollectiveRule().done_on(d)
        (datetime.date(2018, 7, 9), None)
        """
        done = sorted(d for d in days if d is not None)
        need = self.needed(len(days))
        return done[need - 1] if len(done) >= need else None


ALL_MEMBERS = CollectiveRule()
